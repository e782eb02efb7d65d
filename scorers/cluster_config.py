"""`stages.cluster` in the config: embedding, k-means, cluster judgement."""

from __future__ import annotations

from pydantic import ConfigDict, Field, field_validator

from yisieve.filters.config_section import ConfigSection, StageSection
from yisieve.scorers.document_embedding import DEFAULT_MODEL, EmbeddingSettings
from yisieve.scorers.sentence_encoders import check_encoder_name


class EmbeddingConfig(ConfigSection):
    """The document representation (see scorers/document_embedding.py)."""

    model_config = ConfigDict(protected_namespaces=())
    model: str = Field(
        default=DEFAULT_MODEL,
        description="sentence encoder: use-multilingual-v3 (packaged, en + zh) | "
        "all-MiniLM-L6-v2 (packaged) | a sentence-transformers folder | an owner/name hub id "
        "(only where downloads are allowed)",
    )
    chunk_chars: int = Field(
        default=1000, ge=50, description="a document is embedded from chunks of this many chars"
    )
    max_chunks: int = Field(default=2, ge=1, description="chunks embedded from a document's start")
    lexical_dims: int = Field(
        default=EmbeddingSettings.lexical_dims,
        ge=0,
        description="hashed lexical dimensions (words, Han characters and bigrams) joined to the "
        "sentence embedding; 0: the neural part only",
    )
    lexical_weight: float = Field(
        default=EmbeddingSettings.lexical_weight,
        ge=0.0,
        le=1.0,
        description="weight of the lexical part in the joined vector",
    )
    batch_size: int = Field(default=32, ge=1, description="documents per encoder call")
    threads: int = Field(default=1, ge=1, description="BLAS threads per worker")

    @field_validator("model")
    @classmethod
    def _known_model(cls, name: str) -> str:
        return check_encoder_name(name)

    def settings(self) -> EmbeddingSettings:
        return EmbeddingSettings(**self.model_dump())


class ClusterConfig(StageSection):
    """`stages.cluster`: embed every document, k-means on a sample, judge whole clusters."""

    embedding: EmbeddingConfig = Field(
        default_factory=EmbeddingConfig,
        description="document = mean sentence embedding of its first chunks + hashed lexical "
        "features",
    )
    k: int | None = Field(
        default=None, ge=1, description="clusters; null: sqrt(2n) clipped to [min_k, max_k]"
    )
    min_k: int = Field(default=2, ge=1, description="fewest clusters when k is null")
    max_k: int = Field(default=200, ge=1, description="most clusters when k is null")
    sample_size: int = Field(
        default=20000, ge=1, description="documents k-means is fitted on (smallest id hashes)"
    )
    seed: int = Field(default=0, description="k-means seed")
    centroids_path: str | None = Field(
        default=None,
        description="OUT/clusters.json of an earlier run: assign against its clusters, do not fit",
    )
    signals: list[str] = Field(
        default=["quality.score", "cluster.prose"],
        description="annotations that judge a cluster; the first one most members carry is used",
    )
    # A cluster mean, not a document score: a cluster goes only when its members sit clearly
    # on the crawl side of the quality classifier (document boundary 0.5), or when under 30%
    # of its text is in sentence-ending lines (FineWeb drops a document under 12%). The
    # quality.score limits (0.15 here, zh 0.4 below) and the spare level were chosen together
    # with k = sqrt(2n) on half A of the labelled set and reported on half B, 3 k-means seeds
    # (benchmarks/results/cluster.md).
    thresholds: dict[str, float] = Field(
        default={"quality.score": 0.15, "cluster.prose": 0.3},
        description="signal -> lowest cluster mean kept; a cluster below is rejected as "
        "cluster.low_quality",
    )
    # Each language has its own quality classifier and calibration (the quality stage's
    # min_score is per language too).
    language_thresholds: dict[str, dict[str, float]] = Field(
        default={"zh": {"quality.score": 0.4}},
        description="the same by the cluster's majority language, over `thresholds`",
    )
    # 0.9 spares the reference documents of a mixed cluster.
    spare_members_above: dict[str, float] = Field(
        default={"quality.score": 0.9},
        description="a dropped cluster's member whose own score is at least this stays (not for "
        "drop_clusters); {} drops every member",
    )
    statistics_prefixes: list[str] = Field(
        default=["quality.", "ppl.", "coherence.", "safety."],
        description="annotations summarized per cluster in clusters.json and clusters.md",
    )
    drop_clusters: list[int] = Field(
        default=[], description="cluster ids a reviewer dropped after reading OUT/clusters.md"
    )
    report: bool = Field(default=True, description="write OUT/clusters.json and OUT/clusters.md")
