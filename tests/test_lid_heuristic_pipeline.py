"""LID + heuristics inside a real Beam run on the bundled sample crawl (en + zh)."""

from __future__ import annotations

import pytest

from tests.clean_runs import read_rows, run_only_stages

OURS = ("length", "lid", "heuristic")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("lid_heuristic") / "out"
    return run_only_stages(OURS, out), out


def test_every_document_is_counted_once_with_a_reason(run):
    stats, out = run
    totals = stats["totals"]
    assert totals["balanced"] and totals["input"] == 140
    assert totals["kept"] + totals["rejected"] + totals["errors"] == 140
    rejected = read_rows(out, "rejected")
    assert len(rejected) == totals["rejected"]
    assert all(row["reason"].split(".")[0] in OURS for row in rejected)
    assert any(row["reason"].startswith("heuristic.") for row in rejected)


def test_kept_documents_carry_language_and_statistics(run):
    _, out = run
    kept = read_rows(out, "kept")
    assert {row["lang"] for row in kept} == {"en", "zh"}
    assert sum(row["lang"] == "en" for row in kept) >= 20  # most of the 40 Wikipedia articles
    for row in kept:
        annotations = row.get("annotations") or row
        text = str(annotations)
        assert "lid.lang_score" in text and "heuristic.gopher_stop_words" in text
        assert row["lang_score"] >= 0.5
