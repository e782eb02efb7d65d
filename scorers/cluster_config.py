"""`stages.cluster` in the config: embedding, k-means, cluster judgement."""

from __future__ import annotations

from pydantic import ConfigDict, Field, field_validator

from yisieve.filters.config_section import ConfigSection, StageSection
from yisieve.scorers.document_embedding import DEFAULT_MODEL, EmbeddingSettings
from yisieve.scorers.sentence_encoders import check_encoder_name


class EmbeddingConfig(ConfigSection):
    """The document representation (see scorers/document_embedding.py)."""

    model_config = ConfigDict(protected_namespaces=())
    # use-multilingual-v3 | all-MiniLM-L6-v2 (packaged) | a sentence-transformers folder |
    # an owner/name hub id (only where downloads are allowed)
    model: str = DEFAULT_MODEL
    chunk_chars: int = Field(1000, ge=50)
    max_chunks: int = Field(2, ge=1)
    lexical_dims: int = Field(EmbeddingSettings.lexical_dims, ge=0)
    lexical_weight: float = Field(EmbeddingSettings.lexical_weight, ge=0.0, le=1.0)
    batch_size: int = Field(32, ge=1)
    threads: int = Field(1, ge=1)

    @field_validator("model")
    @classmethod
    def _known_model(cls, name: str) -> str:
        return check_encoder_name(name)

    def settings(self) -> EmbeddingSettings:
        return EmbeddingSettings(**self.model_dump())


class ClusterConfig(StageSection):
    """`stages.cluster`: embed every document, k-means on a sample, judge whole clusters."""

    embedding: EmbeddingConfig = EmbeddingConfig()
    k: int | None = Field(None, ge=1)  # null: sqrt(2n) clipped to [min_k, max_k]
    min_k: int = Field(2, ge=1)
    max_k: int = Field(200, ge=1)
    sample_size: int = Field(20000, ge=1)  # documents k-means is fitted on
    seed: int = 0
    centroids_path: str | None = None  # clusters.json of an earlier run: assign, do not fit
    signals: list[str] = ["quality.score", "cluster.prose"]  # first one most members carry
    # A cluster mean, not a document score: a cluster goes only when its members sit clearly
    # on the crawl side of the quality classifier (document boundary 0.5), or when under 30%
    # of its text is in sentence-ending lines (FineWeb drops a document under 12%). The
    # quality.score limits (0.15 here, zh 0.4 below) and the spare level were chosen together
    # with k = sqrt(2n) on half A of the labelled set and reported on half B, 3 k-means seeds
    # (benchmarks/results/cluster.md).
    thresholds: dict[str, float] = {"quality.score": 0.15, "cluster.prose": 0.3}
    # By the cluster's majority language, over `thresholds`: each language has its own quality
    # classifier and calibration (the quality stage's min_score is per language too).
    language_thresholds: dict[str, dict[str, float]] = {"zh": {"quality.score": 0.4}}
    # A dropped cluster's member whose own score is at least this is kept (not for clusters
    # in drop_clusters): 0.9 spares the reference documents of a mixed cluster; {} drops
    # every member.
    spare_members_above: dict[str, float] = {"quality.score": 0.9}
    statistics_prefixes: list[str] = ["quality.", "ppl.", "coherence.", "safety."]
    drop_clusters: list[int] = []
    report: bool = True  # write OUT/clusters.json and OUT/clusters.md
