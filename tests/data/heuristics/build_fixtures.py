"""Rebuilds documents.json: a few real documents for the heuristic rule tests.

.venv/bin/python tests/data/heuristics/build_fixtures.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from benchmarks.heuristics_corpora import (  # noqa: E402
    DEFAULT_DATA,
    crawl_documents,
    lines_as_documents,
    wikitext_articles,
)


def first(texts, low: int, high: int, start: str = "") -> str:
    return next(t for t in texts if low <= len(t) <= high and t.startswith(start))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    data = parser.parse_args().data
    crawl = crawl_documents(data)
    documents = {
        "en_wikipedia": first(wikitext_articles(data), 2000, 6000),
        "en_news": first(
            lines_as_documents(data / "reference/en/gensim-testdata/lee_background.cor"), 1200, 3000
        ),
        "zh_wikipedia": first(
            lines_as_documents(data / "reference/zh/tencentpretrain/zhwiki_sampled.txt"), 1500, 3000
        ),
        "zh_news": first(
            lines_as_documents(data / "reference/zh/uer-py/corpora_CLUECorpusSmall_sampled.txt"),
            800,
            2000,
        ),
        "zh_gambling_spam": next(
            t for c, _, t in crawl if c.startswith("Chinese") and "威尼斯人" in t
        ),
    }
    out = Path(__file__).with_name("documents.json")
    out.write_text(json.dumps(documents, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print({key: len(text) for key, text in documents.items()})


if __name__ == "__main__":
    main()
