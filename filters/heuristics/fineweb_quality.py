"""FineWeb quality rules (Penedo et al. 2024; datatrove FineWebQualityFilter defaults)."""

from __future__ import annotations

from yisieve.filters.heuristics.gopher_repetition import duplicate_elements
from yisieve.filters.heuristics.punctuation import ends_sentence
from yisieve.filters.heuristics.text_statistics import text_statistics
from yisieve.filters.heuristics.thresholded_rule import ThresholdedRule, above, below, ratio
from yisieve.filters.rule import Measures, TextDocument


class FineWebQuality(ThresholdedRule):
    """Lines that end like sentences, not too many short lines, no duplicated lines, not a list."""

    name = "fineweb"

    def measure(self, doc: TextDocument) -> Measures:
        stats = text_statistics(doc)
        lines = stats.lines
        units = stats.line_units  # the lines; a one-line document's sentences
        short = self.limits(doc).short_line_chars
        _, dup_chars = duplicate_elements(lines)
        return {
            "terminal_punct_lines_ratio": ratio(sum(map(ends_sentence, units)), len(units)),
            "short_lines_ratio": ratio(sum(len(line) <= short for line in lines), len(lines)),
            "dup_line_chars_ratio": ratio(dup_chars, len(stats.text) - stats.text.count("\n")),
            "newline_word_ratio": ratio(stats.text.count("\n"), len(stats.words)),
        }

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        limit = self.limits(doc)
        if below(measures["terminal_punct_lines_ratio"], limit.min_terminal_punct_lines_ratio):
            return "fineweb_line_punct"
        if above(measures["short_lines_ratio"], limit.max_short_lines_ratio):
            return "fineweb_short_lines"
        if above(measures["dup_line_chars_ratio"], limit.max_dup_line_chars_ratio):
            return "fineweb_dup_line_chars"
        if above(measures["newline_word_ratio"], limit.max_newline_word_ratio):
            return "fineweb_list"
        return None
