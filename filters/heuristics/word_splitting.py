"""Words per language: punctuation-separated tokens for spaced scripts, jieba for Chinese.

jieba-next is jieba's dictionary and algorithm with a Rust core: the same words as jieba 0.42.1
(checked on 8,150 documents) at 2-3x the speed; Chinese word splitting was the heuristic stage's
largest cost. The prefix dictionary is built on first use (~1 s): `initialize_jieba()` is called
from the rules' `setup()`, once per worker, never per document.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

logger = logging.getLogger(__name__)

# Every punctuation (P*) and symbol (S*) code point of the BMP separates words, so "end." and
# "end" are the same word and "--" or "•" are not words (Gopher's "non-symbol words").
WORD_SEPARATORS = {
    code: " " for code in range(0x10000) if unicodedata.category(chr(code))[0] in "PS"
}
# Code points above the BMP (emoji, rare CJK) are rare; they stay inside words.
# Full-width digits and Latin letters (U+FF10.., common in Chinese print: "１９９８年") are their
# ASCII forms (NFKC), so "１９９８" is one number word as "1998" is, not four one-digit words.
FULL_WIDTH_ALPHANUMERICS = {
    code: code - 0xFEE0
    for code in range(0xFF10, 0xFF5B)
    if unicodedata.category(chr(code))[0] in "LN"
}
WORD_TABLE: dict[int, str | int] = {**WORD_SEPARATORS, **FULL_WIDTH_ALPHANUMERICS}

_jieba: Any = None  # a jieba.Tokenizer once initialized


def initialize_jieba() -> None:
    """Loads jieba's dictionary once in this process (a worker's setup calls it)."""
    global _jieba
    if _jieba is not None:
        return
    import jieba_next

    jieba_next.setLogLevel(logging.WARNING)
    tokenizer = jieba_next.Tokenizer()
    tokenizer.initialize()
    _jieba = tokenizer


def split_words(text: str, lang: str | None) -> list[str]:
    """Words of `text` without punctuation or whitespace tokens."""
    if lang == "zh":
        return chinese_words(text)
    return text.translate(WORD_TABLE).split()


def chinese_words(text: str) -> list[str]:
    if _jieba is None:
        logger.info("jieba used before setup(); initializing now")
        initialize_jieba()
    # jieba keeps punctuation and spaces as tokens: translating first makes them spaces.
    spaced = text.translate(WORD_TABLE)
    assert _jieba is not None  # initialize_jieba sets it
    return [word for word in _jieba.lcut(spaced, HMM=False) if not word.isspace()]
