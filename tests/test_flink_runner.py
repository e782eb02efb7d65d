"""The clean job on a real Flink cluster gives the same decisions as the in-process runner.

Needs a running cluster and the job-server jar: `make test-flink` (or .ci/run) starts one with
jobs/flink/local_cluster.sh and stops it afterwards. FLINK_MASTER names another cluster.
"""

from __future__ import annotations

import gzip
import json
import os
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.clean_runs import read_rows
from tests.conftest import SAMPLE_CRAWL
from tests.dedup_corpus import edit_chars, edit_words, real_docs
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.flink_runner import FlinkTarget
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import load_config

pytestmark = pytest.mark.flink

MASTER = os.environ.get("FLINK_MASTER", "localhost:8081")
CORPUS_SIZE = 5000


def flink_jobs() -> list[dict]:
    """Flink's own record of its jobs (REST API), the proof that a job ran there."""
    try:
        with urllib.request.urlopen(f"http://{MASTER}/jobs/overview", timeout=10) as reply:
            return json.load(reply)["jobs"]
    except OSError as error:
        pytest.fail(f"no Flink cluster at {MASTER} ({error}); start one: make test-flink")


def finished_jobs() -> set[str]:
    return {job["jid"] for job in flink_jobs() if job["state"] == "FINISHED"}


def clean_on(runner: RunnerChoice, inputs: list[Path], out: Path, overrides=()) -> dict:
    config = load_config(overrides=list(overrides))
    return run_clean([str(path) for path in inputs], str(out), config, runner)


def decisions(out: Path) -> tuple[set[str], dict[str, str]]:
    kept = {row["id"] for row in read_rows(out, "kept")}
    rejected = {row["id"]: row["reason"] for row in read_rows(out, "rejected")}
    return kept, rejected


FLINK = RunnerChoice("flink", workers=2, flink=FlinkTarget(master=MASTER))
DIRECT = RunnerChoice("direct")


def run_both(inputs: list[Path], tmp_path: Path, overrides=()) -> tuple[dict, dict]:
    before = finished_jobs()
    flink_stats = clean_on(FLINK, inputs, tmp_path / "flink", overrides)
    assert len(finished_jobs() - before) == 1, "the job did not finish on the Flink cluster"
    direct_stats = clean_on(DIRECT, inputs, tmp_path / "direct", overrides)
    assert decisions(tmp_path / "flink") == decisions(tmp_path / "direct")
    for stats in (flink_stats, direct_stats):
        assert stats["totals"]["balanced"], stats["totals"]
    assert flink_stats["totals"] == direct_stats["totals"]
    assert flink_stats["rejected_by_reason"] == direct_stats["rejected_by_reason"]
    return flink_stats, direct_stats


def test_sample_crawl_on_flink_matches_direct(tmp_path):
    flink_stats, _ = run_both(sorted(SAMPLE_CRAWL.iterdir()), tmp_path)
    assert flink_stats["runner"] == "flink"
    assert flink_stats["totals"]["kept"] > 0 and flink_stats["totals"]["rejected"] > 0


def near_duplicate_corpus(path: Path, size: int = CORPUS_SIZE) -> Path:
    """`size` documents from the bundled real texts: originals, exact copies and near
    duplicates at several edit rates, so exact dedup, MinHash and clustering all have work."""
    bases = [(doc["text"], doc["lang"]) for doc in real_docs()]
    bases += [
        (row["text"], "")
        for row in pq.read_table(SAMPLE_CRAWL / "wiki-en-zh.parquet").select(["text"]).to_pylist()
    ]
    with gzip.open(SAMPLE_CRAWL / "dolma-CC-MAIN-2019-30-00140.head250.jsonl.gz", "rt") as lines:
        bases += [(json.loads(line)["text"], "") for line in lines]
    rows = []
    variant = 0
    while len(rows) < size:
        for n, (text, lang) in enumerate(bases):
            if len(rows) >= size:
                break
            rate = (0.0, 0.02, 0.05, 0.1, 0.3)[variant % 5]
            is_chinese = lang == "zh" or sum("\u4e00" <= ch <= "\u9fff" for ch in text[:200]) > 50
            edit = edit_chars if is_chinese else edit_words
            edited = edit(text, rate, seed=variant * 10_000 + n) if rate and text else text
            rows.append({"url": f"https://corpus.example/{n}/{variant}", "text": edited})
        variant += 1
    with gzip.open(path, "wt", encoding="utf-8") as sink:
        sink.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return path


def test_5k_corpus_with_dedup_and_cluster_on_flink_matches_direct(tmp_path):
    corpus = near_duplicate_corpus(tmp_path / "corpus.jsonl.gz")
    overrides = ["stages.dedup.enabled=true", "stages.cluster.enabled=true"]
    flink_stats, _ = run_both([corpus], tmp_path, overrides)
    assert flink_stats["totals"]["input"] == CORPUS_SIZE
    reasons = flink_stats["rejected_by_reason"]
    assert reasons.get("dedup.minhash", 0) > 0, reasons
    assert reasons.get("exact_dedup.text", 0) > 0, reasons
