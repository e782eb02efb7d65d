"""The safety stage: one classifier per harmful-content category plus flagged-word ratios.

Annotations `safety.<category>` (probability) and `safety.flagged_words`; reasons
`safety.<category>` (e.g. `safety.toxic`) and `safety.flagged_words`, thresholds per category.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.rule import Measures, Rule, TextDocument
from yisieve.filters.stage import DocumentStage
from yisieve.scorers.scoring_language import scoring_language


class SafetyCategory(BaseModel):
    model_config = ConfigDict(extra="forbid")
    models: dict[str, str]  # language -> fastText model path
    # 0.9 flags none of the held-out English and 0.6% of the Chinese Wikipedia text.
    max_score: float = Field(default=0.9, ge=0, le=1)


class FlaggedWordsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lists: dict[str, str] = {
        lang: f"models/safety/flagged_words/{lang}.txt" for lang in ("en", "zh")
    }
    # BigScience ROOTS parameters_filtering.py: flagged_words_max_cutoff en 0.01, zh 0.001.
    max_ratio: dict[str, float] = {"en": 0.01, "zh": 0.001}


class SafetyConfig(StageSection):
    """`stages.safety`: categories (name -> models, threshold) and flagged words."""

    categories: dict[str, SafetyCategory] = {
        "toxic": SafetyCategory(
            models={lang: f"models/safety/toxic-{lang}/model.ftz" for lang in ("en", "zh")}
        )
    }
    flagged_words: FlaggedWordsConfig | None = FlaggedWordsConfig()
    guess_language_from_script: bool = True
    batch_size: int = Field(default=64, gt=0)


class HarmfulContent(Rule):
    """Every configured category's probability; the first one above its threshold drops."""

    name = "harmful"

    def __init__(self, config: SafetyConfig) -> None:
        self.config = config

    def setup(self) -> None:
        from yisieve.scorers.safety import FlaggedWords, SafetyClassifier

        self.classifiers = {
            (name, lang): SafetyClassifier(name, path)
            for name, category in self.config.categories.items()
            for lang, path in category.models.items()
        }
        lists = self.config.flagged_words.lists if self.config.flagged_words else {}
        self.flagged = {lang: FlaggedWords(path) for lang, path in lists.items()}
        self.languages = {lang for _, lang in self.classifiers} | set(self.flagged)

    def measure(self, doc: TextDocument) -> Measures:
        return self.measure_batch([doc])[0]

    def measure_batch(self, docs: Sequence[TextDocument]) -> list[Measures]:
        available = dict.fromkeys(self.languages)
        langs = [
            scoring_language(doc, available, self.config.guess_language_from_script) for doc in docs
        ]
        measures: list[Measures] = [{"lang": lang} for lang in langs]
        for (name, lang), classifier in self.classifiers.items():
            rows = [i for i, doc_lang in enumerate(langs) if doc_lang == lang]
            if rows:
                scores = classifier.score_batch([docs[i].text for i in rows])
                for i, score in zip(rows, scores, strict=True):
                    measures[i][name] = round(score, 4)
        for i, (doc, lang) in enumerate(zip(docs, langs, strict=True)):
            if lang in self.flagged:
                measures[i]["flagged_words"] = round(self.flagged[lang].ratio(doc.text), 5)
        return measures

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        for name, category in self.config.categories.items():
            score = measures.get(name)
            if isinstance(score, float) and score > category.max_score:
                return name
        ratio, lang = measures.get("flagged_words"), measures.get("lang")
        limits = self.config.flagged_words.max_ratio if self.config.flagged_words else {}
        if isinstance(ratio, float) and lang in limits and ratio > limits[lang]:
            return "flagged_words"
        return None


def safety_stage(config: SafetyConfig) -> DocumentStage:
    return DocumentStage("safety", rules=[HarmfulContent(config)], batch_size=config.batch_size)
