"""The quality stage: P(reference-like) per document (`quality.score`), dropped below a minimum."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from yisieve.filters.rule import Measures, Rule, TextDocument, number
from yisieve.filters.stage import DocumentStage
from yisieve.scorers.scoring_language import ScorerSection, scoring_language


class QualityConfig(ScorerSection):
    """`stages.quality`: one fastText model per language and the minimum score to keep."""

    models: dict[str, str] = Field(
        default={lang: f"models/quality/{lang}/quality.ftz" for lang in ("en", "zh")},
        description="language -> fastText model (relative to the scorers/ package folder)",
    )
    # Both keep 95% of held-out reference (positive_score_p05 in the manifest): en Wikipedia;
    # zh zhwiki + People's Daily (news is among the zh model's positives). zh 0.94 drops 78% of
    # the held-out Chinese CC pages (benchmarks/results/cluster.md).
    min_score: dict[str, float] = Field(
        default={"en": 0.33, "zh": 0.94},
        description="language -> lowest quality.score kept, lower: quality.wiki_likeness_low; "
        "each keeps 95% of its held-out reference text",
    )


class WikiLikeness(Rule):
    """GPT-3/CCNet-style classifier: how much a document reads like the reference corpus."""

    name = "wiki_likeness"
    reason = "wiki_likeness_low"  # below the language's min_score

    def __init__(self, config: QualityConfig) -> None:
        self.config = config

    def setup(self) -> None:
        from yisieve.scorers.quality import QualityClassifier

        self.models = {lang: QualityClassifier(path) for lang, path in self.config.models.items()}

    def measure(self, doc: TextDocument) -> Measures:
        return self.measure_batch([doc])[0]

    def measure_batch(self, docs: Sequence[TextDocument]) -> list[Measures]:
        langs = [
            scoring_language(doc, self.models, self.config.guess_language_from_script)
            for doc in docs
        ]
        measures: list[Measures] = [{"score": None, "lang": lang} for lang in langs]
        for lang, model in self.models.items():
            rows = [i for i, doc_lang in enumerate(langs) if doc_lang == lang]
            if rows:
                for i, score in zip(
                    rows, model.score_batch([docs[i].text for i in rows]), strict=True
                ):
                    measures[i]["score"] = round(score, 4)
        return measures

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        score, lang = number(measures.get("score")), measures.get("lang")
        if score is None or not isinstance(lang, str) or lang not in self.config.min_score:
            return None
        return self.reason if score < self.config.min_score[lang] else None


def quality_stage(config: QualityConfig) -> DocumentStage:
    return DocumentStage("quality", rules=[WikiLikeness(config)], batch_size=config.batch_size)
