"""A small per-document stage, written as docs/architecture.md's "Adding a stage" shows.

Pages that are mostly digits (price lists, timetables, log dumps) carry little language. The
stage measures the share of digits among the non-space characters (`digits.digit_ratio`) and
drops a document above the configured maximum (`digits.digit_ratio_high`).
"""

from __future__ import annotations

from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.rule import Measures, Rule, TextDocument
from yisieve.filters.stage import DocumentStage


class DigitsConfig(StageSection):
    """`stages.digits`: documents made mostly of digits."""

    max_digit_ratio: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description="drop a document whose non-space characters are more than this share of digits",
    )


class DigitShare(Rule):
    """Share of digits among the non-space characters."""

    name = "digit_ratio"

    def __init__(self, max_ratio: float) -> None:
        self.max_ratio = max_ratio

    def measure(self, doc: TextDocument) -> Measures:
        characters = [char for char in doc.text if not char.isspace()]
        digits = sum(char.isdigit() for char in characters)
        return {"digit_ratio": round(digits / len(characters), 4) if characters else 0.0}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        ratio = measures["digit_ratio"]
        return "digit_ratio_high" if isinstance(ratio, float) and ratio > self.max_ratio else None


def digits_stage(config: DigitsConfig) -> DocumentStage:
    return DocumentStage("digits", rules=[DigitShare(config.max_digit_ratio)])
