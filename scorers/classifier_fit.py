"""Fitting a binary fastText scorer (quality, a safety category) and measuring it held out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from yisieve.scorers.fasttext_classifier import (
    FastTextBinaryClassifier,
    FastTextSettings,
    train_binary_classifier,
)
from yisieve.scorers.held_out import roc_auc, split_held_out


def fit_binary_scorer(
    positives: Sequence[str],
    negatives: Sequence[str],
    output: Path,
    settings: FastTextSettings,
    held_out_fraction: float = 0.2,
    eval_positives: Sequence[str] | None = None,
    eval_negatives: Sequence[str] | None = None,
    negative_groups: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, float]:
    """Train on everything not held out; ROC-AUC on the held-out share (or the given eval set).

    With an explicit evaluation set (e.g. COLD's dev split) all given training data is used.
    `negative_groups` (name -> texts, a partition of the negatives) adds one ROC-AUC per group,
    e.g. reference versus raw crawl alone, apart from the other low-quality sources.
    """
    if eval_positives is None or eval_negatives is None:
        positives, eval_positives = split_held_out(positives, held_out_fraction)
        negatives, eval_negatives = split_held_out(negatives, held_out_fraction)
    train_binary_classifier(positives, negatives, output, settings)
    classifier = FastTextBinaryClassifier(output, "fitted")
    pos_scores = classifier.positive_probability(eval_positives)
    neg_scores = classifier.positive_probability(eval_negatives)
    groups = {}
    for name, texts in (negative_groups or {}).items():
        held = set(texts) & set(eval_negatives)
        group_scores = [s for t, s in zip(eval_negatives, neg_scores, strict=True) if t in held]
        groups[f"roc_auc.vs.{name}"] = roc_auc(pos_scores, group_scores)
        groups[f"held_out_negative.{name}"] = len(group_scores)
    return {
        "train_positive": len(positives),
        "train_negative": len(negatives),
        "held_out_positive": len(eval_positives),
        "held_out_negative": len(eval_negatives),
        "roc_auc": roc_auc(pos_scores, neg_scores),
        # Candidate thresholds: keep 95% of positives / flag at most 1% of negatives.
        "positive_score_p05": float(np.percentile(pos_scores, 5)),
        "negative_score_p99": float(np.percentile(neg_scores, 99)),
        **groups,
    }
