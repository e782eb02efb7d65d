"""Corpora for the dedup benchmarks, built from real documents in the shared data folder.

- `near_duplicate_set`: distinct originals (en: Common Crawl pages and Wikipedia articles;
  zh: Chinese Wikipedia and CLUE news/web), plus, for a subset, variants with word
  substitutions/deletions at 1/5/10/20/30%, added boilerplate header+footer, and reordered
  paragraphs. Chinese words come from jieba. Each record names its family (the original).
- `paragraph_pool` / `scale_documents`: documents assembled from real paragraphs, for the scale
  benchmark (n up to hundreds of thousands; ~5% are near-duplicate copies).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
EDIT_RATES = (0.01, 0.05, 0.10, 0.20, 0.30)
# Typical navigation and legal boilerplate a crawler picks up around the main text.
HEADER = {
    "en": "Home | News | Sports | Business | Entertainment | Contact Us | Subscribe\n"
    "Sign in to your account to save articles and get personalised recommendations.",
    "zh": "首页 | 新闻 | 体育 | 财经 | 娱乐 | 联系我们 | 订阅\n"
    "登录您的账户以收藏文章并获取个性化推荐。",
}
FOOTER = {
    "en": "Copyright 2024 All rights reserved. Privacy Policy | Terms of Use | Cookie Settings\n"
    "We use cookies to improve your experience. By continuing you agree to our use of cookies.",
    "zh": "版权所有 2024 保留所有权利。隐私政策 | 使用条款 | Cookie 设置\n"
    "我们使用 Cookie 来改善您的体验。继续浏览即表示您同意我们使用 Cookie。",
}


def english_documents(data: Path, limit: int) -> list[str]:
    docs = []
    path = data / "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            words = json.loads(line)["text"].split()
            if 150 <= len(words) <= 3000 and words.count("the") >= 5:
                docs.append(json.loads(line)["text"])
    article: list[str] = []
    wiki = [data / f"reference/en/wikitext-2/{part}.txt" for part in ("valid", "test")]
    for line in "\n".join(p.read_text(encoding="utf-8") for p in wiki).split("\n"):
        if re.match(r"^ = [^=].* = $", line):
            if len(" ".join(article).split()) >= 150:
                docs.append("\n".join(article))
            article = []
        elif line.strip():
            article.append(line.strip())
    return docs[:limit]


def chinese_documents(data: Path, limit: int) -> list[str]:
    docs = []
    for name in (
        "reference/zh/tencentpretrain/zhwiki_sampled.txt",
        "reference/zh/uer-py/corpora_CLUECorpusSmall_sampled.txt",
    ):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if 300 <= len(line.strip()) <= 5000:
                docs.append(line.strip())
    random.Random(0).shuffle(docs)
    return docs[:limit]


def _words(text: str, lang: str) -> list[str]:
    if lang == "zh":
        import jieba_next as jieba

        return list(jieba.cut(text))
    return text.split(" ")


def edit_words(text: str, lang: str, rate: float, rng: random.Random) -> str:
    """Substitute (half) or delete (half) `rate` of the words, keeping line breaks."""
    words = _words(text, lang)
    candidates = [i for i, word in enumerate(words) if word.strip()]
    chosen = rng.sample(candidates, round(rate * len(candidates)))
    pool = [words[i] for i in candidates]
    for n, index in enumerate(chosen):
        words[index] = "" if n % 2 else rng.choice(pool)
    return ("" if lang == "zh" else " ").join(word for word in words if word != "")


def add_boilerplate(text: str, lang: str) -> str:
    return f"{HEADER[lang]}\n{text}\n{FOOTER[lang]}"


def reorder_paragraphs(text: str, lang: str, rng: random.Random) -> str:
    """Shuffle paragraphs (lines); Chinese one-line articles are split at sentence ends."""
    parts = [p for p in text.split("\n") if p.strip()]
    if len(parts) < 3 and lang == "zh":
        parts = [p for p in re.split(r"(?<=[。！？])", text) if p]
    rng.shuffle(parts)
    return ("" if lang == "zh" and "\n" not in text else "\n").join(parts)


def near_duplicate_set(
    data: Path, originals_per_lang: int = 300, varied_per_lang: int = 100
) -> list[dict]:
    """[{id, lang, text, family, variant}]: originals have variant 'original'."""
    rng = random.Random(1234)
    records = []
    for lang, docs in (
        ("en", english_documents(data, originals_per_lang)),
        ("zh", chinese_documents(data, originals_per_lang)),
    ):
        for n, text in enumerate(docs):
            family = f"{lang}-{n:04d}"
            records.append(dict(id=family, lang=lang, text=text, family=family, variant="original"))
            if n >= varied_per_lang:
                continue
            variants = {
                f"edit{round(r * 100):02d}": edit_words(text, lang, r, rng) for r in EDIT_RATES
            }
            variants["boilerplate"] = add_boilerplate(text, lang)
            variants["reorder"] = reorder_paragraphs(text, lang, rng)
            for variant, changed in variants.items():
                records.append(
                    dict(
                        id=f"{family}~{variant}",
                        lang=lang,
                        text=changed,
                        family=family,
                        variant=variant,
                    )
                )
    return records


def paragraph_pool(data: Path) -> list[tuple[str, str]]:
    """(lang, paragraph) of every real paragraph of 20+ words (en) or 60+ characters (zh)."""
    pool = []
    for text in english_documents(data, 10**6):
        pool += [("en", p.strip()) for p in text.split("\n") if len(p.split()) >= 20]
    for name in ("reference/en/wikitext-2/test.txt",):
        for line in (data / name).read_text(encoding="utf-8").split("\n"):
            if len(line.split()) >= 20 and not line.startswith(" ="):
                pool.append(("en", line.strip()))
    for text in chinese_documents(data, 10**6):
        pool += [("zh", s) for s in re.split(r"(?<=。)", text) if len(s) >= 60]
    return pool


def scale_documents(pool: list[tuple[str, str]], count: int, seed: int = 7) -> Iterator[dict]:
    """`count` documents of 2-4 random real paragraphs (cut to 60 words / 150 characters, so
    200k documents fit a shared 2-core machine) of one language; 5% are copies of an earlier
    document with 2% of its words changed (so the dedup stage has work to do)."""
    rng = random.Random(seed)
    by_lang = {
        "en": [" ".join(p.split()[:60]) for lg, p in pool if lg == "en"],
        "zh": [p[:150] for lg, p in pool if lg == "zh"],
    }
    recent: list[str] = []
    for n in range(count):
        lang = "zh" if rng.random() < 0.3 else "en"
        if recent and rng.random() < 0.05:
            text = recent[rng.randrange(len(recent))]
            words = text.split(" ")
            for _ in range(max(1, len(words) // 50)):
                words[rng.randrange(len(words))] = "changed"
            text = " ".join(words)
        else:
            paragraphs = rng.sample(by_lang[lang], rng.randint(2, 4))
            text = ("\n" if lang == "en" else "").join(paragraphs)
            recent.append(text)
            recent = recent[-1000:]
        yield {"id": f"doc{n:07d}", "text": text}
