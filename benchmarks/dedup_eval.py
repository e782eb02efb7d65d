"""Near-duplicate detection quality and speed: yisieve vs datasketch vs datatrove, one run.

Builds the near-duplicate set of `dedup_corpora.near_duplicate_set` from real documents, then
clusters it with
- yisieve: the `dedup.minhash` Beam stage (direct runner, one process), default config
  (14 x 8) and with signature verification (verify_threshold 0.7);
- datasketch: `MinHash` + in-memory `MinHashLSH(params=(14, 8))`, the same shingles, candidate
  pairs joined with a union-find;
- datatrove 0.10.1: its four MinHash steps (5-grams, 14 x 8), in the peers venv (subprocess).
Reports recall per variant (the variant ends in its original's cluster), pairwise precision
(pairs in one cluster that share an original) and the share of distinct originals wrongly
merged with another one; docs/s per core; and signature speed, datasketch vs ours.

    .venv/bin/python benchmarks/dedup_eval.py [--data ../shared/data] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import apache_beam as beam  # noqa: E402
import numpy as np  # noqa: E402
from datasketch import MinHash, MinHashLSH  # noqa: E402

from benchmarks.dedup_corpora import DEFAULT_DATA, near_duplicate_set  # noqa: E402
from yisieve.filters.dedup.minhash_signature import MinHashSignature  # noqa: E402
from yisieve.filters.dedup.shingles import shingle_tokens, shingles  # noqa: E402
from yisieve.jobs.runners import RunnerChoice, beam_pipeline  # noqa: E402
from yisieve.pipeline.document import Document  # noqa: E402
from yisieve.pipeline.minhash_dedup import MinHashConfig, MinHashDedup  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PEERS_PYTHON = ROOT / ".venv-peers" / "bin" / "python"


def yisieve_clusters(records: list[dict], config: MinHashConfig, work: Path) -> tuple[dict, float]:
    docs = [Document(id=r["id"], text=r["text"], lang=r["lang"]) for r in records]
    out = work / "yisieve"
    start = time.perf_counter()
    with beam_pipeline(RunnerChoice("direct")) as pipeline:
        result = pipeline | beam.Create(docs) | MinHashDedup(config)
        rejected = result["rejected"] | "Unwrap" >> beam.Map(lambda r: r.document)
        (
            (result["documents"], rejected)
            | beam.Flatten()
            | beam.Map(lambda d: json.dumps([d.id, d.annotations.get("dedup.minhash_cluster")]))
            | beam.io.WriteToText(str(out))
        )
    seconds = time.perf_counter() - start
    clusters = {}
    for path in work.glob("yisieve-*"):
        for line in path.read_text().splitlines():
            doc_id, cluster = json.loads(line)
            clusters[doc_id] = cluster
        path.unlink()
    return clusters, seconds


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def datasketch_clusters(records: list[dict]) -> tuple[dict, float]:
    start = time.perf_counter()
    lsh = MinHashLSH(num_perm=112, params=(14, 8))
    sketches = {}
    for r in records:
        found = shingles(r["text"], r["lang"])
        if not found:
            continue
        sketch = MinHash(num_perm=112, seed=1)
        sketch.update_batch([s.encode("utf-8") for s in found])
        lsh.insert(r["id"], sketch)
        sketches[r["id"]] = sketch
    union = UnionFind()
    for doc_id, sketch in sketches.items():
        for other in lsh.query(sketch):
            union.union(doc_id, other)
    seconds = time.perf_counter() - start
    sizes = defaultdict(int)
    for doc_id in sketches:
        sizes[union.find(doc_id)] += 1
    clusters = {}
    for r in records:
        root = union.find(r["id"]) if r["id"] in sketches else None
        clusters[r["id"]] = root if root is not None and sizes[root] > 1 else None
    return clusters, seconds


def datatrove_clusters(records: list[dict], work: Path) -> tuple[dict, float] | None:
    if not PEERS_PYTHON.exists():
        return None
    inputs = work / "datatrove-in"
    inputs.mkdir()
    for lang in ("en", "zh"):
        with open(inputs / f"{lang}.jsonl", "w", encoding="utf-8") as out:
            for r in records:
                if r["lang"] == lang:
                    out.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False))
                    out.write("\n")
    result = work / "datatrove.json"
    script = ROOT / "benchmarks" / "peers" / "datatrove_minhash.py"
    subprocess.run(
        [str(PEERS_PYTHON), str(script), str(inputs), str(work / "datatrove"), str(result)],
        check=True,
        capture_output=True,
    )
    data = json.loads(result.read_text())
    return data["clusters"], data["seconds"]


def scores(records: list[dict], clusters: dict) -> dict:
    """Recall per (lang, variant), pairwise precision, distinct originals wrongly merged."""
    by_id = {r["id"]: r for r in records}
    recall: dict[str, list[bool]] = defaultdict(list)
    for r in records:
        if r["variant"] != "original":
            mine, theirs = clusters.get(r["id"]), clusters.get(r["family"])
            recall[f"{r['lang']}/{r['variant']}"].append(mine is not None and mine == theirs)
    members = defaultdict(list)
    for doc_id, cluster in clusters.items():
        if cluster is not None:
            members[cluster].append(by_id[doc_id]["family"])
    pairs = same = 0
    merged_originals = 0
    for families in members.values():
        counts = defaultdict(int)
        for family in families:
            counts[family] += 1
        n = len(families)
        pairs += n * (n - 1) // 2
        same += sum(c * (c - 1) // 2 for c in counts.values())
        if len(counts) > 1:
            merged_originals += len(counts)
    originals = sum(1 for r in records if r["variant"] == "original")
    return {
        "recall": {key: round(float(np.mean(v)), 3) for key, v in sorted(recall.items())},
        "pairwise_precision": round(same / pairs, 4) if pairs else 1.0,
        "distinct_wrongly_merged": f"{merged_originals}/{originals}",
    }


def signature_speed(records: list[dict]) -> dict:
    """Docs/s computing 112-value signatures of the same shingle sets, one core."""
    sets = [[s.encode("utf-8") for s in shingles(r["text"], r["lang"])] for r in records]
    sets = [s for s in sets if s]
    start = time.perf_counter()
    for found in sets:
        MinHash(num_perm=112, seed=1).update_batch(found)
    reference = time.perf_counter() - start
    ours = MinHashSignature(112, 1)
    start = time.perf_counter()
    for found in sets:
        ours.of_shingles(s.decode("utf-8") for s in found)
    identical = time.perf_counter() - start
    # End to end from the text (normalization and shingling included), as the stage runs.
    start = time.perf_counter()
    for r in records:
        found = shingles(r["text"], r["lang"])
        if found:
            MinHash(num_perm=112, seed=1).update_batch([s.encode("utf-8") for s in found])
    reference_text = time.perf_counter() - start
    start = time.perf_counter()
    for r in records:
        tokens, spaceless = shingle_tokens(r["text"], r["lang"])
        if tokens:
            ours.of_tokens(tokens, 5)
    fast_text = time.perf_counter() - start
    return {
        "from_shingle_sets": {
            "datasketch_docs_per_s": round(len(sets) / reference, 1),
            "yisieve_bit_identical_docs_per_s": round(len(sets) / identical, 1),
        },
        "from_text": {
            "datasketch_docs_per_s": round(len(records) / reference_text, 1),
            "yisieve_of_tokens_docs_per_s": round(len(records) / fast_text, 1),
            "speedup": round(reference_text / fast_text, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    records = near_duplicate_set(args.data)
    report: dict = {"documents": len(records), "systems": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runs = {
            "yisieve": lambda: yisieve_clusters(records, MinHashConfig(), work),
            "yisieve+verify0.7": lambda: yisieve_clusters(
                records, MinHashConfig(verify_threshold=0.7), work
            ),
            "datasketch": lambda: datasketch_clusters(records),
            "datatrove": lambda: datatrove_clusters(records, work),
        }
        for name, run in runs.items():
            outcome = run()
            if outcome is None:
                continue
            clusters, seconds = outcome
            report["systems"][name] = {
                **scores(records, clusters),
                "seconds": round(seconds, 2),
                "docs_per_s_per_core": round(len(records) / seconds, 1),
            }
    report["signatures"] = signature_speed(records)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
