"""Beam pipeline: kept Parquet shards -> binary token shards for the trainer (`yisieve tokenize`).

Each document is encoded (the tokenizer loads once per worker, in `DoFn.setup`), followed by
<|endoftext|>, and assigned to `train` or `validation` by a hash of its id, so the split is the
same on every runner and every rerun. Documents go to shards by a hash of their id and sit
sorted by id inside a shard: the same input gives byte-identical shards on every runner.

Accounting: every document read is counted once as `kept` (tokenized), `rejected`
(`tokenize.empty`: no text) or `errors` (unreadable file or row, failed encoding); error
records (file, row or id, message) go to OUT/errors/errors.jsonl.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid

import apache_beam as beam
import numpy as np
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from yisieve.models.token_shards import token_dtype, write_token_shard
from yisieve.pipeline.counters import counter

STAGE = "tokenize"
SPLITS = ("train", "validation")
READ_BATCH_ROWS = 1_024


def hash_fraction(document_id: str) -> float:
    """A stable number in [0, 1) from the document id."""
    digest = hashlib.blake2b(document_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def split_of(document_id: str, validation_fraction: float) -> str:
    return "validation" if hash_fraction(document_id) < validation_fraction else "train"


def shard_of(document_id: str, num_shards: int) -> int:
    digest = hashlib.blake2b(document_id.encode(), digest_size=8, person=b"shard").digest()
    return int.from_bytes(digest, "big") % num_shards


class ReadKeptDocuments(beam.DoFn):
    """A kept Parquet shard -> (id, text) pairs; an unreadable file is counted as an error."""

    def setup(self) -> None:
        self.read = counter("total", "input")
        self.errors = counter("total", "errors")
        self.unreadable = counter("error", f"{STAGE}.unreadable_parquet")

    def process(self, path: str):
        row = 0
        try:
            with FileSystems.open(path) as stream:
                parquet = pq.ParquetFile(stream)
                for batch in parquet.iter_batches(
                    batch_size=READ_BATCH_ROWS, columns=["id", "text"]
                ):
                    for record in batch.to_pylist():
                        row += 1
                        self.read.inc()
                        yield record["id"] or f"{path}#{row}", record["text"] or ""
        except Exception as error:  # pyarrow raises ArrowInvalid, OSError, KeyError...
            self.read.inc()
            self.errors.inc()
            self.unreadable.inc()
            yield beam.pvalue.TaggedOutput(
                "errors", {"path": path, "row": row, "error": str(error)}
            )


class EncodeDocuments(beam.DoFn):
    """(id, text) -> (split, (id, tokens + <|endoftext|>)) with the worker's one tokenizer."""

    def __init__(self, tokenizer_path: str, validation_fraction: float) -> None:
        self.tokenizer_path = tokenizer_path
        self.validation_fraction = validation_fraction

    def setup(self) -> None:
        from yisieve.models.tokenizer import YiTokenizer

        self.tokenizer = YiTokenizer(self.tokenizer_path)
        self.dtype = token_dtype(self.tokenizer.vocab_size)
        self.kept = counter("total", "kept")
        self.rejected = counter("total", "rejected")
        self.empty = counter("reject", f"{STAGE}.empty")
        self.errors = counter("total", "errors")
        self.failed = counter("error", f"{STAGE}.encode_failed")
        self.tokens = counter("flow", f"{STAGE}.tokens")

    def process(self, element):
        document_id, text = element
        if not text.strip():
            self.rejected.inc()
            self.empty.inc()
            return
        try:
            ids = self.tokenizer.encode(text, eos=True)
        except Exception as error:  # sentencepiece raises RuntimeError/TypeError on bad input
            self.errors.inc()
            self.failed.inc()
            yield beam.pvalue.TaggedOutput("errors", {"id": document_id, "error": str(error)})
            return
        self.kept.inc()
        self.tokens.inc(len(ids))
        split = split_of(document_id, self.validation_fraction)
        yield split, (document_id, np.asarray(ids, dtype=self.dtype))


class WriteTokenShard(beam.DoFn):
    """((split, shard, num_shards), documents) -> OUT/<split>/part-*.bin, written atomically."""

    def __init__(self, output_dir: str) -> None:
        self.output_dir = output_dir

    def process(self, element):
        (split, shard, num_shards), documents = element
        documents = sorted(documents, key=lambda item: item[0])
        arrays = [tokens for _, tokens in documents]
        name = f"part-{shard:05d}-of-{num_shards:05d}.bin"
        final = FileSystems.join(self.output_dir, split, name)
        temp = FileSystems.join(self.output_dir, "_tmp", f"{split}-{name}.{uuid.uuid4().hex}")
        with FileSystems.create(temp) as stream:
            tokens = write_token_shard(stream, arrays, arrays[0].dtype)
        FileSystems.rename([temp], [final])
        yield {"split": split, "path": final, "documents": len(arrays), "tokens": tokens}


def assign_shard(element, counts, docs_per_shard: int):
    split, (document_id, tokens) = element
    num_shards = max(1, math.ceil(counts[split] / docs_per_shard))
    return (split, shard_of(document_id, num_shards), num_shards), (document_id, tokens)


def build_tokenize_pipeline(
    pipeline: beam.Pipeline,
    files: list[str],
    output_dir: str,
    tokenizer_path: str,
    validation_fraction: float,
    docs_per_shard: int,
):
    """Adds the tokenize graph to `pipeline`; returns the PCollection of written shard records."""
    read = (
        pipeline
        | "Files" >> beam.Create(files)
        | "Read" >> beam.ParDo(ReadKeptDocuments()).with_outputs("errors", main="documents")
    )
    encoded = (
        read.documents
        | "Spread" >> beam.Reshuffle()
        | "Encode"
        >> beam.ParDo(EncodeDocuments(tokenizer_path, validation_fraction)).with_outputs(
            "errors", main="encoded"
        )
    )
    counts = (
        encoded.encoded
        | "SplitKeys" >> beam.Map(lambda item: (item[0], 1))
        | "CountPerSplit" >> beam.CombinePerKey(beam.CombineFn.from_callable(sum))
    )
    errors_path = FileSystems.join(output_dir, "errors", "errors")
    (
        (read.errors, encoded.errors)
        | "AllErrors" >> beam.Flatten()
        | "ErrorJson" >> beam.Map(lambda record: json.dumps(record, sort_keys=True))
        | "WriteErrors"
        >> beam.io.WriteToText(errors_path, file_name_suffix=".jsonl", shard_name_template="")
    )
    return (
        encoded.encoded
        | "AssignShard"
        >> beam.Map(assign_shard, counts=beam.pvalue.AsDict(counts), docs_per_shard=docs_per_shard)
        | "GroupShards" >> beam.GroupByKey()
        | "WriteShards" >> beam.ParDo(WriteTokenShard(output_dir))
    )
