"""Real sample documents for the scorer tests, read from the bundled sample crawl."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import ROOT, SAMPLE_CRAWL

SAFETY_SAMPLES = ROOT / "tests" / "data" / "scorers" / "safety_samples.jsonl"


def wiki(lang: str) -> list[str]:
    table = pq.read_table(SAMPLE_CRAWL / "wiki-en-zh.parquet").to_pylist()
    prefix = "wikitext" if lang == "en" else "tencentpretrain"
    return [row["text"] for row in table if row["source_name"].startswith(prefix)]


def _jsonl(name: str) -> list[dict]:
    with gzip.open(SAMPLE_CRAWL / name, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def crawl_zh() -> list[str]:
    rows = _jsonl("ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz")
    return [row["text"] for row in rows if row["text"]]


def crawl_en() -> list[str]:
    """The dolma crawl's Latin-script documents (the script guess the stages use without LID)."""
    from yisieve.scorers.text_units import script_language

    rows = _jsonl("dolma-CC-MAIN-2019-30-00140.head250.jsonl.gz")
    return [r["text"] for r in rows if len(r["text"]) > 200 and script_language(r["text"]) == "en"]


def safety_samples(lang: str, offensive: int) -> list[str]:
    rows = [json.loads(line) for line in Path(SAFETY_SAMPLES).read_text("utf-8").splitlines()]
    return [r["text"] for r in rows if r["lang"] == lang and r["offensive"] == offensive]
