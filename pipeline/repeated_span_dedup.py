"""Sub-document dedup in Beam: cut spans that occurred earlier in the corpus.

occurrences (content hash -> (document key, position)) are grouped by hash; within a group the
first occurrence in (document id, position) order is kept and every other one is sent back to
its document, which then cuts those spans. The shuffle is one small record per window (or
line), so the work scales out with the corpus; no suffix array, no global set on one worker.
Documents left shorter than `min_chars` are rejected as `dedup.<kind>_emptied`.
"""

from __future__ import annotations

import hashlib
from typing import Literal

import apache_beam as beam
from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.dedup.repeated_spans import DEFAULT_MIN_TOKENS, RepeatedLines, RepeatedWindows
from yisieve.pipeline.counters import StageCounters
from yisieve.pipeline.document import Document
from yisieve.pipeline.outputs import DOCUMENTS, REJECTED, outcomes_of, reject, route

STAGE = "dedup"
# As the length stage's default: shorter than a couple of sentences is no training document.
DEFAULT_MIN_CHARS = 50


class SubstringConfig(StageSection):
    """`stages.dedup.substring`: exact repeated spans of >= min_tokens tokens."""

    min_tokens: int = Field(
        default=DEFAULT_MIN_TOKENS,
        ge=2,
        description="a span of this many tokens seen earlier in the corpus is cut (Lee et al.)",
    )
    min_chars: int = Field(
        default=DEFAULT_MIN_CHARS,
        ge=0,
        description="shorter afterwards: rejected as dedup.substring_emptied",
    )


class LinesConfig(StageSection):
    """`stages.dedup.lines`: CCNet-style exact dedup of normalized lines or paragraphs."""

    enabled: bool = Field(default=False, description="run this step; off by default")
    unit: Literal["line", "paragraph"] = Field(
        default="line", description="what is deduplicated: line | paragraph"
    )
    min_chars: int = Field(
        default=DEFAULT_MIN_CHARS, ge=0, description="shorter afterwards: dedup.lines_emptied"
    )


def document_key(doc: Document) -> tuple[str, str]:
    """The id, plus a text digest so two records sharing an id never mix their spans."""
    return (doc.id, hashlib.blake2b(doc.text.encode(), digest_size=8).hexdigest())


def _occurrences(doc: Document, scheme):
    key = document_key(doc)
    for content_hash, position in scheme.occurrences(doc.text):
        yield content_hash, (key, position)


def _later_occurrences(element):
    """All occurrences but the first (two passes over the re-iterable group)."""
    _, occurrences = element
    first = min(occurrences)
    for occurrence in occurrences:
        if occurrence != first:
            yield occurrence


class CutRepeats(beam.DoFn):
    """(document key, {doc, positions}) -> the document with repeated spans cut, or rejected."""

    def __init__(self, scheme, min_chars: int) -> None:
        self.scheme = scheme
        self.min_chars = min_chars

    def setup(self) -> None:
        self.counters = StageCounters(f"{STAGE}.{self.scheme.name}")

    def process(self, element):
        _, grouped = element
        positions = list(grouped["positions"])
        for doc in grouped["doc"]:
            self.counters.entered()
            if not positions:
                yield route(doc, self.counters)
                continue
            with self.counters.timed():
                text, removed = self.scheme.remove(doc.text, positions)
            notes = {f"{STAGE}.{self.scheme.name}_removed_chars": removed}
            edited = doc.evolve(text=text, annotations=notes)
            if len(text.strip()) < self.min_chars:
                yield reject(edited, f"{STAGE}.{self.scheme.name}_emptied", self.counters)
                continue
            yield route(edited, self.counters)


class RemoveRepeatedSpans(beam.PTransform):
    """Documents -> {'documents', 'rejected'} with every non-first repeated span cut."""

    def __init__(self, scheme: RepeatedWindows | RepeatedLines, min_chars: int) -> None:
        super().__init__()
        self.scheme = scheme
        self.min_chars = min_chars

    def expand(self, documents):
        scheme = self.scheme
        repeated = (
            documents
            | "Occurrences" >> beam.FlatMap(_occurrences, scheme)
            | "ByContent" >> beam.GroupByKey()
            | "LaterOccurrences" >> beam.FlatMap(_later_occurrences)
        )
        by_key = documents | "ByDocument" >> beam.Map(lambda doc: (document_key(doc), doc))
        split = (
            {"doc": by_key, "positions": repeated}
            | "JoinPositions" >> beam.CoGroupByKey()
            | "Cut"
            >> beam.ParDo(CutRepeats(scheme, self.min_chars)).with_outputs(REJECTED, main=DOCUMENTS)
        )
        return outcomes_of(split, REJECTED)


class ExactSubstringDedup(RemoveRepeatedSpans):
    def __init__(self, config: SubstringConfig) -> None:
        super().__init__(RepeatedWindows(config.min_tokens), config.min_chars)


class LineDedup(RemoveRepeatedSpans):
    def __init__(self, config: LinesConfig) -> None:
        super().__init__(RepeatedLines(config.unit), config.min_chars)
