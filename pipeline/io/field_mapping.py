"""Which fields of a JSONL/Parquet record hold the text, id, URL and date."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from yisieve.pipeline.document import Document, ErrorRecord


@dataclass(frozen=True)
class FieldMapping:
    """Field names from the `input` config section; `a.b` reaches into nested objects, and a
    tuple of names takes the first one present (dolma keeps its URL at `metadata.url`)."""

    text_field: str = "text"
    url_field: str | tuple[str, ...] = ("url", "metadata.url")
    id_field: str | None = None
    date_field: str | tuple[str, ...] | None = None

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
                source,
                position,
                "read",
                "missing_text_field",
                f"no {self.text_field!r} field (fields: {sorted(record)[:10]})",
            )
        if not isinstance(text, str):
            return ErrorRecord(
                source,
                position,
                "read",
                "text_not_a_string",
                f"{self.text_field!r} holds a {type(text).__name__}",
            )
        doc_id = field_value(record, self.id_field)
        url = field_value(record, self.url_field)
        date = field_value(record, self.date_field)
        return Document(
            id=str(doc_id) if doc_id is not None else make_id(source, position),
            text=text,
            url=url if isinstance(url, str) else None,
            source=f"{source}@{position}",
            crawl_date=str(date) if date is not None else None,
        )


def field_value(record: Mapping[str, Any], names: str | tuple[str, ...] | None) -> Any:
    """The value at the first of `names` present in the record (dotted paths nest)."""
    if names is None:
        return None
    for name in (names,) if isinstance(names, str) else names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None:
            return value
    return None
