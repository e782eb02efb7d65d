"""Beam transform writing rows as Parquet shards, atomically and deterministically.

Shards: `part-00000-of-00004.parquet`, `ceil(rows / docs_per_shard)` of them, each row placed
by a hash of its id and sorted by id inside, so the same rows give byte-for-byte the same
files on every runner. A shard is written under `_tmp/` and renamed into place when complete:
a failure never leaves a half-written shard where readers look.

Writing takes two shuffles. Rows are first grouped by (shard, bucket), `BUCKETS_PER_SHARD`
small groups per shard, each written as a sorted piece under `_tmp/`; then the pieces' paths
are grouped by shard and merged. Grouping whole rows by shard alone makes a handful of keys
carry the corpus: Flink's batch GroupByKey pre-concatenates a key's values into one record,
which then exceeds a sort buffer ("The record exceeds the maximum size of a sort buffer") as
soon as a shard's rows pass a few MB. Paths are tiny, and a bucket is 1/64 of a shard.
"""

from __future__ import annotations

import hashlib
import math
import uuid

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from yisieve.pipeline.counters import counter
from yisieve.pipeline.io.arrow_schema import arrow_schema, conform, merge_kinds, row_kinds

TEMP_DIR = "_tmp"
BUCKETS_PER_SHARD = 64


def _id_hash(row_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(row_id.encode(), digest_size=8).digest(), "big")


def shard_of(row_id: str, num_shards: int) -> int:
    return _id_hash(row_id) % num_shards


def shard_and_bucket(row_id: str, num_shards: int) -> tuple[int, int]:
    """The row's shard, and one of BUCKETS_PER_SHARD buckets inside it (independent bits)."""
    value = _id_hash(row_id)
    return value % num_shards, (value // num_shards) % BUCKETS_PER_SHARD


def shard_count(total_rows: int, rows_per_shard: int) -> int:
    return max(1, math.ceil(total_rows / rows_per_shard))


class WritePiece(beam.DoFn):
    """Writes one bucket's rows as a temporary piece of its shard (the merge sorts by id)."""

    def __init__(self, output_dir: str, kind: str) -> None:
        self.output_dir = output_dir
        self.kind = kind

    def process(self, element, kinds):
        (shard, bucket), rows = element
        schema = arrow_schema(kinds)
        table = pa.Table.from_pylist([conform(row, schema) for row in rows], schema=schema)
        name = f"{self.kind}-piece-{shard:05d}-{bucket:03d}.{uuid.uuid4().hex}.parquet"
        path = FileSystems.join(self.output_dir, TEMP_DIR, name)
        with FileSystems.create(path) as stream:
            pq.write_table(table, stream, compression=None)
        yield shard, path


class WriteShard(beam.DoFn):
    """Merges one shard's pieces into a temporary file, then renames it into the output folder."""

    def __init__(self, output_dir: str, kind: str, compression: str) -> None:
        self.output_dir = output_dir
        self.kind = kind
        self.compression = None if compression == "none" else compression

    def setup(self) -> None:
        self.written = counter("total", self.kind)

    def process(self, element, num_shards):
        shard, pieces = element
        pieces = list(pieces)
        tables = []
        for piece in pieces:
            with FileSystems.open(piece) as stream:
                tables.append(pq.read_table(stream))
        table = pa.concat_tables(tables).sort_by("id").combine_chunks()
        name = f"part-{shard:05d}-of-{num_shards:05d}.parquet"
        final = FileSystems.join(self.output_dir, self.kind, name)
        temp = FileSystems.join(self.output_dir, TEMP_DIR, f"{self.kind}-{name}.{uuid.uuid4().hex}")
        with FileSystems.create(temp) as stream:
            pq.write_table(table, stream, compression=self.compression)
        FileSystems.rename([temp], [final])
        FileSystems.delete(pieces)
        self.written.inc(table.num_rows)
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
            | "AssignBucket"
            >> beam.Map(
                lambda row, n: (shard_and_bucket(row["id"], n), row),
                n=beam.pvalue.AsSingleton(num_shards),
            )
            | "GroupBucket" >> beam.GroupByKey()
            | "WritePiece"
            >> beam.ParDo(
                WritePiece(self.output_dir, self.kind), kinds=beam.pvalue.AsSingleton(kinds)
            )
            | "GroupPieces" >> beam.GroupByKey()
            | "Write"
            >> beam.ParDo(
                WriteShard(self.output_dir, self.kind, self.compression),
                num_shards=beam.pvalue.AsSingleton(num_shards),
            )
        )
