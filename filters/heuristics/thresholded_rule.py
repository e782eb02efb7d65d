"""A rule whose decision reads the thresholds of the document's language."""

from __future__ import annotations

from yisieve.filters.heuristics.config import HeuristicThresholds, ThresholdTable
from yisieve.filters.heuristics.word_splitting import initialize_jieba
from yisieve.filters.rule import MeasureValue, Rule, TextDocument, number


class ThresholdedRule(Rule):
    """Holds the per-language threshold table; `limits(doc)` picks the row for `doc.lang`."""

    def __init__(self, thresholds: ThresholdTable | None = None) -> None:
        self.thresholds = thresholds or ThresholdTable(HeuristicThresholds(), {})

    def setup(self) -> None:
        # Chinese words come from jieba: build its dictionary once per worker, here.
        initialize_jieba()

    def limits(self, doc: TextDocument) -> HeuristicThresholds:
        return self.thresholds.for_language(doc.lang)


def below(value: MeasureValue, limit: float | int | None) -> bool:
    """True when a check is on (limit set), the value is a number and lower than the limit."""
    measured = number(value)
    return limit is not None and measured is not None and measured < limit


def above(value: MeasureValue, limit: float | int | None) -> bool:
    measured = number(value)
    return limit is not None and measured is not None and measured > limit


def ratio(part: float, whole: float) -> float:
    return round(part / whole, 6) if whole else 0.0
