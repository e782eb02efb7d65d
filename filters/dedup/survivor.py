"""Which copy of a duplicate cluster survives: the best one, the same on every runner.

Highest quality score when the scorers ran (the point of deduplicating after them), then the
longest text (more content, fewer truncations), then the smallest id (a stable tie-break).
"""

from __future__ import annotations

from collections.abc import Mapping

# The quality stage's combined score; configurable where a run uses another annotation.
DEFAULT_QUALITY_ANNOTATION = "quality.score"

SurvivorRank = tuple[int, float, int, str]


def survivor_rank(
    doc_id: str,
    text: str,
    annotations: Mapping[str, object],
    quality_annotation: str = DEFAULT_QUALITY_ANNOTATION,
) -> SurvivorRank:
    """A sort key: the smallest rank in a cluster is its survivor."""
    score = annotations.get(quality_annotation)
    if isinstance(score, (int, float)) and not isinstance(score, bool) and score == score:
        return (0, -float(score), -len(text), doc_id)
    return (1, 0.0, -len(text), doc_id)  # unscored copies lose to scored ones
