"""Run-on ("continuous") lines: long stretches with no sentence end at all.

Tag clouds, keyword stuffing and concatenated menus read as one endless line; prose, in any
language, ends a sentence every few hundred characters at most.
"""

from __future__ import annotations

from yisieve.filters.heuristics.punctuation import TERMINAL_RUN
from yisieve.filters.heuristics.text_statistics import text_statistics
from yisieve.filters.heuristics.thresholded_rule import ThresholdedRule, above, ratio
from yisieve.filters.rule import Measures, TextDocument


def run_on_chars(lines: list[str], max_run: int) -> int:
    """Characters of the lines holding a stretch of more than `max_run` unpunctuated chars."""
    total = 0
    for line in lines:
        if len(line) > max_run and max(map(len, TERMINAL_RUN.split(line))) > max_run:
            total += len(line)
    return total


class RunOnLines(ThresholdedRule):
    name = "run_on_lines"

    def measure(self, doc: TextDocument) -> Measures:
        stats = text_statistics(doc)
        chars = run_on_chars(stats.lines, self.limits(doc).run_on_line_chars)
        return {"run_on_char_ratio": ratio(chars, len(stats.text))}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        return (
            "run_on_lines"
            if above(measures["run_on_char_ratio"], self.limits(doc).max_run_on_char_ratio)
            else None
        )
