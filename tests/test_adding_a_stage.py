"""A new per-document stage needs one file and one registry line, and then runs in `clean`."""

from __future__ import annotations

import json

from tests.clean_runs import read_rows
from tests.digits_stage import DigitsConfig, digits_stage
from yisieve.filters.config_section import StageSection
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import RunConfig, load_config
from yisieve.pipeline.stage_registry import STAGES, per_document

PROSE = (
    "The river runs through the old town, past the market and the stone bridge. In spring "
    "the water rises and the fishermen wait on the bank for the floods to pass."
)
PRICE_LIST = "\n".join(
    f"item {n:04d}  {n * 37 % 1000:>6}.{n % 100:02d}  {n * 13:07d}" for n in range(40)
)


def test_every_stage_section_can_be_switched_off():
    for spec in STAGES:
        assert issubclass(spec.config_model, StageSection), spec.name
        assert spec.config_model().enabled in (True, False)


def test_a_registered_per_document_stage_runs_in_a_clean_job(tmp_path):
    # The one registry line, placed after `length` as a user would add it to STAGES.
    stages = (STAGES[0], per_document("digits", DigitsConfig, digits_stage), *STAGES[1:])
    config_model = RunConfig.with_stages(stages)
    others = [f"stages.{spec.name}.enabled=false" for spec in STAGES if spec.name != "length"]
    config = load_config(
        overrides=[*others, "stages.digits.max_digit_ratio=0.4"], model=config_model
    )
    assert [name for name, _ in config.enabled_stages()] == ["length", "digits"]

    crawl = tmp_path / "docs.jsonl"
    lines = [{"text": PROSE, "url": "https://a.example/"}, {"text": PRICE_LIST, "url": None}]
    crawl.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out"
    stats = run_clean([str(crawl)], str(out), config, RunnerChoice("direct"))

    assert stats["totals"]["balanced"]
    assert stats["rejected_by_reason"] == {"digits.digit_ratio_high": 1}
    (kept,) = read_rows(out, "kept")
    (rejected,) = read_rows(out, "rejected")
    assert kept["text"] == PROSE and kept["digits.digit_ratio"] == 0.0
    assert rejected["reason"] == "digits.digit_ratio_high"
    assert rejected["digits.digit_ratio"] > 0.4
