"""The records that flow through the cleaning pipeline.

Plain, picklable dataclasses: Beam ships them between workers, so they carry only what a later
stage or the output needs. Nothing here imports Beam.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

AnnotationValue = float | int | str | bool | None


def stable_document_id(source_name: str, offset: int | str) -> str:
    """A id that is the same on every run and runner: a hash of the source file and position.

    Only the file's base name is used, so the same crawl read from a local copy or from gs://
    yields the same ids (the input expansion refuses duplicate base names within one run).
    """
    digest = hashlib.blake2b(f"{source_name}\x00{offset}".encode(), digest_size=10)
    return digest.hexdigest()


@dataclass(frozen=True)
class Document:
    """One document: text plus provenance, language and the annotations stages wrote."""

    id: str
    text: str
    url: str | None = None
    source: str = ""
    crawl_date: str | None = None
    lang: str | None = None
    lang_score: float | None = None
    annotations: dict[str, AnnotationValue] = field(default_factory=dict)

    def evolve(self, **changes: Any) -> Document:
        """A copy with some fields changed; annotations given here are merged, not replaced."""
        new_annotations = changes.pop("annotations", None)
        if new_annotations:
            changes["annotations"] = {**self.annotations, **new_annotations}
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Rejected:
    """A document a stage dropped, with the reason `<stage>.<rule>`."""

    document: Document
    reason: str


@dataclass(frozen=True)
class ErrorRecord:
    """An input record that could not be read or processed: where it was and what went wrong."""

    source: str
    offset: int | None
    stage: str
    error: str
    message: str
    url: str | None = None

    @property
    def kind(self) -> str:
        return f"{self.stage}.{self.error}"


@dataclass(frozen=True)
class RawPage:
    """A WARC response before text extraction: the payload and what the headers said of it."""

    id: str
    url: str | None
    source: str
    offset: int
    crawl_date: str | None
    content_type: str | None
    payload: bytes
    truncated: str | None = None
