"""Word lists shipped in filters/resources/ (provenance and licences in its README.md)."""

from __future__ import annotations

import importlib.resources
from functools import cache

# Gopher's stop words (Rae et al. 2021; datatrove STOP_WORDS): a document needs two of them.
GOPHER_STOP_WORDS_EN = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})
# The same idea for Chinese: the eight grammatical function words (of, be, in, and, perfective
# particle, have, with, for) found in the most zhwiki documents, a superset-free analogue of
# the English eight (counted with jieba over the zhwiki sample; see resources/README.md).
GOPHER_STOP_WORDS_ZH = frozenset({"的", "是", "在", "和", "了", "有", "与", "为"})
GOPHER_STOP_WORDS = {"en": GOPHER_STOP_WORDS_EN, "zh": GOPHER_STOP_WORDS_ZH}


def _read_list(name: str) -> frozenset[str]:
    resource = importlib.resources.files("yisieve.filters").joinpath(f"resources/{name}")
    text = resource.read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _language_list(kind: str, lang: str) -> frozenset[str]:
    """The shipped `<kind>.<lang>.txt`; empty for languages not shipped."""
    try:
        return _read_list(f"{kind}.{lang}.txt")
    except FileNotFoundError:
        return frozenset()


@cache
def stop_words(lang: str) -> frozenset[str]:
    """ROOTS stop words (bigscience ac_dc stopwords.py); empty for languages not shipped."""
    return _language_list("stop_words", lang)


@cache
def flagged_words(lang: str) -> frozenset[str]:
    """ROOTS flagged (pornographic) words; the zh list also holds the en words, as in ROOTS."""
    return _language_list("flagged_words", lang)


def gopher_stop_words(lang: str | None) -> frozenset[str]:
    return GOPHER_STOP_WORDS.get(lang or "", GOPHER_STOP_WORDS_EN)
