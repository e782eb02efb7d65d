"""k-means on document embeddings: the default k, fitting on a sample, assignment, centroid files.

Fitting uses scikit-learn's MiniBatchKMeans (Sculley 2010), whose cost is linear in the sample;
assignment is one matrix product per batch, linear in the corpus.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

CENTROIDS_FORMAT = "yisieve-centroids/1"


def default_k(n_documents: int, minimum: int = 2, maximum: int = 200) -> int:
    """sqrt(2n), clipped to [minimum, maximum]: twice the classic sqrt(n/2) (Mardia et al. 1979).

    Finer clusters than the classic rule: on the labelled evaluation set (1,600 documents) the
    coarser k put People's Daily news and Chinese SEO pages on the same topics into one cluster;
    sqrt(2n) was chosen on half of that set (benchmarks/results/cluster.md). A 300-document
    sample crawl gets 24 clusters, 20k documents (the default k-means sample) the cap of 200.
    Never more clusters than documents.
    """
    k = int(math.sqrt(2 * max(n_documents, 0)))  # floor: 1,600 documents give 56
    return max(0, min(max(k, minimum), maximum, n_documents))


def fit_centroids(sample: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """k centroids (rows, unit length) from the sample; fewer if the sample is smaller than k."""
    sample = np.asarray(sample, dtype=np.float32)
    k = min(k, len(sample))
    if k <= 0:
        return np.zeros((0, sample.shape[1] if sample.ndim == 2 else 0), dtype=np.float32)
    if k == len(sample):
        return _unit_rows(sample.copy())
    from sklearn.cluster import MiniBatchKMeans

    model = MiniBatchKMeans(
        n_clusters=k,
        random_state=seed,
        n_init=3,  # sklearn's default for k-means++ init
        batch_size=1024,  # sklearn's default since 1.4
    ).fit(sample)
    # Embeddings are unit vectors: so are the centroids we assign against (spherical k-means).
    return _unit_rows(model.cluster_centers_.astype(np.float32))


@dataclass(frozen=True)
class Assignment:
    cluster: int
    distance: float  # Euclidean distance to the centroid


def assign(vectors: np.ndarray, centroids: np.ndarray) -> list[Assignment]:
    """Nearest centroid per row; ties go to the smallest cluster id (argmin), so runs agree."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(centroids) == 0:
        raise ValueError("no centroids to assign against")
    if vectors.shape[1] != centroids.shape[1]:
        raise ValueError(
            f"embedding dimension {vectors.shape[1]} does not match the centroids' "
            f"{centroids.shape[1]}: were they fitted with another embedding model?"
        )
    squared = (
        (vectors**2).sum(axis=1, keepdims=True)
        - 2.0 * vectors @ centroids.T
        + (centroids**2).sum(axis=1)[None, :]
    )
    nearest = squared.argmin(axis=1)
    distances = np.sqrt(np.maximum(squared[np.arange(len(vectors)), nearest], 0.0))
    return [Assignment(int(c), round(float(d), 6)) for c, d in zip(nearest, distances, strict=True)]


def centroids_to_json(centroids: np.ndarray, embedding: dict) -> dict:
    return {
        "format": CENTROIDS_FORMAT,
        "embedding": embedding,
        "centroids": [[round(float(x), 6) for x in row] for row in centroids],
    }


def centroids_from_json(data: dict, source: str = "centroids") -> tuple[np.ndarray, dict]:
    """Centroids and the embedding settings they were fitted with, from clusters.json."""
    if data.get("format") != CENTROIDS_FORMAT or "centroids" not in data:
        raise ValueError(f"{source}: not a yisieve clusters file (format {CENTROIDS_FORMAT})")
    centroids = np.asarray(data["centroids"], dtype=np.float32)
    if centroids.ndim != 2 or len(centroids) == 0:
        raise ValueError(f"{source}: holds no centroids")
    return centroids, data.get("embedding", {})


def load_centroids_text(text: str, source: str) -> tuple[np.ndarray, dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{source}: not JSON ({error})") from error
    return centroids_from_json(data, source)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
