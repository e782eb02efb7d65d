"""One Parquet schema for all shards of an output, whatever annotations each document has.

Rows are scanned for (column -> value kind); kinds merge associatively, so Beam combines them
in parallel and every shard is written with the same columns (missing values are null).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

# Kinds widen along bool < int < float < str; "null" is the identity.
_WIDENING = ("null", "bool", "int", "float", "str")
_ARROW = {
    "null": pa.string(),
    "bool": pa.bool_(),
    "int": pa.int64(),
    "float": pa.float64(),
    "str": pa.string(),
}
# Columns whose type must not depend on the data seen (they are null in some outputs).
FIXED = {
    "id": "str",
    "url": "str",
    "text": "str",
    "source": "str",
    "crawl_date": "str",
    "lang": "str",
    "lang_score": "float",
    "reason": "str",
}


def value_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def row_kinds(row: Mapping[str, Any]) -> dict[str, str]:
    return {column: value_kind(value) for column, value in row.items()}


def merge_kinds(kind_maps: Iterable[Mapping[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for kinds in kind_maps:
        for column, kind in kinds.items():
            known = merged.get(column, "null")
            merged[column] = max(known, kind, key=_WIDENING.index)
    return merged


def arrow_schema(kinds: Mapping[str, str]) -> pa.Schema:
    """Fixed columns first in their usual order, then annotations sorted by name."""
    kinds = {**kinds, **{column: kind for column, kind in FIXED.items() if column in kinds}}
    fixed = [column for column in FIXED if column in kinds]
    rest = sorted(column for column in kinds if column not in FIXED)
    return pa.schema([(column, _ARROW[kinds[column]]) for column in fixed + rest])


def conform(row: Mapping[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """The row with every schema column, values cast to the column's kind."""
    out = {}
    for field in schema:
        value = row.get(field.name)
        if value is not None and pa.types.is_string(field.type) and not isinstance(value, str):
            value = str(value)
        elif value is not None and pa.types.is_floating(field.type):
            value = float(value)
        out[field.name] = value
    return out
