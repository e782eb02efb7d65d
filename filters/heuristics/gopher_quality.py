"""Gopher quality rules (Rae et al. 2021, section A1.1; datatrove GopherQualityFilter)."""

from __future__ import annotations

from yisieve.filters.heuristics.text_statistics import text_statistics
from yisieve.filters.heuristics.thresholded_rule import ThresholdedRule, above, below, ratio
from yisieve.filters.heuristics.word_lists import gopher_stop_words
from yisieve.filters.rule import Measures, TextDocument

# Lines that are list items (datatrove counts "•" and "-"; the others are common web bullets).
BULLETS = ("•", "-", "*", "·", "●", "○", "■", "□", "▪", "◦", "►", "▶", "➢", "✓", "–")
ELLIPSES = ("...", "…")


class GopherQuality(ThresholdedRule):
    """Real prose: enough words of normal length, few symbols, few list or truncated lines,
    words made of letters, and the function words every sentence needs."""

    name = "gopher"

    def measure(self, doc: TextDocument) -> Measures:
        stats = text_statistics(doc)
        words = len(stats.words)
        units = stats.line_units  # the lines; a one-line document's sentences
        lines = max(len(units), 1)
        text = stats.text
        return {
            "words": words,
            "mean_word_length": round(stats.word_chars / words, 4) if words else 0.0,
            "hash_word_ratio": ratio(text.count("#"), words),
            "ellipsis_word_ratio": ratio(text.count("...") + text.count("…"), words),
            "bullet_lines_ratio": ratio(sum(unit.startswith(BULLETS) for unit in units), lines),
            "ellipsis_lines_ratio": ratio(sum(unit.endswith(ELLIPSES) for unit in units), lines),
            "alpha_words_ratio": ratio(sum(_has_letter(word) for word in stats.words), words),
            "gopher_stop_words": len(stats.word_set & gopher_stop_words(doc.lang)),
        }

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        limit = self.limits(doc)
        checks = (
            ("gopher_short_doc", below(measures["words"], limit.min_words)),
            ("gopher_long_doc", above(measures["words"], limit.max_words)),
            (
                "gopher_mean_word_length",
                below(measures["mean_word_length"], limit.min_mean_word_length)
                or above(measures["mean_word_length"], limit.max_mean_word_length),
            ),
            ("gopher_hash_ratio", above(measures["hash_word_ratio"], limit.max_hash_word_ratio)),
            (
                "gopher_ellipsis_ratio",
                above(measures["ellipsis_word_ratio"], limit.max_ellipsis_word_ratio),
            ),
            (
                "gopher_bullet_lines",
                above(measures["bullet_lines_ratio"], limit.max_bullet_lines_ratio),
            ),
            (
                "gopher_ellipsis_lines",
                above(measures["ellipsis_lines_ratio"], limit.max_ellipsis_lines_ratio),
            ),
            (
                "gopher_alpha_words",
                below(measures["alpha_words_ratio"], limit.min_alpha_words_ratio),
            ),
            ("gopher_stopwords", below(measures["gopher_stop_words"], limit.min_gopher_stop_words)),
        )
        return next((reason for reason, failed in checks if failed), None)


def _has_letter(word: str) -> bool:
    return word.isalpha() or any(char.isalpha() for char in word)
