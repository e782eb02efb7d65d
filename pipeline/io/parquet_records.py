"""Documents of a Parquet file, read in record batches so a big file never sits in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyarrow.parquet as pq

from yisieve.pipeline.document import Document, ErrorRecord, stable_document_id
from yisieve.pipeline.io.field_mapping import FieldMapping

BATCH_ROWS = 2_048


def read_parquet_records(
    stream: BinaryIO, source: str, fields: FieldMapping
) -> Iterator[Document | ErrorRecord]:
    """Every row as a Document (row number is the position), or an error for a bad row/file."""
    try:
        parquet = pq.ParquetFile(stream)
    except Exception as error:  # pyarrow raises ArrowInvalid and friends
        yield ErrorRecord(source, None, "read", "unreadable_parquet", str(error))
        return
    if fields.text_field not in parquet.schema_arrow.names:
        yield ErrorRecord(
            source,
            None,
            "read",
            "missing_text_field",
            f"no column {fields.text_field!r} (columns: {parquet.schema_arrow.names[:10]})",
        )
        return
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            for record in batch.to_pylist():
                yield fields.to_document(record, source, row, stable_document_id)
                row += 1
    except Exception as error:
        yield ErrorRecord(source, row, "read", "unreadable_parquet", str(error))
