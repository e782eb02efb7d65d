"""ROOTS / CulturaX document metrics (bigscience data_tooling ac_dc, Apache-2.0; Laurençon et
al. 2022; Nguyen et al. 2023): special characters, character repetition, flagged and stop words.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from functools import cache

from yisieve.filters.heuristics.text_statistics import text_statistics
from yisieve.filters.heuristics.thresholded_rule import ThresholdedRule, above, below, ratio
from yisieve.filters.heuristics.word_lists import flagged_words, stop_words
from yisieve.filters.rule import Measures, TextDocument

# ac_dc parameters_filtering.py: main_special_characters + other_special_characters, without
# the three CJK ideographs that list holds (一 上 士: ordinary Chinese characters there by
# mistake, ~1-2% of Chinese text). Emoji (ROOTS adds emoji.UNICODE_EMOJI) are the pictograph
# blocks below.
_ROOTS_OTHER = (
    "    　    ￼’“”–ー▬…✦�­£​•€«»°·═×＾˘⇓↓↑←→（）§″′´¿−±∈﻿¢ø‚„½¼¾¹²³―⁃，ˌ¸‹›ʺˈʻ¦‐⠀‰‑≤≥‖"
    "◆●■►▼▲▴∆▻¡★☆✱ːº。¯˜¥ɪ≈†ン：∼⁄・♡✓⊕․．⋅÷１‟；،、¨ाাी्े◦˚゜ʼ≖ʼ¤ッツシ℃√！【】‿∞➤～πه۩☛₨➩☻๑٪♥ıॽ《‘©﴿٬？▷Г♫∟™ª₪®「—❖」﴾》"
)
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0xFE00, 0xFE0F))
SPECIAL_CHARACTERS = frozenset(
    string.punctuation + string.digits + string.whitespace + _ROOTS_OTHER
) | frozenset(chr(code) for low, high in _EMOJI_RANGES for code in range(low, high + 1))
_DELETE_SPECIAL = {ord(char): None for char in SPECIAL_CHARACTERS}


def special_character_ratio(text: str) -> float:
    return ratio(len(text) - len(text.translate(_DELETE_SPECIAL)), len(text))


def character_repetition_ratio(text: str, n: int) -> float:
    """ROOTS: share of character n-grams taken by the sqrt(#distinct) most frequent repeated ones.

    Taking the top sqrt(distinct) n-grams keeps the ratio comparable across document lengths.
    """
    if len(text) < n:
        return 0.0
    counts = Counter(
        map(text.__getitem__, map(slice, range(len(text) - n + 1), range(n, len(text) + 1)))
    )
    frequencies = sorted(counts.values(), reverse=True)
    repeated = len(frequencies) - frequencies.count(1)
    top = min(int(math.sqrt(len(frequencies))), repeated)
    return ratio(sum(frequencies[:top]), sum(frequencies))


@cache
def _substring_pattern(lang: str) -> re.Pattern[str] | None:
    """Chinese flagged words are matched anywhere: there are no spaces, and `\\b` is meaningless
    next to CJK characters."""
    terms = sorted((w for w in flagged_words(lang) if not w.isascii()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, terms))) if terms else None


@cache
def _word_matched(lang: str) -> frozenset[str]:
    """Flagged words of spaced scripts, matched as whole (lowercased) words."""
    return frozenset(w for w in (flagged_words(lang) or flagged_words("en")) if w.isascii())


class SpecialCharacters(ThresholdedRule):
    name = "special_characters"

    def measure(self, doc: TextDocument) -> Measures:
        return {"special_char_ratio": special_character_ratio(doc.text)}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        return (
            "special_characters"
            if above(measures["special_char_ratio"], self.limits(doc).max_special_char_ratio)
            else None
        )


class CharacterRepetition(ThresholdedRule):
    name = "char_repetition"

    def measure(self, doc: TextDocument) -> Measures:
        return {
            "char_repetition_ratio": character_repetition_ratio(
                doc.text, self.limits(doc).char_repetition_n
            )
        }

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        return (
            "char_repetition"
            if above(measures["char_repetition_ratio"], self.limits(doc).max_char_repetition_ratio)
            else None
        )


class FlaggedWords(ThresholdedRule):
    """Pornographic vocabulary per word (ROOTS lists); Chinese terms matched without boundaries."""

    name = "flagged_words"

    def setup(self) -> None:
        super().setup()
        for lang in ("en", "zh"):
            _substring_pattern(lang)

    def measure(self, doc: TextDocument) -> Measures:
        stats = text_statistics(doc)
        lang = doc.lang or "en"
        listed = _word_matched(lang)
        count = sum(word in listed for word in stats.lowered_words)
        pattern = _substring_pattern(lang)
        if pattern is not None:
            count += len(pattern.findall(stats.text))
        return {"flagged_words_ratio": ratio(count, len(stats.words))}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        return (
            "flagged_words"
            if above(measures["flagged_words_ratio"], self.limits(doc).max_flagged_words_ratio)
            else None
        )


class StopWords(ThresholdedRule):
    """Share of words that are stop words (ROOTS lists): natural sentences are full of them."""

    name = "stop_words"

    def measure(self, doc: TextDocument) -> Measures:
        stats = text_statistics(doc)
        listed = stop_words(doc.lang or "en")
        if not listed:
            return {"stop_words_ratio": None}
        return {
            "stop_words_ratio": ratio(
                sum(word in listed for word in stats.lowered_words), len(stats.words)
            )
        }

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        return (
            "stop_words"
            if below(measures["stop_words_ratio"], self.limits(doc).min_stop_words_ratio)
            else None
        )
