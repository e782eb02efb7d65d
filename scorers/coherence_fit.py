"""Fitting the coherence scorer's IDF table and measuring it on real versus spliced documents."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from yisieve.scorers.coherence import CoherenceScorer, CoherenceSettings, splice, split_blocks
from yisieve.scorers.embeddings import BlockEncoder
from yisieve.scorers.held_out import roc_auc

SPLICE_SOURCES = 3  # each synthetic incoherent document joins parts of 3 unrelated documents


def spliced_set(
    documents: Sequence[str], settings: CoherenceSettings, seed: int = 0
) -> tuple[list[str], list[str]]:
    """(real, spliced): real documents of 3+ blocks, and as many splices of 3 other ones."""
    real = [doc for doc in documents if len(split_blocks(doc, settings.min_block_chars)) >= 3]
    rng = random.Random(seed)
    spliced = []
    for index in range(len(real)):
        others = rng.sample([i for i in range(len(real)) if i != index], SPLICE_SOURCES)
        spliced.append(splice([real[i] for i in others], settings.min_block_chars))
    return real, spliced


def coherence_auc(
    encoder: BlockEncoder, documents: Sequence[str], settings: CoherenceSettings
) -> dict[str, float]:
    """ROC-AUC of the coherence score separating real documents from splices of 3."""
    real, spliced = spliced_set(documents, settings)
    if len(real) <= SPLICE_SOURCES:
        return {"real_documents": len(real), "roc_auc": float("nan")}
    scorer = CoherenceScorer(encoder, settings)
    real_scores = [r.score for r in scorer.score_batch(real)]
    spliced_scores = [r.score for r in scorer.score_batch(spliced)]
    return {
        "real_documents": len(real),
        "spliced_documents": len(spliced),
        "roc_auc": roc_auc(real_scores, spliced_scores),
        # Candidate threshold: the score that keeps 95% of real documents.
        "real_score_p05": float(np.percentile(real_scores, 5)),
        "spliced_score_median": float(np.median(spliced_scores)),
    }
