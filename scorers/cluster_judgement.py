"""Judging whole clusters: drop a cluster whose aggregate quality is too low, or that is listed.

The aggregate is the members' mean of the first quality signal in `signals` that at least half
of them carry: a learned scorer's annotation when the scorers ran (`quality.score`, the
Wikipedia-likeness probability), otherwise the cluster stage's own `cluster.prose` (share of
text in lines ending a sentence). Each signal has its own threshold; the review page says which
signal judged each cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorers.cluster_statistics import ClusterSummary

MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class ClusterVerdict:
    cluster: int
    drop: bool
    signal: str | None
    quality: float | None
    why: str


def judge_cluster(
    summary: ClusterSummary,
    thresholds: dict[str, float],
    drop_list: frozenset[int],
    signals: tuple[str, ...],
) -> ClusterVerdict:
    chosen, mean = None, None
    for name in signals:
        value, coverage = summary.signal_mean(name)
        if value is not None and coverage >= MIN_COVERAGE:
            chosen, mean = name, value
            break
    if summary.cluster in drop_list:
        return ClusterVerdict(summary.cluster, True, chosen, mean, "listed in drop_clusters")
    if chosen is None:
        return ClusterVerdict(summary.cluster, False, None, None, "no quality signal: kept")
    limit = thresholds.get(chosen)
    if limit is not None and mean < limit:
        why = f"mean {chosen} {mean:.3f} < {limit}"
        return ClusterVerdict(summary.cluster, True, chosen, mean, why)
    return ClusterVerdict(summary.cluster, False, chosen, mean, f"mean {chosen} {mean:.3f}")


def judge_clusters(
    summaries: list[ClusterSummary],
    thresholds: dict[str, float],
    drop_list: list[int] | tuple[int, ...],
    signals: tuple[str, ...],
) -> dict[int, ClusterVerdict]:
    listed = frozenset(drop_list)
    return {
        s.cluster: judge_cluster(s, thresholds, listed, signals)
        for s in sorted(summaries, key=lambda s: s.cluster)
    }
