"""Beam-free cluster logic: default k, deterministic assignment, statistics, judgement, report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from yisieve.scorers.cluster_judgement import judge_clusters, majority_language, member_is_spared
from yisieve.scorers.cluster_report import clusters_document, review_page
from yisieve.scorers.cluster_statistics import ClusterSummary, observe, prose_share, token_count
from yisieve.scorers.kmeans import (
    assign,
    centroids_to_json,
    default_k,
    fit_centroids,
    load_centroids_text,
)


def test_default_k_grows_with_corpus_and_never_exceeds_documents():
    assert default_k(0) == 0
    assert default_k(1) == 1
    assert default_k(3) == 2
    assert default_k(300) == 24  # sqrt(600)
    assert default_k(1600) == 56
    assert default_k(20_000) == 200
    assert default_k(10**8) == 200


def test_assignment_with_fixed_centroids_is_deterministic():
    centroids = np.eye(3, dtype=np.float32)
    vectors = np.array([[0.9, 0.1, 0.0], [0.0, 0.2, 0.8], [0.5, 0.5, 0.0]], np.float32)
    first = assign(vectors, centroids)
    assert [a.cluster for a in first] == [0, 2, 0]  # the tie goes to the smaller id
    assert first == assign(vectors, centroids)
    assert first[0].distance == pytest.approx(np.linalg.norm(vectors[0] - centroids[0]), 1e-5)


def test_assignment_refuses_centroids_of_another_dimension():
    with pytest.raises(ValueError, match="dimension"):
        assign(np.ones((1, 4), np.float32), np.eye(3, dtype=np.float32))


def test_fit_on_fewer_documents_than_k_gives_one_cluster_each():
    sample = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
    centroids = fit_centroids(sample, k=10)
    assert centroids.shape == (2, 2)
    assert [a.cluster for a in assign(sample, centroids)] == [0, 1]


def test_fit_separates_two_obvious_groups():
    rng = np.random.default_rng(0)
    a = rng.normal([1, 0, 0], 0.05, (20, 3))
    b = rng.normal([0, 0, 1], 0.05, (20, 3))
    centroids = fit_centroids(np.vstack([a, b]), k=2, seed=0)
    labels = [x.cluster for x in assign(np.vstack([a, b]).astype(np.float32), centroids)]
    assert len(set(labels[:20])) == 1 and len(set(labels[20:])) == 1
    assert labels[0] != labels[20]


def test_centroids_round_trip_through_clusters_json():
    centroids = np.eye(2, dtype=np.float32)
    text = json.dumps(centroids_to_json(centroids, {"model": "m"}))
    loaded, embedding = load_centroids_text(text, "x")
    assert np.allclose(loaded, centroids) and embedding == {"model": "m"}
    with pytest.raises(ValueError, match="not a yisieve clusters file"):
        load_centroids_text('{"centroids": []}', "bad.json")


def test_prose_share_and_token_count():
    assert prose_share("A full sentence.\nAnother one!") == 1.0
    assert prose_share("casino bonus\nfree spins\nclick here") == 0.0
    assert prose_share("中文句子结束了。\n菜单") > 0.7
    assert token_count("two words 中文") == 4


def _summary(cluster: int, scores: list[float | None], lang: str = "en") -> ClusterSummary:
    summary = ClusterSummary()
    for i, score in enumerate(scores):
        notes = {} if score is None else {"quality.score": score}
        summary.add(
            observe(cluster, 0.1, f"d{cluster}-{i}", f"Text number {i}.", lang, None, notes,
                    ("quality.score",))
        )  # fmt: skip
    return summary


SIGNALS = ("quality.score", "cluster.prose")
THRESHOLDS = {"quality.score": 0.5, "cluster.prose": 0.3}


def test_low_quality_cluster_is_dropped_and_good_one_kept():
    verdicts = judge_clusters([_summary(0, [0.9, 0.8]), _summary(1, [0.1, 0.2])], THRESHOLDS, [],
                              SIGNALS)  # fmt: skip
    assert not verdicts[0].drop and verdicts[1].drop
    assert verdicts[1].signal == "quality.score"


def test_drop_list_drops_a_good_cluster():
    verdicts = judge_clusters([_summary(0, [0.9]), _summary(1, [0.9])], THRESHOLDS, [1], SIGNALS)
    assert not verdicts[0].drop
    assert verdicts[1].drop and verdicts[1].why == "listed in drop_clusters"


def test_language_threshold_judges_clusters_of_that_language():
    """zh clusters use their own threshold; en ones the general one."""
    summaries = [_summary(0, [0.4, 0.4], "zh"), _summary(1, [0.4, 0.4], "en")]
    verdicts = judge_clusters(summaries, {"quality.score": 0.3}, [], SIGNALS,
                              {"zh": {"quality.score": 0.45}})  # fmt: skip
    assert verdicts[0].drop and "zh threshold" in verdicts[0].why
    assert not verdicts[1].drop


def test_majority_language_ties_go_to_the_smallest_code():
    summary = _summary(0, [0.5], "zh")
    summary.merge(_summary(0, [0.5], "en"))
    assert majority_language(summary) == "en"
    assert majority_language(ClusterSummary()) is None


def test_good_members_of_a_dropped_cluster_are_spared_but_not_of_a_listed_one():
    verdicts = judge_clusters([_summary(0, [0.1, 0.2, 0.95]), _summary(1, [0.9])], THRESHOLDS, [1],
                              SIGNALS)  # fmt: skip
    spare = {"quality.score": 0.9}
    assert verdicts[0].drop
    assert member_is_spared(verdicts[0], {"quality.score": 0.95}, spare)
    assert not member_is_spared(verdicts[0], {"quality.score": 0.1}, spare)
    assert not member_is_spared(verdicts[0], {}, spare)  # no score: no vouching
    assert not member_is_spared(verdicts[0], {"quality.score": 0.95}, {})
    assert verdicts[1].listed and not member_is_spared(verdicts[1], {"quality.score": 1.0}, spare)


def test_without_scorer_annotations_the_own_signal_judges():
    verdicts = judge_clusters([_summary(0, [None, None])], THRESHOLDS, [], SIGNALS)
    assert verdicts[0].signal == "cluster.prose" and not verdicts[0].drop


def test_summaries_merge_in_any_order_to_the_same_result():
    seen = [
        observe(0, 0.2, f"d{i}", f"Doc {i} text here.", "en", None, {"quality.score": i / 10},
                ("quality.score",))
        for i in range(6)
    ]  # fmt: skip
    left, right, whole = ClusterSummary(), ClusterSummary(), ClusterSummary()
    for item in seen[:3]:
        left.add(item)
    for item in seen[3:]:
        right.add(item)
    for item in reversed(seen):
        whole.add(item)
    assert right.merge(left).describe() == whole.describe()


def test_report_lists_every_cluster_with_its_verdict():
    summaries = [_summary(0, [0.9]), _summary(1, [0.1])]
    verdicts = judge_clusters(summaries, THRESHOLDS, [], SIGNALS)
    document = clusters_document(np.eye(2, dtype=np.float32), {"model": "m"}, summaries,
                                 verdicts, {"signals": list(SIGNALS)})  # fmt: skip
    assert document["dropped"] == [1]
    assert [c["size"] for c in document["clusters"]] == [1, 1]
    page = review_page(document)
    assert "| 1 | 1 |" in page and "**drop**" in page
