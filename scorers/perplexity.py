"""CCNet perplexity: SentencePiece pieces scored by a KenLM 5-gram, per language.

Document perplexity is computed as CCNet's DocLM does (cc_net/perplexity.py): every non-empty
line is normalized, split into pieces and scored by KenLM (log10, with sentence boundaries);
the log-probabilities and token counts (pieces + 1 for `</s>`) are summed over the document,
and perplexity = 10 ** (-sum / count). Lower is more like the reference corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from yisieve.scorers.ccnet_normalization import ccnet_normalize
from yisieve.scorers.model_files import load_checked, require_file


@dataclass(frozen=True)
class DocumentPerplexity:
    perplexity: float
    log10_prob: float
    tokens: int


class PerplexityModel:
    """One language's SentencePiece + KenLM pair; loads once, scores many documents."""

    def __init__(self, sentencepiece_path: str | Path, kenlm_path: str | Path) -> None:
        import kenlm
        import sentencepiece

        self.sp = load_checked(
            sentencepiece_path,
            "SentencePiece",
            lambda path: sentencepiece.SentencePieceProcessor(model_file=path),
        )
        require_file(kenlm_path, "KenLM")
        self.lm = load_checked(kenlm_path, "KenLM", kenlm.Model)

    def pieces(self, line: str) -> str:
        return " ".join(self.sp.encode(line, out_type=str))

    def score(self, text: str) -> DocumentPerplexity:
        log_score, length = 0.0, 0
        for raw in text.split("\n"):
            line = ccnet_normalize(raw)
            if not line:
                continue
            pieces = self.pieces(line)
            log_score += self.lm.score(pieces)
            length += len(pieces.split()) + 1
        if length == 0:
            return DocumentPerplexity(float("nan"), 0.0, 0)
        return DocumentPerplexity(round(10.0 ** (-log_score / length), 1), log_score, length)

    def score_batch(self, texts: Sequence[str]) -> list[DocumentPerplexity]:
        return [self.score(text) for text in texts]
