"""JSONL and Parquet readers: every line or row becomes one document, error or counted skip."""

from __future__ import annotations

import gzip
import io
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq

from yisieve.pipeline.document import Document, ErrorRecord
from yisieve.pipeline.io.decompress import open_decompressed
from yisieve.pipeline.io.field_mapping import FieldMapping
from yisieve.pipeline.io.jsonl_records import read_jsonl_records
from yisieve.pipeline.io.parquet_records import read_parquet_records
from yisieve.pipeline.io.warc_records import SkippedRecord

FIELDS = FieldMapping()


def classify(items) -> Counter:
    counts: Counter = Counter()
    for item in items:
        if isinstance(item, ErrorRecord):
            counts[item.kind] += 1
        elif isinstance(item, SkippedRecord):
            counts[f"skip.{item.record_type}"] += 1
        else:
            counts["document"] += 1
    return counts


def test_malformed_jsonl_keeps_good_lines_and_reports_bad_ones_with_line_numbers(bad_input):
    with open(bad_input / "malformed.jsonl", "rb") as stream:
        items = list(read_jsonl_records(stream, "malformed.jsonl", FIELDS))
    assert classify(items) == Counter(
        {"document": 3, "read.malformed_json": 1, "read.not_an_object": 1, "skip.blank_line": 1}
    )
    errors = {item.error: item.offset for item in items if isinstance(item, ErrorRecord)}
    assert errors == {"malformed_json": 2, "not_an_object": 5}


def test_empty_documents_are_read_and_a_missing_text_field_is_an_error(bad_input):
    with open(bad_input / "empty_docs.jsonl", "rb") as stream:
        items = list(read_jsonl_records(stream, "empty_docs.jsonl", FIELDS))
    assert classify(items) == Counter({"document": 5, "read.missing_text_field": 1})
    texts = [item.text for item in items if isinstance(item, Document)]
    assert sum(1 for text in texts if not text.strip()) == 3


def test_truncated_gzip_jsonl_reports_one_error_after_the_readable_lines(sample_crawl, tmp_path):
    data = (sample_crawl / "dolma-CC-MAIN-2019-30-00140.head250.jsonl.gz").read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    with open_decompressed(str(cut)) as stream:
        items = list(read_jsonl_records(stream, "cut.jsonl.gz", FIELDS))
    counts = classify(items)
    assert counts["read.unreadable_stream"] == 1
    assert 50 < counts["document"] < 250


def test_ids_come_from_the_configured_field_or_a_stable_hash():
    line = b'{"id": "abc", "text": "hello", "url": "http://x"}\n'
    (by_field,) = read_jsonl_records(io.BytesIO(line), "f.jsonl", FieldMapping(id_field="id"))
    (hashed,) = read_jsonl_records(io.BytesIO(line), "f.jsonl", FIELDS)
    (again,) = read_jsonl_records(io.BytesIO(line), "f.jsonl", FIELDS)
    assert by_field.id == "abc"
    assert hashed.id == again.id != "abc"
    assert hashed.source == "f.jsonl@1"


def test_parquet_rows_with_a_configurable_text_field(tmp_path):
    table = pa.table({"content": ["first doc", None, "third"], "link": ["u1", "u2", "u3"]})
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    fields = FieldMapping(text_field="content", url_field="link")
    with open(path, "rb") as stream:
        items = list(read_parquet_records(stream, "t.parquet", fields))
    assert classify(items) == Counter({"document": 2, "read.missing_text_field": 1})
    assert [item.url for item in items if isinstance(item, Document)] == ["u1", "u3"]


def test_parquet_without_the_text_column_is_one_clear_error(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    with open(path, "rb") as stream:
        (error,) = read_parquet_records(stream, "t.parquet", FIELDS)
    assert error.error == "missing_text_field" and "body" in error.message


def test_a_corrupt_parquet_file_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(gzip.compress(b"not parquet"))
    with open(path, "rb") as stream:
        (error,) = read_parquet_records(stream, "bad.parquet", FIELDS)
    assert error.error == "unreadable_parquet"


def test_nested_url_fields_are_found():
    line = b'{"text": "hello", "metadata": {"url": "http://nested"}}\n'
    (doc,) = read_jsonl_records(io.BytesIO(line), "f.jsonl", FIELDS)
    assert doc.url == "http://nested"
