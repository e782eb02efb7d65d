"""LID + heuristics inside a real Beam run on the bundled sample crawl (en + zh)."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from jobs.clean_job import run_clean
from jobs.runners import RunnerChoice
from pipeline.config import load_config
from pipeline.stage_registry import STAGES
from tests.conftest import SAMPLE_CRAWL

OURS = ("length", "lid", "heuristic")


def rows(out, kind):
    return [
        row
        for path in sorted((out / kind).glob("part-*.parquet"))
        for row in pq.read_table(path).to_pylist()
    ]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("lid_heuristic") / "out"
    others = [f"stages.{spec.name}.enabled=false" for spec in STAGES if spec.name not in OURS]
    config = load_config(overrides=others)
    inputs = [
        str(SAMPLE_CRAWL / "wiki-en-zh.parquet"),
        str(SAMPLE_CRAWL / "ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz"),
    ]
    stats = run_clean(inputs, str(out), config, RunnerChoice("direct"))
    return stats, out


def test_every_document_is_counted_once_with_a_reason(run):
    stats, out = run
    totals = stats["totals"]
    assert totals["balanced"] and totals["input"] == 140
    assert totals["kept"] + totals["rejected"] + totals["errors"] == 140
    rejected = rows(out, "rejected")
    assert len(rejected) == totals["rejected"]
    assert all(row["reason"].split(".")[0] in OURS for row in rejected)
    assert any(row["reason"].startswith("heuristic.") for row in rejected)


def test_kept_documents_carry_language_and_statistics(run):
    _, out = run
    kept = rows(out, "kept")
    assert {row["lang"] for row in kept} == {"en", "zh"}
    assert sum(row["lang"] == "en" for row in kept) >= 20  # most of the 40 Wikipedia articles
    for row in kept:
        annotations = row.get("annotations") or row
        text = str(annotations)
        assert "lid.lang_score" in text and "heuristic.gopher_stop_words" in text
        assert row["lang_score"] >= 0.5
