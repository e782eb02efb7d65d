"""Near-duplicate removal: MinHash signatures -> LSH buckets -> edges -> components -> survivors.

Every step is a keyed shuffle of small records: a document's band keys, a bucket's members,
edges, (node, root) pairs, (root, rank) pairs, (node, verdict) pairs. No step collects all
edges or all signatures on one worker; the largest group any worker holds is one bucket, one
node's neighbourhood, or the node labels (~100 bytes each) of one component. Documents are
shuffled once, to meet their own verdict; those in no component pass unannotated.
"""

from __future__ import annotations

import hashlib

import apache_beam as beam
from pydantic import Field, model_validator

from yisieve.filters.config_section import StageSection
from yisieve.filters.dedup.bucket_edges import (
    DEFAULT_MAX_VERIFIED_BUCKET,
    star_edges,
    verified_edges,
)
from yisieve.filters.dedup.lsh_bands import (
    DEFAULT_BANDS,
    DEFAULT_ROWS,
    LshBands,
    bands_for_threshold,
)
from yisieve.filters.dedup.minhash_signature import DEFAULT_SEED, MinHashSignature
from yisieve.filters.dedup.shingles import DEFAULT_CHAR_NGRAM, DEFAULT_WORD_NGRAM, shingle_tokens
from yisieve.filters.dedup.survivor import DEFAULT_QUALITY_ANNOTATION, survivor_rank
from yisieve.pipeline.counters import StageCounters, counter
from yisieve.pipeline.document import Document
from yisieve.pipeline.outputs import DOCUMENTS, REJECTED, outcomes_of, reject, route
from yisieve.pipeline.star_components import DEFAULT_MAX_ROUNDS, NAMESPACE, LargeStarSmallStar

STAGE = "dedup"
STEP = "minhash"


class MinHashConfig(StageSection):
    """`stages.dedup.minhash`: near-duplicate documents (MinHash LSH + connected components)."""

    word_ngram: int = Field(
        default=DEFAULT_WORD_NGRAM, ge=1, description="word n-gram shingles (FineWeb/datatrove)"
    )
    char_ngram: int = Field(
        default=DEFAULT_CHAR_NGRAM,
        ge=1,
        description="character n-gram shingles, for zh and text without spaces",
    )
    bands: int = Field(
        default=DEFAULT_BANDS, ge=1, description="LSH bands (14 x 8 = 112 hashes, ~0.72 FineWeb)"
    )
    rows: int = Field(default=DEFAULT_ROWS, ge=1, description="hashes per LSH band")
    threshold: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        description="a Jaccard threshold to derive bands x rows (<= num_perm) from, minimising "
        "the false positive and negative areas; null: bands and rows as set",
    )
    num_perm: int | None = Field(
        default=None,
        ge=1,
        description="with threshold: the hash budget bands x rows must fit (null: 112)",
    )
    seed: int = Field(default=DEFAULT_SEED, description="MinHash permutation seed")
    verify_threshold: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="keep only candidate pairs whose signatures agree on at least this share "
        "(estimated Jaccard); null: no check, as FineWeb",
    )
    max_verified_bucket: int = Field(
        default=DEFAULT_MAX_VERIFIED_BUCKET,
        ge=2,
        description="a larger bucket is linked unverified (counted in stats.json)",
    )
    max_rounds: int = Field(
        default=DEFAULT_MAX_ROUNDS,
        ge=1,
        description="large-star/small-star rounds of connected components (a 100k-node chain "
        "needs 14)",
    )
    quality_annotation: str = Field(
        default=DEFAULT_QUALITY_ANNOTATION,
        description="survivor of a component: highest value of this, then longest, smallest id",
    )

    @model_validator(mode="after")
    def _derive_bands(self) -> MinHashConfig:
        if self.threshold is not None:
            budget = self.num_perm or DEFAULT_BANDS * DEFAULT_ROWS
            self.bands, self.rows = bands_for_threshold(self.threshold, budget)
        elif self.num_perm is not None and self.num_perm != self.bands * self.rows:
            raise ValueError(
                f"num_perm ({self.num_perm}) is used only with threshold: without it the "
                f"signature has bands x rows = {self.bands * self.rows} hashes; set threshold, "
                "or set bands and rows and leave num_perm null"
            )
        return self


def node_label(doc: Document) -> tuple[int, str]:
    """Graph node of a document: a hash first (the random order the star analysis assumes)."""
    digest = hashlib.blake2b(doc.id.encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 1, doc.id)


class BandKeys(beam.DoFn):
    """Document -> (band key, (node, signature bytes or None)) for each LSH band."""

    def __init__(self, config: MinHashConfig) -> None:
        self.config = config

    def setup(self) -> None:
        self.bands = LshBands(self.config.bands, self.config.rows)
        self.minhash = MinHashSignature(self.bands.num_perm, self.config.seed)
        self.no_shingles = counter(NAMESPACE, "minhash.no_shingles")

    def process(self, doc: Document):
        tokens, spaceless = shingle_tokens(doc.text, doc.lang)
        if not tokens:  # no letters or digits: nothing to compare
            self.no_shingles.inc()
            return
        n = self.config.char_ngram if spaceless else self.config.word_ngram
        signature = self.minhash.of_tokens(tokens, n)
        payload = signature.astype("<u4").tobytes() if self.config.verify_threshold else None
        node = node_label(doc)
        for key in self.bands.keys(signature):
            yield key, (node, payload)


class BucketEdges(beam.DoFn):
    """A bucket's members -> candidate edges (stars; verified pairs when configured)."""

    def __init__(self, config: MinHashConfig) -> None:
        self.config = config

    def setup(self) -> None:
        self.unverified = counter(NAMESPACE, "minhash.unverified_large_buckets")

    def process(self, element):
        _, members = element
        threshold = self.config.verify_threshold
        if threshold is None:
            yield from star_edges(node for node, _ in members)
            return
        listed = []
        for member in members:
            listed.append(member)
            if len(listed) > self.config.max_verified_bucket:
                self.unverified.inc()
                yield from star_edges(node for node, _ in members)
                return
        yield from verified_edges(listed, threshold)


def _rank_of(doc: Document, quality_annotation: str):
    return node_label(doc), survivor_rank(doc.id, doc.text, doc.annotations, quality_annotation)


def _root_and_rank(element):
    """(node, {root, rank}) -> (root, rank) for nodes that belong to a component."""
    _, grouped = element
    for root in grouped["root"]:
        for rank in grouped["rank"]:
            yield root, rank


def _verdict_per_node(element):
    """(root, {node, best}) -> (node, (root, survivor id)) for every node of the component."""
    root, grouped = element
    (best,) = grouped["best"]
    for node in grouped["node"]:
        yield node, (root, best[-1])


class ApplyVerdict(beam.DoFn):
    """(node, {doc, verdict}) -> kept (singleton or survivor) or rejected as `dedup.minhash`."""

    def setup(self) -> None:
        self.counters = StageCounters(f"{STAGE}.{STEP}")

    def process(self, element):
        _, grouped = element
        verdicts = list(grouped["verdict"])
        for doc in grouped["doc"]:
            self.counters.entered()
            if not verdicts:  # in no component: no near duplicate anywhere
                yield route(doc, self.counters)
                continue
            root, survivor_id = verdicts[0]
            notes = {f"{STAGE}.minhash_cluster": root[1], f"{STAGE}.survivor_id": survivor_id}
            annotated = doc.evolve(annotations=notes)
            if doc.id == survivor_id:
                yield route(annotated, self.counters)
                continue
            yield reject(annotated, f"{STAGE}.{STEP}", self.counters)


class MinHashDedup(beam.PTransform):
    """Documents -> {'documents', 'rejected'}: one survivor per near-duplicate component."""

    def __init__(self, config: MinHashConfig) -> None:
        super().__init__()
        self.config = config

    def expand(self, documents):
        config = self.config
        edges = (
            documents
            | "BandKeys" >> beam.ParDo(BandKeys(config))
            | "Buckets" >> beam.GroupByKey()
            | "BucketEdges" >> beam.ParDo(BucketEdges(config))
        )
        roots = edges | "Components" >> LargeStarSmallStar(config.max_rounds)
        # Only small (node, root, rank) records meet per component; each document is shuffled
        # once, to meet its own verdict, so a cluster of a million copies never sits on a worker.
        ranks = documents | "Rank" >> beam.Map(_rank_of, config.quality_annotation)
        best = (
            {"root": roots, "rank": ranks}
            | "JoinRank" >> beam.CoGroupByKey()
            | "RankPerRoot" >> beam.FlatMap(_root_and_rank)
            | "BestRank" >> beam.CombinePerKey(beam.CombineFn.from_callable(min))
        )
        nodes_by_root = roots | "NodesByRoot" >> beam.KvSwap()
        verdicts = (
            {"node": nodes_by_root, "best": best}
            | "JoinBest" >> beam.CoGroupByKey()
            | "VerdictPerNode" >> beam.FlatMap(_verdict_per_node)
        )
        by_node = documents | "ByNode" >> beam.Map(lambda doc: (node_label(doc), doc))
        split = (
            {"doc": by_node, "verdict": verdicts}
            | "JoinVerdict" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(ApplyVerdict()).with_outputs(REJECTED, main=DOCUMENTS)
        )
        return outcomes_of(split, REJECTED)
