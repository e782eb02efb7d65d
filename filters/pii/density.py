"""Dolma's PII policy: a document that is mostly PII is dropped, not masked."""

from __future__ import annotations

from yisieve.filters.pii.anonymize import SPANS
from yisieve.filters.pii.config import PiiDensityConfig
from yisieve.filters.rule import Measures, Rule, TextDocument, number


class PiiDensity(Rule):
    """Reads the scrubber's span count (`pii.spans`); too many, or too many per 1k chars,
    and the document is a contact list or a dump rather than prose."""

    name = "too_dense"

    def __init__(self, config: PiiDensityConfig, stage: str = "pii") -> None:
        self.config = config
        self.spans_key = f"{stage}.{SPANS}"

    def measure(self, doc: TextDocument) -> Measures:
        spans = number(doc.annotations.get(self.spans_key)) or 0
        chars = max(1, len(doc.text))
        return {"spans_per_1k_chars": round(1000.0 * spans / chars, 4)}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        spans = number(doc.annotations.get(self.spans_key)) or 0
        if self.config.max_spans is not None and spans > self.config.max_spans:
            return self.name
        limit = self.config.max_spans_per_1k_chars
        if limit is not None and (number(measures["spans_per_1k_chars"]) or 0) > limit:
            return self.name
        return None
