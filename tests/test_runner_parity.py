"""The same input and config give the same kept set on every local runner."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tests.conftest import BAD_INPUT, SAMPLE_CRAWL
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import load_config

INPUTS = [
    str(SAMPLE_CRAWL / "resiliparse-warcfile.warc.gz"),
    str(SAMPLE_CRAWL / "ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz"),
    str(SAMPLE_CRAWL / "wiki-en-zh.parquet"),
    str(BAD_INPUT / "malformed.jsonl"),
]


def outcome(out):
    kept = pq.read_table(out / "kept", columns=["id"]).column("id").to_pylist()
    rejected = pq.read_table(out / "rejected", columns=["id", "reason"]).to_pylist()
    return sorted(kept), sorted((row["id"], row["reason"]) for row in rejected)


@pytest.fixture(scope="module")
def direct_outcome(tmp_path_factory):
    out = tmp_path_factory.mktemp("direct") / "out"
    stats = run_clean(INPUTS, str(out), load_config(), RunnerChoice("direct"))
    assert stats["totals"]["balanced"]
    return outcome(out), stats["totals"]


@pytest.mark.parametrize(
    "runner",
    [
        RunnerChoice("multiprocess", workers=2),
        # ~20 KB bundles: every stage input is cut into many bundles per worker
        RunnerChoice("multiprocess", workers=2, max_bundle_mb=0.02),
        RunnerChoice("portable", workers=2),
    ],
    ids=["multiprocess", "multiprocess-small-bundles", "portable"],
)
def test_same_kept_and_rejected_ids_as_direct(runner, direct_outcome, tmp_path):
    out = tmp_path / "out"
    stats = run_clean(INPUTS, str(out), load_config(), runner)
    expected, totals = direct_outcome
    assert stats["totals"] == totals
    assert outcome(out) == expected
    assert expected[0], "the comparison must cover kept documents"
