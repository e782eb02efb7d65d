"""Parquet output: one schema across shards, deterministic shard placement, binary sniffing."""

from __future__ import annotations

import pyarrow as pa

from yisieve.filters.payload_sniff import binary_kind
from yisieve.filters.text_normalization import normalize_for_hash, text_hash
from yisieve.pipeline.io.arrow_schema import arrow_schema, conform, merge_kinds, row_kinds
from yisieve.pipeline.io.shard_writer import shard_count, shard_of


def test_kinds_widen_and_fixed_columns_keep_their_type():
    rows = [
        {"id": "a", "lang_score": None, "x.count": 1, "x.flag": True},
        {"id": "b", "lang_score": 0.5, "x.count": 2.5, "x.label": "hi"},
    ]
    schema = arrow_schema(merge_kinds(row_kinds(row) for row in rows))
    assert schema.names == ["id", "lang_score", "x.count", "x.flag", "x.label"]
    assert schema.field("x.count").type == pa.float64()
    assert schema.field("lang_score").type == pa.float64()
    assert conform({"id": "a", "x.count": 1}, schema) == {
        "id": "a",
        "lang_score": None,
        "x.count": 1.0,
        "x.flag": None,
        "x.label": None,
    }


def test_merging_is_associative_so_beam_may_combine_in_any_order():
    parts = [{"a": "int"}, {"a": "float", "b": "null"}, {"b": "str"}]
    assert merge_kinds(parts) == merge_kinds([merge_kinds(parts[:2]), parts[2]])


def test_shards_are_a_pure_function_of_the_id():
    assert shard_count(0, 10) == 1
    assert shard_count(21, 10) == 3
    placed = [shard_of(f"doc{i}", 3) for i in range(300)]
    assert placed == [shard_of(f"doc{i}", 3) for i in range(300)]
    assert set(placed) == {0, 1, 2}


def test_binary_payloads_are_recognized_and_text_is_not():
    assert binary_kind(b"\x89PNG\r\n\x1a\n....") == "png"
    assert binary_kind(b"%PDF-1.4\n") == "pdf"
    assert binary_kind(b"\x00\x01\x02garbage" * 10) == "binary"
    assert binary_kind("<html><body>中文 text</body></html>".encode("gbk")) is None
    assert binary_kind("<html>".encode("utf-16")) is None
    assert binary_kind(b"") is None


def test_exact_duplicate_keys_ignore_case_digits_spacing_and_punctuation():
    assert normalize_for_hash("Hello,  World! 2024") == "hello world 0000"
    assert text_hash("Café — open 9am") == text_hash("cafe open 7AM")
    assert text_hash("中文文本。") == text_hash("中文文本")
    assert text_hash("one text") != text_hash("another text")
