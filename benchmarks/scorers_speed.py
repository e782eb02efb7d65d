"""Learned scorers: documents per second per core, and datatrove's fastText filter beside ours.

    .venv/bin/python benchmarks/scorers_speed.py [--repeat 3] [--coherence-eval en=FILE ...]

Documents: the bundled sample crawl (Wikipedia en/zh from wiki-en-zh.parquet, ChineseWebText
and the dolma crawl's Latin-script documents), so the run needs no shared data. Each scorer
loads once, then scores the documents in batches of 64 in this process, on one core (torch is
held to one thread); figures are docs per CPU-second (process time), robust to other load on
the machine. datatrove's FastTextClassifierFilter runs the same quality model in its own venv.
`--coherence-eval LANG=FILE` (JSONL of held-out real documents, e.g. from
scorers/models/build_defaults.py) also measures real-vs-spliced ROC-AUC for each encoder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scorer_samples import crawl_en, crawl_zh, wiki  # noqa: E402
from yisieve.scorers.coherence import CoherenceScorer, CoherenceSettings  # noqa: E402
from yisieve.scorers.coherence_fit import coherence_auc  # noqa: E402
from yisieve.scorers.embeddings import load_encoder  # noqa: E402
from yisieve.scorers.model_files import resolve_model_path  # noqa: E402
from yisieve.scorers.perplexity import PerplexityModel  # noqa: E402
from yisieve.scorers.quality import QualityClassifier  # noqa: E402
from yisieve.scorers.safety import FlaggedWords, SafetyClassifier  # noqa: E402

PEERS_PYTHON = ROOT / ".venv-peers" / "bin" / "python"
BATCH = 64


def documents(repeat: int) -> dict[str, list[str]]:
    return {
        "en": (wiki("en") + crawl_en()) * repeat,
        "zh": (wiki("zh") + crawl_zh()) * repeat,
    }


def per_core_rate(score_batch, texts: list[str]) -> dict[str, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(texts), BATCH):
        score_batch(texts[start : start + BATCH])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    chars = sum(len(t) for t in texts)
    return {
        "documents": len(texts),
        "docs_per_cpu_s": len(texts) / cpu,
        "kchars_per_cpu_s": chars / cpu / 1000,
        "docs_per_wall_s": len(texts) / wall,
    }


def scorers() -> dict[str, dict[str, object]]:
    """name -> {lang: batch scoring function}, each model loaded once."""
    table: dict[str, dict[str, object]] = {"ppl": {}, "quality": {}, "safety": {}}
    for lang in ("en", "zh"):
        ppl = PerplexityModel(f"models/ppl/{lang}/sp.model", f"models/ppl/{lang}/kenlm.bin")
        table["ppl"][lang] = ppl.score_batch
        table["quality"][lang] = QualityClassifier(f"models/quality/{lang}/quality.ftz").score_batch
        toxic = SafetyClassifier("toxic", f"models/safety/toxic-{lang}/model.ftz")
        flagged = FlaggedWords(f"models/safety/flagged_words/{lang}.txt")
        table["safety"][lang] = lambda texts, t=toxic, f=flagged: (
            t.score_batch(texts),
            [f.ratio(x) for x in texts],
        )
    lexical = CoherenceScorer(load_encoder("hashed-tfidf", "models/coherence/idf.bin"))
    table["coherence (hashed-tfidf)"] = {"en": lexical.score_batch, "zh": lexical.score_batch}
    return table


def minilm_scorer():
    import torch

    torch.set_num_threads(1)
    return CoherenceScorer(load_encoder("minilm"))


def datatrove_quality(texts: list[str]) -> dict[str, float] | None:
    if not PEERS_PYTHON.is_file():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}) + "\n")
    model = resolve_model_path("models/quality/en/quality.ftz")
    script = ROOT / "benchmarks" / "peers" / "datatrove_fasttext.py"
    result = subprocess.run(
        [str(PEERS_PYTHON), str(script), str(model), handle.name],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(handle.name).unlink()
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "documents": figures["documents"],
        "docs_per_cpu_s": figures["documents"] / figures["cpu_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--coherence-eval", action="append", default=[], metavar="LANG=FILE")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    docs = documents(args.repeat)
    results: dict[str, dict] = {}
    for name, by_lang in scorers().items():
        for lang, score_batch in by_lang.items():
            results[f"{name} [{lang}]"] = per_core_rate(score_batch, docs[lang])
    minilm = minilm_scorer()
    results["coherence (minilm) [en]"] = per_core_rate(minilm.score_batch, docs["en"])
    peer = datatrove_quality(docs["en"])
    if peer:
        results["datatrove FastTextClassifierFilter, same model [en]"] = peer
    print(f"{'scorer':55s} {'docs':>6s} {'docs/CPU-s':>11s}")
    for name, row in results.items():
        print(f"{name:55s} {row['documents']:6d} {row['docs_per_cpu_s']:11.1f}")
    if peer:
        ours = results["quality [en]"]["docs_per_cpu_s"]
        print(f"quality [en] yisieve / datatrove: {ours / peer['docs_per_cpu_s']:.2f}x")
    aucs = {}
    for item in args.coherence_eval:
        lang, _, path = item.partition("=")
        texts = [json.loads(line)["text"] for line in Path(path).read_text("utf-8").splitlines()]
        encoders = {
            "hashed-tfidf": load_encoder("hashed-tfidf", "models/coherence/idf.bin"),
            "minilm": minilm.encoder,  # English model: measured on zh too, to show why not
        }
        for name, encoder in encoders.items():
            aucs[f"{lang} {name}"] = coherence_auc(encoder, texts, CoherenceSettings())
            print(f"coherence ROC-AUC real vs spliced, {lang}, {name}: {aucs[f'{lang} {name}']}")
    if args.json:
        args.json.write_text(json.dumps({"speed": results, "coherence_auc": aucs}, indent=2))


if __name__ == "__main__":
    main()
