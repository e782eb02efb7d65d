"""Document length bounds: empty pages carry nothing, gigantic ones are dumps or binary junk."""

from __future__ import annotations

from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.rule import Measures, Rule, TextDocument, number
from yisieve.filters.stage import DocumentStage


class LengthConfig(StageSection):
    """`stages.length`: empty and gigantic documents."""

    # Shorter than a couple of sentences is no training document; the line and word based
    # heuristics judge the rest.
    min_chars: int = Field(
        default=50, ge=0, description="fewer characters (stripped): rejected as length.too_short"
    )
    # Web pages above ~1M characters are almost always dumps, logs or mis-decoded binary;
    # datatrove's Gopher filter likewise caps a document at 100,000 words.
    max_chars: int = Field(
        default=1_000_000, gt=0, description="more characters: rejected as length.too_long"
    )


class DocumentLength(Rule):
    """Characters of stripped text, bounded below and above."""

    name = "length"

    def __init__(self, min_chars: int, max_chars: int) -> None:
        self.min_chars = min_chars
        self.max_chars = max_chars

    def measure(self, doc: TextDocument) -> Measures:
        return {"chars": len(doc.text.strip())}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        chars = number(measures["chars"]) or 0
        if chars == 0:
            return "empty"
        if chars < self.min_chars:
            return "too_short"
        if chars > self.max_chars:
            return "too_long"
        return None


def length_stage(config: LengthConfig) -> DocumentStage:
    return DocumentStage("length", rules=[DocumentLength(config.min_chars, config.max_chars)])
