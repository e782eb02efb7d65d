"""The kept Parquet shards of a `yisieve clean` run, as inputs of the training-data commands."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator

import pyarrow.parquet as pq

BATCH_ROWS = 1_024


class KeptShardsError(ValueError):
    """An input names nothing readable as kept shards."""


def expand_kept_shards(inputs: list[str]) -> list[str]:
    """Files, globs, or clean output folders (-> OUT/kept/*.parquet), sorted, deduplicated."""
    files: set[str] = set()
    for item in inputs:
        if os.path.isdir(item):
            kept = os.path.join(item, "kept")
            folder = kept if os.path.isdir(kept) else item
            found = glob.glob(os.path.join(folder, "*.parquet"))
        else:
            found = glob.glob(item)
        if not found:
            raise KeptShardsError(f"no Parquet shards at {item!r}")
        files.update(found)
    return sorted(files)


def iter_kept_texts(files: list[str], text_column: str = "text") -> Iterator[str]:
    """Document texts of the shards, in file order, read in record batches."""
    for path in files:
        parquet = pq.ParquetFile(path)
        if text_column not in parquet.schema_arrow.names:
            raise KeptShardsError(f"{path}: no column {text_column!r}")
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=[text_column]):
            yield from (text for text in batch.column(0).to_pylist() if text)
