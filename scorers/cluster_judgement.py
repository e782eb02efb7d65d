"""Judging whole clusters: drop a cluster whose aggregate quality is too low, or that is listed.

The aggregate is the members' mean of the first quality signal in `signals` that at least half
of them carry: a learned scorer's annotation when the scorers ran (`quality.score`, the
Wikipedia-likeness probability), otherwise the cluster stage's own `cluster.prose` (share of
text in lines ending a sentence). Each signal has its own threshold, optionally per language
(the cluster's majority language: each language has its own quality classifier, calibrated
differently); the review page says which signal judged each cluster.

A member of a cluster dropped by its threshold whose own score reaches `spare_above` is kept:
a mixed cluster (news beside SEO pages on the same topics) then loses its crawl pages without
taking the reference documents the classifier vouches for. A reviewer's `drop_clusters` list
drops every member.
"""

from __future__ import annotations

from dataclasses import dataclass

from yisieve.scorers.cluster_statistics import ClusterSummary

MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class ClusterVerdict:
    cluster: int
    drop: bool
    signal: str | None
    quality: float | None
    why: str
    listed: bool = False  # dropped by a reviewer's list: no member is spared


def majority_language(summary: ClusterSummary) -> str | None:
    """The most frequent language; ties go to the smallest code, so every merge order agrees."""
    if not summary.langs:
        return None
    return min(summary.langs.items(), key=lambda item: (-item[1], item[0]))[0]


def member_is_spared(
    verdict: ClusterVerdict, annotations: dict, spare_above: dict[str, float]
) -> bool:
    """A dropped cluster's member whose own judging signal reaches its `spare_above` value."""
    if not verdict.drop or verdict.listed or verdict.signal not in spare_above:
        return False
    value = annotations.get(verdict.signal)
    return isinstance(value, int | float) and value >= spare_above[verdict.signal]


def judge_cluster(
    summary: ClusterSummary,
    thresholds: dict[str, float],
    drop_list: frozenset[int],
    signals: tuple[str, ...],
    language_thresholds: dict[str, dict[str, float]] | None = None,
) -> ClusterVerdict:
    chosen, mean = None, None
    for name in signals:
        value, coverage = summary.signal_mean(name)
        if value is not None and coverage >= MIN_COVERAGE:
            chosen, mean = name, value
            break
    if summary.cluster in drop_list:
        return ClusterVerdict(
            summary.cluster, True, chosen, mean, "listed in drop_clusters", listed=True
        )
    if chosen is None:
        return ClusterVerdict(summary.cluster, False, None, None, "no quality signal: kept")
    lang = majority_language(summary)
    per_language = (language_thresholds or {}).get(lang or "", {})
    limit = per_language.get(chosen, thresholds.get(chosen))
    if limit is not None and mean is not None and mean < limit:
        where = f" ({lang} threshold)" if chosen in per_language else ""
        why = f"mean {chosen} {mean:.3f} < {limit}{where}"
        return ClusterVerdict(summary.cluster, True, chosen, mean, why)
    return ClusterVerdict(summary.cluster, False, chosen, mean, f"mean {chosen} {mean:.3f}")


def judge_clusters(
    summaries: list[ClusterSummary],
    thresholds: dict[str, float],
    drop_list: list[int] | tuple[int, ...],
    signals: tuple[str, ...],
    language_thresholds: dict[str, dict[str, float]] | None = None,
) -> dict[int, ClusterVerdict]:
    listed = frozenset(drop_list)
    return {
        s.cluster: judge_cluster(s, thresholds, listed, signals, language_thresholds)
        for s in sorted(summaries, key=lambda s: s.cluster)
    }
