"""MinHash signatures, vectorized with numpy, bit-identical to datasketch's `MinHash`.

Same semantics as datasketch 2.x (scheme 'affine32'): each shingle is hashed with the first
4 bytes of SHA-1, pre-mixed with the MurmurHash3 finalizer, then permuted by `num_perm` odd
affine maps `a*h + b mod 2^32` drawn from `RandomState(seed)`; the signature is the column-wise
minimum. `of_shingles` reproduces datasketch bit for bit (tested).

Measured (benchmarks/results/dedup.md), a datasketch `MinHash` per document is as fast as that
bit-identical path: both spend their time joining n-gram strings and calling SHA-1 per shingle
in Python. The pipeline therefore uses `of_tokens`: each token is hashed once (CRC-32 spread
to 64 bits by SplitMix64) and n-gram hashes are combined from token hashes in numpy (an
FNV-style fold, mixed again, top 32 bits). Same semantics (MinHash of the same n-gram
shingle set, same permutation family and seed), only another 32-bit shingle hash.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable

import numpy as np

# FineWeb / datatrove: 112 hashes = 14 bands x 8 rows.
DEFAULT_NUM_PERM = 112
DEFAULT_SEED = 1
# MurmurHash3 fmix32 constants (as datasketch._FMIX_CONSTANTS[32]).
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_MAX_HASH32 = np.uint32(0xFFFFFFFF)


def sha1_hash32(data: bytes) -> int:
    """datasketch's default shingle hash: the first 4 bytes of SHA-1, little-endian."""
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


_FNV_PRIME = np.uint64(0x100000001B3)


def splitmix64(values: np.ndarray) -> np.ndarray:
    """The SplitMix64 finalizer: a bijective 64-bit mixer (wrapping arithmetic intended)."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(30))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def token_hashes(tokens: list[str]) -> np.ndarray:
    """A 64-bit hash per token: CRC-32 (C speed, 5x BLAKE2b's) spread by SplitMix64."""
    crcs = np.fromiter(
        (zlib.crc32(token.encode("utf-8")) for token in tokens), dtype=np.uint64, count=len(tokens)
    )
    return splitmix64(crcs)


def ngram_hashes(tokens: list[str], n: int) -> np.ndarray:
    """Distinct 32-bit hashes of the token n-grams (one n-gram of all tokens if fewer than n)."""
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    hashes = token_hashes(tokens)
    width = min(n, len(tokens))
    count = len(tokens) - width + 1
    folded = hashes[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, width):
            folded = (folded * _FNV_PRIME) ^ hashes[offset : offset + count]
    return np.unique((splitmix64(folded) >> np.uint64(32)).astype(np.uint32))


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3 finalizer on uint32 (wrapping multiplication is intended)."""
    s1, m1, s2, m2, s3 = _FMIX32
    values = values ^ (values >> np.uint32(s1))
    values = values * np.uint32(m1)
    values = values ^ (values >> np.uint32(s2))
    values = values * np.uint32(m2)
    return values ^ (values >> np.uint32(s3))


class MinHashSignature:
    """Computes `num_perm`-value MinHash signatures of shingle sets."""

    def __init__(self, num_perm: int = DEFAULT_NUM_PERM, seed: int = DEFAULT_SEED) -> None:
        if num_perm < 1:
            raise ValueError("num_perm must be positive")
        self.num_perm = num_perm
        self.seed = seed
        generator = np.random.RandomState(seed)
        # The same draws, in the same order, as datasketch's MinHash._init_permutations.
        self.a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + 1
        self.b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)

    def of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """Signature of already-hashed shingles (uint32); all-max for an empty set."""
        if hashes.size == 0:
            return np.full(self.num_perm, _MAX_HASH32, dtype=np.uint32)
        mixed = fmix32(hashes.astype(np.uint32, copy=False)).reshape(-1, 1)
        with np.errstate(over="ignore"):
            return (mixed * self.a + self.b).min(axis=0)

    def of_shingles(self, shingles: Iterable[str]) -> np.ndarray:
        hashes = np.fromiter(
            (sha1_hash32(shingle.encode("utf-8")) for shingle in shingles), dtype=np.uint32
        )
        return self.of_hashes(hashes)

    def of_tokens(self, tokens: list[str], n: int) -> np.ndarray:
        """Signature of the set of token n-grams (the pipeline's fast path)."""
        return self.of_hashes(ngram_hashes(tokens, n))


def estimated_jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Share of equal signature positions: the MinHash estimate of the Jaccard similarity."""
    return float(np.count_nonzero(first == second)) / len(first)
