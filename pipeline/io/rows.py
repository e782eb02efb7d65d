"""Flat rows for the Parquet outputs: the Document fields, then one column per annotation."""

from __future__ import annotations

import dataclasses
from typing import Any

from yisieve.pipeline.document import Document, ErrorRecord, Rejected

DOCUMENT_COLUMNS = ("id", "url", "text", "source", "crawl_date", "lang", "lang_score")


def document_row(doc: Document) -> dict[str, Any]:
    row = {column: getattr(doc, column) for column in DOCUMENT_COLUMNS}
    row.update(doc.annotations)
    return row


def rejected_row(rejected: Rejected) -> dict[str, Any]:
    row = document_row(rejected.document)
    row["reason"] = rejected.reason
    return row


def error_row(error: ErrorRecord) -> dict[str, Any]:
    row = dataclasses.asdict(error)
    row["id"] = f"{error.source}@{error.offset}:{error.stage}.{error.error}"
    return row
