"""Shared fixtures: paths to the bundled sample crawl and the bad-input files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from yisieve.jobs.offline import enforce_offline

enforce_offline()

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CRAWL = ROOT / "jobs" / "sample_crawl" / "data"
BAD_INPUT = ROOT / "tests" / "data" / "bad_input"


@pytest.fixture
def sample_crawl() -> Path:
    return SAMPLE_CRAWL


@pytest.fixture
def bad_input() -> Path:
    return BAD_INPUT


@pytest.fixture(autouse=True)
def _no_progress_env(monkeypatch):
    monkeypatch.delenv("YISIEVE_PROGRESS_DIR", raising=False)
    yield
    os.environ.pop("YISIEVE_PROGRESS_DIR", None)
