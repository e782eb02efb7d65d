"""Deterministic held-out splits and the metrics every `fit` prints.

The split is a hash of the text, so it is the same on every machine and every run, and a
document never lands on both sides (duplicates hash alike).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import roc_auc_score


def is_held_out(text: str, fraction: float, salt: str = "yisieve") -> bool:
    digest = hashlib.blake2b(f"{salt}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < fraction


def split_held_out(
    texts: Sequence[str], fraction: float, salt: str = "yisieve"
) -> tuple[list[str], list[str]]:
    """(train, held_out)."""
    train: list[str] = []
    held: list[str] = []
    for text in texts:
        (held if is_held_out(text, fraction, salt) else train).append(text)
    return train, held


def roc_auc(positive_scores: Sequence[float], negative_scores: Sequence[float]) -> float:
    """ROC-AUC of scores where the positive class should score higher."""
    if not positive_scores or not negative_scores:
        return float("nan")
    labels = np.r_[np.ones(len(positive_scores)), np.zeros(len(negative_scores))]
    return float(roc_auc_score(labels, np.r_[positive_scores, negative_scores]))


def pairwise_lower_fraction(lower_side: Sequence[float], higher_side: Sequence[float]) -> float:
    """Fraction of all (a, b) pairs with a < b: the share of pairs ordered the expected way."""
    a = np.sort(np.asarray(lower_side, dtype=float))
    b = np.asarray(higher_side, dtype=float)
    if not len(a) or not len(b):
        return float("nan")
    below = np.searchsorted(a, b, side="left")  # for each b: how many a are strictly lower
    return float(below.sum() / (len(a) * len(b)))
