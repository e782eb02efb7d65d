"""Training a language's CCNet perplexity model: SentencePiece, then a pruned KenLM 5-gram."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from yisieve.scorers.ccnet_normalization import ccnet_normalize
from yisieve.scorers.held_out import pairwise_lower_fraction, split_held_out
from yisieve.scorers.kenlm_tools import find_tool, run_build_binary, run_lmplz
from yisieve.scorers.perplexity import PerplexityModel

SENTENCEPIECE_FILE = "sp.model"
KENLM_FILE = "kenlm.bin"


@dataclass(frozen=True)
class PerplexitySettings:
    # CCNet uses 65k pieces on full Wikipedia; a few MB of reference text supports far fewer.
    vocab_size: int = 8000
    order: int = 5  # CCNet: 5-gram
    prune: tuple[int, ...] = (0, 0, 1)  # drop singleton 3..5-grams: most of the size, little gain
    discount_fallback: bool = False
    character_coverage: float = 0.9995  # SentencePiece's recommendation for CJK


def training_lines(documents: Sequence[str]) -> list[str]:
    return [line for doc in documents for raw in doc.split("\n") if (line := ccnet_normalize(raw))]


def train_sentencepiece(lines: Sequence[str], out_file: Path, settings: PerplexitySettings) -> None:
    import sentencepiece

    prefix = str(out_file.with_suffix(""))
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=prefix,
        vocab_size=settings.vocab_size,
        character_coverage=settings.character_coverage,
        model_type="unigram",
        hard_vocab_limit=False,  # tiny corpora: use the largest vocabulary they support
        input_sentence_size=2_000_000,
        shuffle_input_sentence=True,
        num_threads=1,
        minloglevel=2,
    )
    Path(prefix + ".vocab").unlink(missing_ok=True)
    produced = Path(prefix + ".model")
    if produced != out_file:
        produced.replace(out_file)


def fit_perplexity(
    reference: Sequence[str],
    out_dir: Path,
    settings: PerplexitySettings,
    crawl: Sequence[str] = (),
    held_out_fraction: float = 0.1,
) -> dict[str, float]:
    """Train on the reference minus a held-out share; return the held-out comparison."""
    find_tool("lmplz"), find_tool("build_binary")  # fail before minutes of SentencePiece
    train_docs, held_docs = split_held_out(reference, held_out_fraction)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = training_lines(train_docs)
    if not lines:
        raise ValueError("the reference corpus has no text to train on")
    sp_file = out_dir / SENTENCEPIECE_FILE
    train_sentencepiece(lines, sp_file, settings)
    import sentencepiece

    pieces_of = sentencepiece.SentencePieceProcessor(model_file=str(sp_file))
    with tempfile.TemporaryDirectory(dir=out_dir) as work:
        pieces_file = Path(work) / "pieces.txt"
        with open(pieces_file, "w", encoding="utf-8") as sink:
            for line in lines:
                sink.write(" ".join(pieces_of.encode(line, out_type=str)) + "\n")
        arpa = Path(work) / "lm.arpa"
        run_lmplz(pieces_file, arpa, settings.order, settings.prune, settings.discount_fallback)
        run_build_binary(arpa, out_dir / KENLM_FILE)
    scorer = PerplexityModel(sp_file, out_dir / KENLM_FILE)
    metrics: dict[str, float] = {
        "train_documents": len(train_docs),
        "held_out_reference_documents": len(held_docs),
    }
    ref_ppl = [p.perplexity for p in scorer.score_batch(held_docs) if p.tokens]
    if ref_ppl:
        metrics["held_out_reference_median_ppl"] = _median(ref_ppl)
    if crawl:
        crawl_ppl = [p.perplexity for p in scorer.score_batch(crawl) if p.tokens]
        metrics["crawl_documents"] = len(crawl_ppl)
        if crawl_ppl:
            metrics["crawl_median_ppl"] = _median(crawl_ppl)
            # CCNet's head/middle/tail cutoffs are the 30th and 60th percentiles of the crawl.
            metrics["crawl_ppl_p30"] = float(np.percentile(crawl_ppl, 30))
            metrics["crawl_ppl_p60"] = float(np.percentile(crawl_ppl, 60))
        if ref_ppl and crawl_ppl:
            metrics["pairs_reference_lower"] = pairwise_lower_fraction(ref_ppl, crawl_ppl)
    return metrics


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2])
