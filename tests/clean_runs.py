"""Helpers for tests that run `clean` on real files and read its Parquet outputs."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import SAMPLE_CRAWL
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import load_config
from yisieve.pipeline.stage_registry import STAGES

# A small real mix: 80 Wikipedia documents (en + zh) and 60 Chinese crawl pages.
WIKI_AND_ZH_CRAWL = (
    SAMPLE_CRAWL / "wiki-en-zh.parquet",
    SAMPLE_CRAWL / "ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz",
)


def read_rows(out: Path, kind: str) -> list[dict]:
    """All rows of OUT/<kind>/part-*.parquet, shard by shard."""
    return [
        row
        for path in sorted((out / kind).glob("part-*.parquet"))
        for row in pq.read_table(path).to_pylist()
    ]


def run_only_stages(stages: tuple[str, ...], out: Path, inputs=WIKI_AND_ZH_CRAWL) -> dict:
    """Runs `clean` with every stage but `stages` switched off; returns the stats."""
    others = [f"stages.{spec.name}.enabled=false" for spec in STAGES if spec.name not in stages]
    config = load_config(overrides=others)
    return run_clean([str(path) for path in inputs], str(out), config, RunnerChoice("direct"))
