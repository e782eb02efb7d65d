"""Beam transform that runs a `DocumentStage` (rewrites + rules) on every document.

This is the one place where per-document logic meets Beam: rules stay Beam-free, and counting,
tagging and batching come from here for free.
"""

from __future__ import annotations

from collections.abc import Sequence

import apache_beam as beam

from yisieve.filters.stage import DocumentStage, StageVerdict
from yisieve.pipeline.counters import StageCounters
from yisieve.pipeline.document import Document, ErrorRecord
from yisieve.pipeline.outputs import (
    DOCUMENTS,
    ERRORS,
    REJECTED,
    document_error,
    outcomes_of,
    reject,
    route,
)


class JudgeDocuments(beam.DoFn):
    """Applies the stage to a batch of documents; heavy resources load once, in setup."""

    def __init__(self, stage: DocumentStage) -> None:
        self.stage = stage

    def setup(self) -> None:
        self.stage.setup()
        self.counters = StageCounters(self.stage.name)

    def process(self, batch: Sequence[Document]):
        self.counters.entered(len(batch))
        verdicts: Sequence[StageVerdict | ErrorRecord]
        try:
            with self.counters.timed(len(batch)):
                verdicts = self.stage.judge_batch(batch)
        except Exception:
            # One bad document must not sink its batch: retry one by one to isolate it.
            verdicts = [self._judge_alone(doc) for doc in batch]
        for doc, verdict in zip(batch, verdicts, strict=True):
            yield self._route(doc, verdict)

    def _judge_alone(self, doc: Document) -> StageVerdict | ErrorRecord:
        try:
            return self.stage.judge(doc)
        except Exception as error:
            return document_error(doc, self.stage.name, "rule_failure", error)

    def _route(self, doc: Document, verdict: StageVerdict | ErrorRecord):
        if isinstance(verdict, ErrorRecord):
            return route(verdict, self.counters)
        for key, value in self.stage.tallies(verdict).items():
            if value:
                self.counters.tally(key, value)
        changes: dict[str, object] = {"text": verdict.text, "annotations": verdict.annotations}
        if verdict.lang is not None:
            changes.update(lang=verdict.lang, lang_score=verdict.lang_score)
        judged = doc.evolve(**changes)
        if verdict.reason is None:
            return route(judged, self.counters)
        return reject(judged, verdict.reason, self.counters)


class ApplyDocumentStage(beam.PTransform):
    """Documents -> {'documents', 'rejected', 'errors'} through one stage."""

    def __init__(self, stage: DocumentStage) -> None:
        super().__init__()
        self.stage = stage

    def expand(self, documents):
        size = max(1, self.stage.batch_size)
        batches = (
            documents | "Batch" >> beam.BatchElements(min_batch_size=size, max_batch_size=size)
            if size > 1
            else documents | "Single" >> beam.Map(lambda doc: [doc])
        )
        outputs = batches | "Judge" >> beam.ParDo(JudgeDocuments(self.stage)).with_outputs(
            REJECTED, ERRORS, main=DOCUMENTS
        )
        return outcomes_of(outputs, REJECTED, ERRORS)


def document_stage_transform(build_stage):
    """Registry helper: a stage factory (config -> DocumentStage) as a transform factory."""

    def build(config) -> ApplyDocumentStage:
        return ApplyDocumentStage(build_stage(config))

    return build
