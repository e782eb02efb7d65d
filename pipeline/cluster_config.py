"""`stages.cluster` in the config: embedding, k-means, cluster judgement."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from scorers.document_embedding import PACKAGED_MODEL, EmbeddingSettings


class EmbeddingConfig(BaseModel):
    """The document representation (see scorers/document_embedding.py)."""

    model_config = ConfigDict(extra="forbid", protected_namespaces=())
    model: str = PACKAGED_MODEL  # any sentence-transformers folder (or hub name, if allowed)
    chunk_chars: int = Field(1000, ge=50)
    max_chunks: int = Field(2, ge=1)
    lexical_dims: int = Field(256, ge=0)
    lexical_weight: float = Field(0.5, ge=0.0, le=1.0)
    batch_size: int = Field(32, ge=1)

    def settings(self) -> EmbeddingSettings:
        return EmbeddingSettings(**self.model_dump())


class ClusterConfig(BaseModel):
    """`stages.cluster`: embed every document, k-means on a sample, judge whole clusters."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    embedding: EmbeddingConfig = EmbeddingConfig()
    k: int | None = Field(None, ge=1)  # null: sqrt(n/2) clipped to [min_k, max_k]
    min_k: int = Field(2, ge=1)
    max_k: int = Field(200, ge=1)
    sample_size: int = Field(20000, ge=1)  # documents k-means is fitted on
    seed: int = 0
    centroids_path: str | None = None  # clusters.json of an earlier run: assign, do not fit
    signals: list[str] = ["quality.score", "cluster.prose"]  # first one most members carry
    # A cluster mean, not a document score: 0.3 drops a cluster only when its members sit
    # clearly on the crawl side of the quality classifier (document boundary 0.5), or when
    # under 30% of its text is in sentence-ending lines (FineWeb drops a document under 12%).
    # Measured on the mixed labelled set: benchmarks/results/cluster.md.
    thresholds: dict[str, float] = {"quality.score": 0.3, "cluster.prose": 0.3}
    statistics_prefixes: list[str] = ["quality.", "ppl.", "coherence.", "safety."]
    drop_clusters: list[int] = []
    report: bool = True  # write OUT/clusters.json and OUT/clusters.md
