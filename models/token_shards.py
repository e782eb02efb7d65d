"""Binary token shard format, shared by the tokenize job (writer) and the trainer (reader).

Layout, little-endian:
  header  32 bytes: magic b"YITOKENS", version u32, bytes per token u32 (2 = uint16,
          4 = uint32), token count u64, document count u64
  tokens  token count x dtype; documents back to back, each ending with <|endoftext|>
  index   (document count + 1) x uint64: token offset where each document starts, then the end

uint16 whenever the vocabulary fits (Yi's 64,000 < 65,536) halves disk and page cache.
The token array is read memory-mapped, so a shard never has to fit in RAM.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

MAGIC = b"YITOKENS"
VERSION = 1
HEADER = struct.Struct("<8sIIQQ")
HEADER_BYTES = HEADER.size  # 32


def token_dtype(vocab_size: int) -> np.dtype:
    return np.dtype(np.uint16) if vocab_size <= 1 << 16 else np.dtype(np.uint32)


def write_token_shard(stream: BinaryIO, documents: list[np.ndarray], dtype: np.dtype) -> int:
    """Writes documents (token arrays, eos already appended) as one shard; returns tokens."""
    dtype = np.dtype(dtype).newbyteorder("<")
    lengths = np.array([len(doc) for doc in documents], dtype=np.uint64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype("<u8")
    total = int(offsets[-1])
    stream.write(HEADER.pack(MAGIC, VERSION, dtype.itemsize, total, len(documents)))
    for doc in documents:
        stream.write(np.asarray(doc).astype(dtype, copy=False).tobytes())
    stream.write(offsets.tobytes())
    return total


@dataclass(frozen=True)
class ShardHeader:
    itemsize: int
    token_count: int
    document_count: int

    @property
    def dtype(self) -> np.dtype:
        return np.dtype("<u2") if self.itemsize == 2 else np.dtype("<u4")


def read_header(path: str | Path) -> ShardHeader:
    with open(path, "rb") as stream:
        raw = stream.read(HEADER_BYTES)
    if len(raw) < HEADER_BYTES:
        raise ValueError(f"{path}: truncated token shard header")
    magic, version, itemsize, tokens, documents = HEADER.unpack(raw)
    if magic != MAGIC:
        raise ValueError(f"{path}: not a token shard (magic {magic!r})")
    if version != VERSION:
        raise ValueError(f"{path}: token shard version {version}, this reader knows {VERSION}")
    if itemsize not in (2, 4):
        raise ValueError(f"{path}: bad token size {itemsize}")
    return ShardHeader(itemsize, tokens, documents)


class TokenShard:
    """A shard opened memory-mapped: `tokens` (all documents) and `document_offsets`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.header = read_header(self.path)
        expected = (
            HEADER_BYTES
            + self.header.token_count * self.header.itemsize
            + (self.header.document_count + 1) * 8
        )
        if self.path.stat().st_size != expected:
            raise ValueError(f"{path}: size {self.path.stat().st_size}, header implies {expected}")
        self.tokens = np.memmap(
            self.path,
            dtype=self.header.dtype,
            mode="r",
            offset=HEADER_BYTES,
            shape=(self.header.token_count,),
        )
        index_offset = HEADER_BYTES + self.header.token_count * self.header.itemsize
        self.document_offsets = np.memmap(
            self.path,
            dtype="<u8",
            mode="r",
            offset=index_offset,
            shape=(self.header.document_count + 1,),
        )

    def __len__(self) -> int:
        return self.header.token_count

    def document(self, index: int) -> np.ndarray:
        start, end = self.document_offsets[index], self.document_offsets[index + 1]
        return np.asarray(self.tokens[start:end])
