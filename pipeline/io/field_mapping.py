"""Which fields of a JSONL/Parquet record hold the text, id, URL and date."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.document import Document, ErrorRecord


@dataclass(frozen=True)
class FieldMapping:
    """Field names from the `input` config section."""

    text_field: str = "text"
    url_field: str = "url"
    id_field: str | None = None
    date_field: str | None = None

    def to_document(
        self,
        record: Mapping[str, Any],
        source: str,
        position: int,
        make_id: Callable[[str, int], str],
    ) -> Document | ErrorRecord:
        """A Document from one record, or an error naming the missing or mistyped text field."""
        text = record.get(self.text_field)
        if text is None:
            return ErrorRecord(
                source, position, "read", "missing_text_field",
                f"no {self.text_field!r} field (fields: {sorted(record)[:10]})",
            )
        if not isinstance(text, str):
            return ErrorRecord(
                source, position, "read", "text_not_a_string",
                f"{self.text_field!r} holds a {type(text).__name__}",
            )
        doc_id = record.get(self.id_field) if self.id_field else None
        url = record.get(self.url_field)
        date = record.get(self.date_field) if self.date_field else None
        return Document(
            id=str(doc_id) if doc_id is not None else make_id(source, position),
            text=text,
            url=url if isinstance(url, str) else None,
            source=f"{source}@{position}",
            crawl_date=str(date) if date is not None else None,
        )
