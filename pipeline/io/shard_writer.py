"""Beam transform writing rows as Parquet shards, atomically and deterministically.

Shards: `part-00000-of-00004.parquet`, `ceil(rows / docs_per_shard)` of them, each row placed
by a hash of its id and sorted by id inside, so the same rows give byte-for-byte the same
files on every runner. A shard is written under `_tmp/` and renamed into place when complete:
a failure never leaves a half-written shard where readers look.
"""

from __future__ import annotations

import hashlib
import math
import uuid

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.counters import counter
from pipeline.io.arrow_schema import arrow_schema, conform, merge_kinds, row_kinds

TEMP_DIR = "_tmp"


def shard_of(row_id: str, num_shards: int) -> int:
    digest = hashlib.blake2b(row_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % num_shards


def shard_count(total_rows: int, rows_per_shard: int) -> int:
    return max(1, math.ceil(total_rows / rows_per_shard))


class WriteShard(beam.DoFn):
    """Writes one shard's rows to a temporary file, then renames it into the output folder."""

    def __init__(self, output_dir: str, kind: str, compression: str) -> None:
        self.output_dir = output_dir
        self.kind = kind
        self.compression = None if compression == "none" else compression

    def setup(self) -> None:
        self.written = counter("total", self.kind)

    def process(self, element, kinds, num_shards):
        shard, rows = element
        schema = arrow_schema(kinds)
        rows = sorted(rows, key=lambda row: row["id"])
        table = pa.Table.from_pylist([conform(row, schema) for row in rows], schema=schema)
        name = f"part-{shard:05d}-of-{num_shards:05d}.parquet"
        final = FileSystems.join(self.output_dir, self.kind, name)
        temp = FileSystems.join(self.output_dir, TEMP_DIR, f"{self.kind}-{name}.{uuid.uuid4().hex}")
        with FileSystems.create(temp) as stream:
            pq.write_table(table, stream, compression=self.compression)
        FileSystems.rename([temp], [final])
        self.written.inc(len(rows))
        yield final


class WriteParquetShards(beam.PTransform):
    """Rows (dicts with an 'id') -> OUT/<kind>/part-*.parquet; outputs the written paths."""

    def __init__(self, output_dir: str, kind: str, rows_per_shard: int, compression: str) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.kind = kind
        self.rows_per_shard = rows_per_shard
        self.compression = compression

    def expand(self, rows):
        rows_per_shard = self.rows_per_shard
        kinds = (
            rows
            | "Kinds" >> beam.Map(row_kinds)
            | "MergeKinds" >> beam.CombineGlobally(merge_kinds).without_defaults()
        )
        num_shards = (
            rows
            | "Count" >> beam.combiners.Count.Globally()
            | "Shards" >> beam.Map(shard_count, rows_per_shard)
        )
        return (
            rows
            | "AssignShard"
            >> beam.Map(
                lambda row, n: (shard_of(row["id"], n), row),
                n=beam.pvalue.AsSingleton(num_shards),
            )
            | "GroupShard" >> beam.GroupByKey()
            | "Write"
            >> beam.ParDo(
                WriteShard(self.output_dir, self.kind, self.compression),
                kinds=beam.pvalue.AsSingleton(kinds),
                num_shards=beam.pvalue.AsSingleton(num_shards),
            )
        )
