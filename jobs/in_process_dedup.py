"""The dedup stage's Beam transform run over an in-memory collection, in this process.

Used by `yisieve.dedup(...)`: the same transform as in `yisieve clean`, on Beam's in-process
FnApiRunner, so small collections get the pipeline's exact decisions without files.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from yisieve.pipeline.dedup import Dedup, DedupConfig
from yisieve.pipeline.document import Document, Rejected
from yisieve.pipeline.outputs import DOCUMENTS, KEPT, REJECTED

# Results of in-process runs, by run token. The FnApiRunner executes in this process, so the
# collecting DoFn reaches this dict; a token keeps concurrent runs apart.
_COLLECTED: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))


class Collect(beam.DoFn):
    def __init__(self, token: str, kind: str) -> None:
        self.token, self.kind = token, kind

    def process(self, element):
        _COLLECTED[self.token][self.kind].append(element)


def dedup_in_process(
    documents: list[Document], config: DedupConfig
) -> tuple[list[Document], list[Rejected]]:
    """(kept, rejected) of `documents`, kept in input order."""
    ids = [doc.id for doc in documents]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique for dedup")
    token = uuid.uuid4().hex
    try:
        with beam.Pipeline(runner=FnApiRunner()) as pipeline:
            outputs = pipeline | beam.Create(documents, reshuffle=False) | Dedup(config)
            _ = outputs[DOCUMENTS] | "CollectKept" >> beam.ParDo(Collect(token, KEPT))
            if REJECTED in outputs:
                _ = outputs[REJECTED] | "CollectRejected" >> beam.ParDo(Collect(token, REJECTED))
        found = _COLLECTED[token]
        position = {doc_id: index for index, doc_id in enumerate(ids)}
        kept = sorted(found[KEPT], key=lambda doc: position[doc.id])
        rejected = sorted(found[REJECTED], key=lambda item: position[item.document.id])
        return kept, rejected
    finally:
        _COLLECTED.pop(token, None)
