"""The `cluster` stage in Beam: real embeddings (packaged USE, MiniLM) through RunInference."""

from __future__ import annotations

import json

import apache_beam as beam
import numpy as np
import pytest

from yisieve.pipeline.cluster_stage import Cluster
from yisieve.pipeline.document import Document
from yisieve.scorers.cluster_config import ClusterConfig
from yisieve.scorers.kmeans import centroids_to_json

TEXTS = [
    "The river flows through the old town. Fishermen work on its banks every morning.",
    "Parliament passed the budget after a long debate. The minister defended the plan.",
    "北京是中国的首都。这座城市有三千多年的历史。",
    "澳门赌场 在线投注 注册就送彩金 百家乐 老虎机",
]


def _docs(n: int) -> list[Document]:
    return [Document(id=f"doc{i}", text=f"({i}) " + TEXTS[i % len(TEXTS)], lang="en")
            for i in range(n)]  # fmt: skip


def _run(docs: list[Document], config: ClusterConfig, where) -> tuple[dict, dict]:
    """(id -> annotations of kept, id -> (reason, annotations) of rejected)."""
    rows = where / "rows.jsonl"
    with beam.Pipeline() as pipeline:
        outputs = pipeline | beam.Create(docs) | Cluster(config, str(where))
        kept = outputs["documents"] | "Kept" >> beam.Map(lambda d: [d.id, None, d.annotations])
        rejected = outputs["rejected"] | "Rejected" >> beam.Map(
            lambda r: [r.document.id, r.reason, r.document.annotations]
        )
        _ = (
            (kept, rejected)
            | beam.Flatten()
            | beam.Map(json.dumps)
            | beam.io.WriteToText(str(rows), shard_name_template="")
        )
    found = [json.loads(line) for line in rows.read_text().splitlines()]
    return (
        {doc_id: notes for doc_id, reason, notes in found if reason is None},
        {doc_id: (reason, notes) for doc_id, reason, notes in found if reason is not None},
    )


@pytest.mark.parametrize("n", [1, 3])
def test_fewer_documents_than_k_do_not_crash(n, tmp_path):
    config = ClusterConfig(k=8)
    kept, rejected = _run(_docs(n), config, tmp_path)
    assert len(kept) + len(rejected) == n
    report = json.loads((tmp_path / "clusters.json").read_text())
    assert 1 <= len(report["centroids"]) <= n
    assert all("cluster.id" in notes for notes in kept.values())
    assert (tmp_path / "clusters.md").read_text().startswith("# Clusters for review")


def test_fixed_centroids_and_drop_list(tmp_path):
    """Centroids from a file: every document goes to its nearest one; a listed cluster drops."""
    first = ClusterConfig(k=2, thresholds={})
    (tmp_path / "a").mkdir()
    docs = _docs(6)
    kept_a, rejected_a = _run(docs, first, tmp_path / "a")
    assert rejected_a == {}  # no thresholds, no list: nothing dropped
    ids_a = {doc_id: notes["cluster.id"] for doc_id, notes in kept_a.items()}
    ids_a.update({doc_id: notes["cluster.id"] for doc_id, (_, notes) in rejected_a.items()})

    centroids_file = tmp_path / "a" / "clusters.json"
    listed = ids_a["doc3"]  # the gambling text's cluster
    again = ClusterConfig(centroids_path=str(centroids_file), drop_clusters=[listed], thresholds={})
    (tmp_path / "b").mkdir()
    kept_b, rejected_b = _run(docs, again, tmp_path / "b")
    ids_b = {doc_id: notes["cluster.id"] for doc_id, notes in kept_b.items()}
    ids_b.update({doc_id: notes["cluster.id"] for doc_id, (_, notes) in rejected_b.items()})
    assert ids_b == ids_a  # same centroids, same assignment
    assert {d for d, c in ids_b.items() if c == listed} == set(rejected_b)
    assert all(reason == "cluster.low_quality" for reason, _ in rejected_b.values())
    assert all(c != listed for c in (notes["cluster.id"] for notes in kept_b.values()))
    report_b = json.loads((tmp_path / "b" / "clusters.json").read_text())
    assert report_b["dropped"] == [listed]


def test_centroids_of_another_dimension_are_a_clear_error(tmp_path):
    path = tmp_path / "clusters.json"
    path.write_text(json.dumps(centroids_to_json(np.eye(3, dtype=np.float32), {})))
    with pytest.raises(Exception, match="dimension"):
        _run(_docs(2), ClusterConfig(centroids_path=str(path), report=False), tmp_path)


def test_dropped_cluster_spares_members_the_classifier_vouches_for(tmp_path):
    docs = [
        doc.evolve(annotations={"quality.score": 0.95 if i % 2 else 0.1})
        for i, doc in enumerate(_docs(6))
    ]
    config = ClusterConfig(k=1, thresholds={"quality.score": 0.99},
                           spare_members_above={"quality.score": 0.9})  # fmt: skip
    kept, rejected = _run(docs, config, tmp_path)
    assert set(kept) == {"doc1", "doc3", "doc5"}
    assert all(notes["cluster.spared"] == 1 for notes in kept.values())
    assert {reason for reason, _ in rejected.values()} == {"cluster.low_quality"}


def test_a_sentence_transformers_backend_can_be_named(tmp_path):
    config = ClusterConfig(k=2, embedding={"model": "all-MiniLM-L6-v2", "lexical_dims": 0})
    kept, rejected = _run(_docs(4), config, tmp_path)
    assert len(kept) + len(rejected) == 4
    report = json.loads((tmp_path / "clusters.json").read_text())
    assert report["embedding"]["model"] == "all-MiniLM-L6-v2"
    assert len(report["centroids"][0]) == 384
