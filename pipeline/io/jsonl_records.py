"""Documents of a JSON-lines file (plain or compressed), one object per line.

A line that is not valid JSON, not an object, or lacks the text field is an error record with
its line number; a blank line is no record at all and is only counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from yisieve.pipeline.document import Document, ErrorRecord, stable_document_id
from yisieve.pipeline.io.field_mapping import FieldMapping
from yisieve.pipeline.io.warc_records import SkippedRecord

JsonlItem = Document | ErrorRecord | SkippedRecord


def read_jsonl_records(stream: BinaryIO, source: str, fields: FieldMapping) -> Iterator[JsonlItem]:
    """Every line of the stream as a Document, an ErrorRecord or a blank-line skip."""
    line_number = 0
    try:
        # readline, not iteration: Beam's decompressing streams are not iterable.
        for line_number, line in enumerate(iter(stream.readline, b""), start=1):  # noqa: B007
            if not line.strip():
                yield SkippedRecord("blank_line")
                continue
            yield _parse_line(line, line_number, source, fields)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        # A truncated or corrupt compressed stream: what was read stays, the rest is one error.
        yield ErrorRecord(source, line_number + 1, "read", "unreadable_stream", str(error))


def _parse_line(line: bytes, line_number: int, source: str, fields: FieldMapping) -> JsonlItem:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return ErrorRecord(source, line_number, "read", "malformed_json", str(error))
    if not isinstance(record, dict):
        kind = type(record).__name__
        return ErrorRecord(source, line_number, "read", "not_an_object", f"line holds a {kind}")
    return fields.to_document(record, source, line_number, stable_document_id)
