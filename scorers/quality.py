"""Wikipedia-likeness: P(reference-like) from a fastText classifier, one model per language.

The GPT-3/CCNet-style quality filter: positives are reference text (Wikipedia, news), negatives
raw crawl text and colloquial user text, so a high score means "reads like an edited article".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from yisieve.scorers.fasttext_classifier import FastTextBinaryClassifier

MODEL_FILE = "quality.ftz"


class QualityClassifier:
    """`quality.score`: probability that a document is reference-like."""

    def __init__(self, path: str | Path) -> None:
        self.classifier = FastTextBinaryClassifier(path, "quality")

    def score_batch(self, texts: Sequence[str]) -> list[float]:
        return self.classifier.positive_probability(texts)
