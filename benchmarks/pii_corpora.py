"""Real en/zh documents for the PII evaluation and speed benchmark (read from ../shared/data).

Reference (Wikipedia-like) text: wikitext-2 test articles and the Lee news background corpus
(en); zhwiki_sampled and CLUECorpusSmall (zh). Common Crawl text: the dolma CC-MAIN-2019-30
sample (English documents, by fastText lid.176) and ChineseWebText CC-MAIN-2021-43 (zh).
"""

from __future__ import annotations

import gzip
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MIN_CHARS = 200


@dataclass(frozen=True)
class CorpusDoc:
    corpus: str  # e.g. "reference/wikitext-2"
    kind: str  # "reference" | "cc"
    lang: str
    text: str


def wikitext_articles(path: Path) -> list[str]:
    """Articles start at ' = Title = ' lines (one level of '=')."""
    articles: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("= ") and stripped.endswith(" =") and not stripped.startswith("= ="):
            articles.append([])
        if articles and stripped:
            articles[-1].append(stripped)
    return ["\n".join(lines) for lines in articles]


def lines_of(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def english_cc(path: Path) -> list[str]:
    import fasttext

    from yisieve.filters.lid import bundled_model_path

    model = fasttext.load_model(str(bundled_model_path()))
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            labels, _ = model.predict(text.replace("\n", " "))
            if labels and labels[0] == "__label__en":
                texts.append(text)
    return texts


def chinese_cc(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line).get("raw_content") or "" for line in lines]


def load_corpora(data: Path, per_corpus: int) -> list[CorpusDoc]:
    """Up to `per_corpus` documents (>= 200 chars) of each corpus, in file order."""
    sources = [
        ("reference/wikitext-2", "reference", "en",
         lambda: wikitext_articles(data / "reference/en/wikitext-2/test.txt")),
        ("reference/lee_background", "reference", "en",
         lambda: lines_of(data / "reference/en/gensim-testdata/lee_background.cor")),
        ("reference/zhwiki", "reference", "zh",
         lambda: lines_of(data / "reference/zh/tencentpretrain/zhwiki_sampled.txt")),
        ("reference/CLUECorpusSmall", "reference", "zh",
         lambda: lines_of(data / "reference/zh/uer-py/corpora_CLUECorpusSmall_sampled.txt")),
        ("cc/dolma-CC-2019-30", "cc", "en",
         lambda: english_cc(
             data / "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz")),
        ("cc/ChineseWebText-CC-2021-43", "cc", "zh",
         lambda: chinese_cc(data / "cc_text/ChineseWebText-CC-MAIN-2021-43-cleared1.jsonl")),
    ]  # fmt: skip
    docs = []
    for corpus, kind, lang, read in sources:
        texts = [text for text in read() if len(text) >= MIN_CHARS][:per_corpus]
        docs.extend(CorpusDoc(corpus, kind, lang, text) for text in texts)
    return docs
