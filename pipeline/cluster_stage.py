"""The `cluster` stage: embed, fit k-means on a sample, assign, judge clusters, drop the bad ones.

Graph (all corpus-level facts travel as side inputs):
  documents -> RunInference embeddings -> (document, vector)
  sample: the `sample_size` vectors with the smallest id hash (a deterministic uniform sample,
          one CombineGlobally) -> MiniBatchKMeans -> centroids (singleton side input);
          or the centroids of an earlier run's clusters.json (`centroids_path`)
  assign: nearest centroid -> `cluster.id`, `cluster.distance`
  statistics: per-cluster summaries (CombinePerKey) -> one list -> verdicts (side input)
  split: members of dropped clusters -> rejected `cluster.low_quality`; kept documents are
         tallied per cluster (documents and tokens) for data mixing
  report: clusters.json (centroids, statistics, verdicts) + clusters.md, written by a DoFn
          through Beam FileSystems.
"""

from __future__ import annotations

import apache_beam as beam
import numpy as np
from apache_beam.io.filesystems import FileSystems

from yisieve.filters.rule import number
from yisieve.pipeline.cluster_report_writer import WriteClusterReport
from yisieve.pipeline.counters import StageCounters
from yisieve.pipeline.document import Document
from yisieve.pipeline.embed_documents import EmbedDocuments
from yisieve.pipeline.outputs import DOCUMENTS, REJECTED, outcomes_of, reject, route
from yisieve.scorers.cluster_config import ClusterConfig
from yisieve.scorers.cluster_judgement import ClusterVerdict, judge_clusters, member_is_spared
from yisieve.scorers.cluster_statistics import ClusterSummary, id_hash, observe, token_count
from yisieve.scorers.kmeans import assign, default_k, fit_centroids, load_centroids_text

STAGE = "cluster"
LOW_QUALITY = f"{STAGE}.low_quality"


def read_centroids(path: str) -> np.ndarray:
    with FileSystems.open(path) as source:
        centroids, _ = load_centroids_text(source.read().decode("utf-8"), path)
    return centroids


def fit_on_sample(sample, n_documents: int, config: ClusterConfig) -> np.ndarray:
    vectors = [vector for _, vector in sorted(sample, key=lambda kv: kv[0])]
    if not vectors:
        return np.zeros((0, 0), dtype=np.float32)
    k = config.k or default_k(n_documents, config.min_k, config.max_k)
    return fit_centroids(np.stack(vectors), k, seed=config.seed)


def assign_document(pair, centroids: np.ndarray) -> Document:
    doc, vector = pair
    (found,) = assign(vector[None, :], centroids)
    return doc.evolve(annotations={"cluster.id": found.cluster, "cluster.distance": found.distance})


def cluster_of(doc: Document) -> int:
    """The cluster `assign_document` put the document in."""
    cluster = number(doc.annotations.get("cluster.id"))
    if cluster is None:
        raise ValueError(f"document {doc.id} has no cluster.id")
    return int(cluster)


class SummarizeCluster(beam.CombineFn):
    """Observations of one cluster -> its ClusterSummary."""

    def create_accumulator(self) -> ClusterSummary:
        return ClusterSummary()

    def add_input(self, summary: ClusterSummary, seen) -> ClusterSummary:
        return summary.add(seen)

    def merge_accumulators(self, summaries) -> ClusterSummary:
        merged = ClusterSummary()
        for summary in summaries:
            merged.merge(summary)
        return merged

    def extract_output(self, summary: ClusterSummary) -> ClusterSummary:
        return summary


class Observe(beam.DoFn):
    def __init__(self, config: ClusterConfig) -> None:
        super().__init__()
        self.signals = tuple(config.signals)
        self.prefixes = tuple(config.statistics_prefixes)

    def process(self, doc: Document):
        names = self.signals + tuple(
            key for key in doc.annotations if key.startswith(self.prefixes)
        )
        seen = observe(
            cluster_of(doc),
            float(number(doc.annotations["cluster.distance"]) or 0.0),
            doc.id,
            doc.text,
            doc.lang,
            doc.url,
            doc.annotations,
            names,
        )
        yield seen.cluster, seen


class DropJudgedClusters(beam.DoFn):
    """Members of a dropped cluster are rejected (unless spared); kept ones are tallied."""

    def __init__(self, spare_above: dict[str, float] | None = None) -> None:
        super().__init__()
        self.spare_above = dict(spare_above or {})

    def setup(self) -> None:
        self.counters = StageCounters(STAGE)

    def process(self, doc: Document, verdicts: dict[int, ClusterVerdict]):
        self.counters.entered()
        cluster = cluster_of(doc)
        verdict = verdicts.get(cluster)
        spared = verdict is not None and member_is_spared(
            verdict, doc.annotations, self.spare_above
        )
        if spared:
            self.counters.tally(f"{STAGE}.spared", 1)
            doc = doc.evolve(annotations={"cluster.spared": 1})
        elif verdict is not None and verdict.drop:
            annotated = doc.evolve(annotations={"cluster.drop_why": verdict.why})
            yield reject(annotated, LOW_QUALITY, self.counters)
            return
        self.counters.tally(f"cluster.docs.{cluster}", 1)
        self.counters.tally(f"cluster.tokens.{cluster}", token_count(doc.text))
        yield route(doc, self.counters)


class Cluster(beam.PTransform):
    """Documents -> {'documents', 'rejected'}; see the module docstring for the graph."""

    def __init__(self, config: ClusterConfig, output_dir: str | None = None) -> None:
        super().__init__()
        self.config = config
        self.output_dir = output_dir  # where clusters.json and clusters.md go; None: no report

    def expand(self, documents):
        config = self.config
        embedded = documents | "Embed" >> EmbedDocuments(config.embedding.settings())
        centroids = self._centroids(documents, embedded)
        assigned = embedded | "Assign" >> beam.Map(
            assign_document, centroids=beam.pvalue.AsSingleton(centroids)
        )
        summaries = (
            assigned
            | "Observe" >> beam.ParDo(Observe(config))
            | "Summarize" >> beam.CombinePerKey(SummarizeCluster())
            | "Summaries" >> beam.Values()
            | "AllSummaries" >> beam.combiners.ToList()
            | "SortSummaries" >> beam.Map(lambda found: sorted(found, key=lambda s: s.cluster))
        )
        thresholds, drop_list, signals, per_language = (
            dict(config.thresholds),
            tuple(config.drop_clusters),
            tuple(config.signals),
            {lang: dict(limits) for lang, limits in config.language_thresholds.items()},
        )
        verdicts = summaries | "Judge" >> beam.Map(
            lambda found: judge_clusters(found, thresholds, drop_list, signals, per_language)
        )
        split = assigned | "Split" >> beam.ParDo(
            DropJudgedClusters(config.spare_members_above),
            verdicts=beam.pvalue.AsSingleton(verdicts),
        ).with_outputs(REJECTED, main=DOCUMENTS)
        if config.report and self.output_dir:
            _ = summaries | "WriteReport" >> beam.ParDo(
                WriteClusterReport(config, self.output_dir),
                centroids=beam.pvalue.AsSingleton(centroids),
                verdicts=beam.pvalue.AsSingleton(verdicts),
            )
        return outcomes_of(split, REJECTED)

    def _centroids(self, documents, embedded):
        config = self.config
        if config.centroids_path:
            return (
                documents.pipeline
                | "CentroidsPath" >> beam.Create([config.centroids_path])
                | "ReadCentroids" >> beam.Map(read_centroids)
            )
        count = documents | "Count" >> beam.combiners.Count.Globally()
        keyed = embedded | "KeyByIdHash" >> beam.MapTuple(
            lambda doc, vector: (id_hash(doc.id), vector)
        )
        # The sample is chosen on hashes alone, then its vectors reach the fit as a side input:
        # gathering the vectors themselves through one combine makes a single shuffle record of
        # sample_size x dimensions floats (40 MB by default), over Flink's sort-buffer limit.
        cutoff = (
            keyed
            | "IdHashes" >> beam.Map(lambda kv: kv[0])
            | "SmallestHashes" >> beam.combiners.Top.Smallest(config.sample_size)
            | "SampleCutoff" >> beam.Map(lambda hashes: hashes[-1] if hashes else -1)
        )
        sample = keyed | "Sample" >> beam.Filter(
            lambda kv, limit: kv[0] <= limit, limit=beam.pvalue.AsSingleton(cutoff)
        )
        return (
            documents.pipeline
            | "FitOnce" >> beam.Create([None])
            | "FitKMeans"
            >> beam.Map(
                lambda _, sample, n_documents: fit_on_sample(sample, n_documents, config),
                sample=beam.pvalue.AsList(sample),
                n_documents=beam.pvalue.AsSingleton(count),
            )
        )
