"""The three outcomes of every step, and the one way to route a document to them.

Each step (reader, extraction, every stage) hands on a document, or sets it aside as a
`Rejected` (with its reason) or an `ErrorRecord`; the builder flattens the set-aside ones into
the `rejected/` and `errors/` writers. Routing here counts each outcome as it tags it, so a
rejection can never be emitted without its reason counter (the accounting invariant of
docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import apache_beam as beam
from apache_beam.pvalue import TaggedOutput

from yisieve.pipeline.counters import StageCounters, count_error
from yisieve.pipeline.document import Document, ErrorRecord, Rejected

DOCUMENTS = "documents"  # the main output of a step: documents that go on
KEPT = "kept"  # the documents left after the last stage (the writer's folder)
REJECTED = "rejected"
ERRORS = "errors"

Outcome = Document | Rejected | ErrorRecord


def route(outcome: Outcome, counters: StageCounters) -> Document | TaggedOutput:
    """Counts one outcome of a step and tags it for its output (documents stay untagged)."""
    if isinstance(outcome, Rejected):
        counters.rejected(outcome.reason)
        return TaggedOutput(REJECTED, outcome)
    if isinstance(outcome, ErrorRecord):
        count_error(outcome.kind)
        return TaggedOutput(ERRORS, outcome)
    counters.passed()
    return outcome


def reject(doc: Document, reason: str, counters: StageCounters) -> TaggedOutput:
    """`doc` goes to the rejected output as `reason` (`<stage>.<rule>`), counted."""
    counters.rejected(reason)
    return TaggedOutput(REJECTED, Rejected(doc, reason))


def document_error(doc: Document, stage: str, error: str, exception: BaseException) -> ErrorRecord:
    """An error record for a document that failed inside a stage, naming its file and offset."""
    source, _, offset = doc.source.rpartition("@")
    return ErrorRecord(
        source or doc.source,
        int(offset) if offset.isdigit() else None,
        stage,
        error,
        repr(exception)[:500],
        doc.url,
    )


def outcomes_of(tagged: Any, *tags: str) -> dict[str, Any]:
    """{'documents', tag...} of a ParDo run `.with_outputs(*tags, main=DOCUMENTS)`."""
    return {DOCUMENTS: tagged[DOCUMENTS], **{tag: tagged[tag] for tag in tags}}


def with_rejections(documents: Any, rejected: Sequence[Any]) -> dict[str, Any]:
    """A stage's outputs after several steps: their rejections flattened into one output."""
    outputs = {DOCUMENTS: documents}
    if rejected:
        outputs[REJECTED] = tuple(rejected) | "Rejected" >> beam.Flatten()
    return outputs
