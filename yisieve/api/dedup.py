"""`yisieve.dedup(documents)`: near- and substring-dedup of a small collection in this process."""

from __future__ import annotations

from collections.abc import Iterable

from yisieve.api.ready_stage import TextOrDocument
from yisieve.jobs.in_process_dedup import dedup_in_process
from yisieve.pipeline.config import RunConfig, load_config
from yisieve.pipeline.document import Document, Rejected


def dedup(
    documents: Iterable[TextOrDocument], config: RunConfig | None = None
) -> tuple[list[Document], list[Rejected]]:
    """(kept, rejected) after the `dedup` stage (MinHash, lines, substrings as configured).

    Runs the pipeline's own Beam transform on Beam's in-process runner, so the decisions are
    the ones `yisieve clean` makes; meant for collections that fit in memory. Texts without
    an id get `doc-<position>`.
    """
    docs = [as_document(item, position) for position, item in enumerate(documents)]
    return dedup_in_process(docs, (config or load_config()).stages.dedup)


def as_document(item: TextOrDocument, position: int) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(id=f"doc-{position}", text=item)
    fields = {key: item[key] for key in ("id", "url", "lang") if item.get(key) is not None}
    return Document(**{"id": f"doc-{position}", **fields, "text": item["text"]})
