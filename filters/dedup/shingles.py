"""Shingles: the set of overlapping n-grams whose Jaccard similarity MinHash estimates.

Space-delimited text gets word n-grams after normalization (datatrove/FineWeb: 5-grams);
Chinese and any text without spaces gets character n-grams (word boundaries are not written
there, and a tokenizer would make the shingles depend on its dictionary).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# datatrove's MinhashConfig.n_grams = 5 (FineWeb).
DEFAULT_WORD_NGRAM = 5
# A Chinese word averages about 1.5 characters, so 5 characters cover roughly 3 words: short
# enough that one edited word touches few shingles, long enough that unrelated pages rarely share.
DEFAULT_CHAR_NGRAM = 5
# Languages written without spaces between words.
SPACELESS_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
# Below this share of spaces among characters a text is treated as unsegmented (English prose
# has ~15%; Chinese pages with a few Latin words stay well under 2%).
MIN_SPACE_RATIO = 0.02

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def is_spaceless(text: str, lang: str | None = None) -> bool:
    """True for text whose words are not separated by spaces (zh, ja, ...)."""
    if lang and lang.split("_")[0].split("-")[0] in SPACELESS_LANGUAGES:
        return True
    if not text:
        return False
    spaces = text.count(" ") + text.count("\n")
    return spaces / len(text) < MIN_SPACE_RATIO or len(_CJK.findall(text[:2000])) > 200


_DIGITS = re.compile(r"\d")
_NOT_WORD = re.compile(r"[^\w\s]+")


@cache
def _combining_marks() -> re.Pattern:
    """A character class of every combining mark (built once per worker, ~0.3 s)."""
    ranges: list[list[int]] = []
    for cp in range(0x110000):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    parts = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{parts}]+")


def normalize(text: str) -> str:
    """Exactly `normalize_for_hash` (CCNet: casefold, accents off, digits -> 0, punctuation and
    whitespace folded), with the per-character accent loop replaced by one regex: it was
    half the cost of a signature."""
    text = unicodedata.normalize("NFKD", text.casefold())
    if not text.isascii():
        text = _combining_marks().sub("", text)
    return " ".join(_NOT_WORD.sub(" ", _DIGITS.sub("0", text)).split())


def shingle_tokens(text: str, lang: str | None = None) -> tuple[list[str], bool]:
    """The units shingles are made of: normalized words, or characters for spaceless text."""
    normalized = normalize(text)
    if is_spaceless(text, lang):
        return list(normalized.replace(" ", "")), True
    return normalized.split(), False


def word_shingles(normalized: str, n: int) -> set[str]:
    words = normalized.split()
    if not words:
        return set()
    if len(words) <= n:  # a short text is its own single shingle, not an empty set
        return {" ".join(words)}
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def char_shingles(normalized: str, n: int) -> set[str]:
    chars = normalized.replace(" ", "")
    if not chars:
        return set()
    if len(chars) <= n:
        return {chars}
    return {chars[i : i + n] for i in range(len(chars) - n + 1)}


def shingles(
    text: str,
    lang: str | None = None,
    word_ngram: int = DEFAULT_WORD_NGRAM,
    char_ngram: int = DEFAULT_CHAR_NGRAM,
) -> set[str]:
    """The document's shingle set (empty for a text with no letters or digits)."""
    normalized = normalize(text)
    if is_spaceless(text, lang):
        return char_shingles(normalized, char_ngram)
    return word_shingles(normalized, word_ngram)


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
