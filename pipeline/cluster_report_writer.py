"""Writes OUT/clusters.json and OUT/clusters.md from inside the pipeline (Beam FileSystems).

The report is built from the side inputs the stage already computed, so it works on any runner
and any file system Beam knows (local, gs://, s3://).
"""

from __future__ import annotations

import json

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from yisieve.scorers.cluster_config import ClusterConfig
from yisieve.scorers.cluster_report import clusters_document, review_page

CLUSTERS_JSON = "clusters.json"
REVIEW_PAGE = "clusters.md"


class WriteClusterReport(beam.DoFn):
    def __init__(self, config: ClusterConfig, output_dir: str) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.embedding = config.embedding.model_dump()
        self.settings = {
            "k": config.k,
            "min_k": config.min_k,
            "max_k": config.max_k,
            "sample_size": config.sample_size,
            "seed": config.seed,
            "centroids_path": config.centroids_path,
            "signals": list(config.signals),
            "thresholds": dict(config.thresholds),
            "language_thresholds": {k: dict(v) for k, v in config.language_thresholds.items()},
            "spare_members_above": dict(config.spare_members_above),
            "drop_clusters": list(config.drop_clusters),
        }

    def process(self, summaries, centroids, verdicts):
        document = clusters_document(centroids, self.embedding, summaries, verdicts, self.settings)
        _write(FileSystems.join(self.output_dir, CLUSTERS_JSON), json.dumps(document, indent=1))
        _write(FileSystems.join(self.output_dir, REVIEW_PAGE), review_page(document))
        yield CLUSTERS_JSON


def _write(path: str, text: str) -> None:
    with FileSystems.create(path, mime_type="text/plain") as sink:
        sink.write(text.encode("utf-8"))
