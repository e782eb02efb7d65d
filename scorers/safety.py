"""Harmful-content scorers: one fastText classifier per category, plus flagged-word ratios.

Categories are named by the deployment (`toxic` by default, trained on COLD for Chinese and
Davidson et al. for English; `yisieve fit safety --category NAME` adds any other, e.g.
political content). Adult content is measured as the share of words on the BigScience ROOTS
flagged-word list (ac_dc/flagged_words.py), the list ROOTS and CulturaX filter with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from yisieve.scorers.fasttext_classifier import FastTextBinaryClassifier
from yisieve.scorers.model_files import require_file
from yisieve.scorers.text_units import HAN

MODEL_FILE = "model.ftz"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class SafetyClassifier:
    """P(category) for texts, from one category's fastText model."""

    def __init__(self, category: str, path: str | Path) -> None:
        self.category = category
        self.classifier = FastTextBinaryClassifier(path, f"safety/{category}")

    def score_batch(self, texts: Sequence[str]) -> list[float]:
        return self.classifier.positive_probability(texts)


class FlaggedWords:
    """Share of a document's words that are on a flagged-word list (ROOTS `flagged_words_ratio`).

    Latin-script words are matched whole; Han-script entries (no spaces between words) are
    counted as substrings and weighted by their length in characters, as a share of Han chars.
    """

    def __init__(self, path: str | Path) -> None:
        resolved = require_file(path, "flagged-word list")
        words = {
            line.strip().lower()
            for line in resolved.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
        han = re.compile(f"[{HAN}]")
        self.han_words = sorted((w for w in words if han.search(w)), key=len, reverse=True)
        self.words = {w for w in words if not han.search(w)}
        self.han_pattern = (
            re.compile("|".join(map(re.escape, self.han_words))) if self.han_words else None
        )
        self.han_char = han

    def ratio(self, text: str) -> float:
        lowered = text.lower()
        words = _WORD.findall(lowered)
        latin = [w for w in words if not self.han_char.search(w)]
        flagged = sum(1 for w in latin if w in self.words)
        han_chars = len(self.han_char.findall(lowered))
        han_flagged = (
            sum(len(m.group()) for m in self.han_pattern.finditer(lowered))
            if self.han_pattern and han_chars
            else 0
        )
        latin_part = flagged / len(latin) if latin else 0.0
        han_part = han_flagged / han_chars if han_chars else 0.0
        return float(max(latin_part, han_part))
