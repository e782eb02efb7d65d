"""LID + heuristic chain: yisieve vs datatrove on the same real documents, in one run.

    .venv/bin/python benchmarks/heuristics_speed.py [--data ../shared/data] [--repeat 1]

Documents: the raw Common Crawl text of cc_text/ (dolma CC-MAIN-2019-30, ChineseWebText
CC-MAIN-2021-43) and the reference documents (Wikipedia, news; en and zh). yisieve runs its
`lid` stage then its `heuristic` stage (LID-kept documents only, as in the pipeline) in this
process; datatrove runs LanguageFilter, GopherRepetition, GopherQuality, C4Quality and
FineWebQuality in its own venv (benchmarks/datatrove_chain.py). Both run on one core; the
figures are docs/s of CPU time (process time) and of wall time, and their ratio.
Decisions: agreement on kept/rejected, and how many good (reference) documents each rejects.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.heuristics_corpora import (  # noqa: E402
    DEFAULT_DATA,
    crawl_documents,
    reference_documents,
)
from yisieve.filters.heuristics.config import HeuristicConfig  # noqa: E402
from yisieve.filters.heuristics.heuristic_stage import heuristic_stage  # noqa: E402
from yisieve.filters.lid import LidConfig, bundled_model_path, lid_stage  # noqa: E402
from yisieve.pipeline.document import Document  # noqa: E402

PEERS_PYTHON = ROOT / ".venv-peers" / "bin" / "python"
BATCH = 64


def benchmark_documents(data: Path, repeat: int) -> list[dict]:
    docs = []
    for corpus, url, text in crawl_documents(data):
        if text.strip():
            docs.append({"group": "crawl", "corpus": corpus, "url": url, "text": text})
    for lang, items in reference_documents(data).items():
        for corpus, text in items:
            docs.append({"group": "reference", "corpus": corpus, "ref_lang": lang, "text": text})
    docs = docs * repeat
    for index, doc in enumerate(docs):
        doc["id"] = f"d{index}"
    return docs


def run_yisieve(docs: list[dict]) -> tuple[dict[str, dict], float, float]:
    lid, heuristic = lid_stage(LidConfig()), heuristic_stage(HeuristicConfig())
    lid.setup()
    heuristic.setup()
    records = [Document(id=d["id"], text=d["text"], url=d.get("url")) for d in docs]
    lid.judge_batch(records[:5])  # warm up as the datatrove side does
    decisions: dict[str, dict] = {}
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        survivors = []
        for doc, verdict in zip(batch, lid.judge_batch(batch), strict=True):
            decisions[doc.id] = {"reason": verdict.reason, "lang": verdict.lang}
            if verdict.kept:
                survivors.append(doc.evolve(lang=verdict.lang, lang_score=verdict.lang_score))
        for doc in survivors:
            decisions[doc.id]["reason"] = heuristic.judge(doc).reason
    return decisions, time.process_time() - cpu, time.perf_counter() - wall


def run_datatrove(docs: list[dict]) -> tuple[dict[str, dict], float, float]:
    with tempfile.TemporaryDirectory() as folder:
        docs_path, out_path = Path(folder) / "docs.jsonl", Path(folder) / "out.jsonl"
        with open(docs_path, "w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps({"id": doc["id"], "text": doc["text"]}) + "\n")
        script = ROOT / "benchmarks" / "datatrove_chain.py"
        command = [
            str(PEERS_PYTHON),
            str(script),
            str(docs_path),
            str(out_path),
            str(bundled_model_path()),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        timing = json.loads(result.stdout.strip().splitlines()[-1])
        decisions = {}
        for line in out_path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            decisions[record["id"]] = record
    return decisions, timing["cpu_seconds"], timing["wall_seconds"]


def compare(docs: list[dict], ours: dict, theirs: dict) -> dict:
    table: dict[str, Counter] = {}
    for doc in docs:
        key = doc["group"] + " " + (doc.get("ref_lang") or ours[doc["id"]]["lang"] or "und")
        ours_kept = ours[doc["id"]]["reason"] is None
        theirs_kept = theirs[doc["id"]]["reason"] is None
        cell = {
            (True, True): "both_keep",
            (False, False): "both_reject",
            (False, True): "only_yisieve_rejects",
            (True, False): "only_datatrove_rejects",
        }[(ours_kept, theirs_kept)]
        table.setdefault(key, Counter())[cell] += 1
    return {key: dict(counts) for key, counts in sorted(table.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not PEERS_PYTHON.exists():
        print(f"datatrove venv not found: {PEERS_PYTHON}", file=sys.stderr)
        return 2
    docs = benchmark_documents(args.data, args.repeat)
    theirs, their_cpu, their_wall = run_datatrove(docs)
    ours, our_cpu, our_wall = run_yisieve(docs)
    n = len(docs)
    chars = sum(len(d["text"]) for d in docs)
    report = {
        "documents": n,
        "characters": chars,
        "yisieve": {
            "cpu_s": round(our_cpu, 3),
            "wall_s": round(our_wall, 3),
            "docs_per_cpu_s": round(n / our_cpu, 1),
            "docs_per_wall_s": round(n / our_wall, 1),
        },
        "datatrove": {
            "cpu_s": round(their_cpu, 3),
            "wall_s": round(their_wall, 3),
            "docs_per_cpu_s": round(n / their_cpu, 1),
            "docs_per_wall_s": round(n / their_wall, 1),
        },
        "ratio_cpu": round(their_cpu / our_cpu, 2),
        "ratio_wall": round(their_wall / our_wall, 2),
        "decisions": compare(docs, ours, theirs),
        "yisieve_reasons_on_reference": dict(
            Counter(
                ours[d["id"]]["reason"]
                for d in docs
                if d["group"] == "reference" and ours[d["id"]]["reason"]
            ).most_common()
        ),
        "datatrove_reasons_on_reference": dict(
            Counter(
                theirs[d["id"]]["reason"]
                for d in docs
                if d["group"] == "reference" and theirs[d["id"]]["reason"]
            ).most_common()
        ),
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
