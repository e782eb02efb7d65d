"""A rule whose decision reads the thresholds of the document's language."""

from __future__ import annotations

from yisieve.filters.heuristics.config import HeuristicThresholds, ThresholdTable
from yisieve.filters.heuristics.word_splitting import initialize_jieba
from yisieve.filters.rule import Rule, TextDocument


class ThresholdedRule(Rule):
    """Holds the per-language threshold table; `limits(doc)` picks the row for `doc.lang`."""

    def __init__(self, thresholds: ThresholdTable | None = None) -> None:
        self.thresholds = thresholds or ThresholdTable(HeuristicThresholds(), {})

    def setup(self) -> None:
        # Chinese words come from jieba: build its dictionary once per worker, here.
        initialize_jieba()

    def limits(self, doc: TextDocument) -> HeuristicThresholds:
        return self.thresholds.for_language(doc.lang)


def below(value: float | int | None, limit: float | int | None) -> bool:
    """True when a check is on (limit set), the value is known and lower than the limit."""
    return limit is not None and value is not None and value < limit


def above(value: float | int | None, limit: float | int | None) -> bool:
    return limit is not None and value is not None and value > limit


def ratio(part: float, whole: float) -> float:
    return round(part / whole, 6) if whole else 0.0
