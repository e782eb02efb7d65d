"""The CCNet/Yi perplexity stage: score every document, then drop those above their language's
mean perplexity over the whole run (a corpus-level pass: the means are a Beam side input).

CCNet's head/middle/tail bucket comes from per-language cutoffs in the config and is written as
an annotation (`ppl.bucket`), so a later mix can sample by bucket without rescoring.
"""

from __future__ import annotations

import math

import apache_beam as beam
from pydantic import Field

from yisieve.filters.config_section import ConfigSection
from yisieve.pipeline.counters import StageCounters
from yisieve.pipeline.document import Document
from yisieve.pipeline.outputs import (
    DOCUMENTS,
    ERRORS,
    REJECTED,
    document_error,
    outcomes_of,
    reject,
    route,
)
from yisieve.scorers.scoring_language import ScorerSection, scoring_language

STAGE = "ppl"


class PerplexityModelPaths(ConfigSection):
    """One language's model files."""

    sentencepiece: str = Field(description="the SentencePiece tokenizer model")
    kenlm: str = Field(description="the KenLM binary model")


class PerplexityConfig(ScorerSection):
    """`stages.ppl`: per-language models, Yi's mean rule and CCNet's buckets."""

    models: dict[str, PerplexityModelPaths] = Field(
        default={
            lang: PerplexityModelPaths(
                sentencepiece=f"models/ppl/{lang}/sp.model", kenlm=f"models/ppl/{lang}/kenlm.bin"
            )
            for lang in ("en", "zh")
        },
        description="language -> SentencePiece + KenLM 5-gram files; paths relative to the "
        "scorers/ package folder, or absolute",
    )
    # Yi (2403.04652 §2.1).
    drop_above_mean: bool = Field(
        default=True,
        description="Yi: reject documents above their language's mean perplexity over this run "
        "(ppl.above_mean)",
    )
    # Measured with the bundled models (crawl_ppl_p30/p60 in their manifests), since
    # perplexities of different models are not comparable.
    bucket_cutoffs: dict[str, tuple[float, float]] = Field(
        default={"en": (515, 760), "zh": (865, 1040)},
        description="CCNet head/middle/tail: [head_max, middle_max] per language, the 30th/60th "
        "percentiles of crawl perplexity (annotation ppl.bucket)",
    )


def bucket(perplexity: float, cutoffs: tuple[float, float] | None) -> str | None:
    if cutoffs is None or not math.isfinite(perplexity):
        return None
    head_max, middle_max = cutoffs
    return "head" if perplexity <= head_max else "middle" if perplexity <= middle_max else "tail"


class ScorePerplexity(beam.DoFn):
    """Annotates `ppl.kenlm`, `ppl.tokens`, `ppl.lang`, `ppl.bucket`; models load in setup."""

    def __init__(self, config: PerplexityConfig) -> None:
        self.config = config

    def setup(self) -> None:
        from yisieve.scorers.perplexity import PerplexityModel

        self.models = {
            lang: PerplexityModel(paths.sentencepiece, paths.kenlm)
            for lang, paths in self.config.models.items()
        }
        self.counters = StageCounters(STAGE)

    def process(self, batch):
        self.counters.entered(len(batch))
        with self.counters.timed(len(batch)):
            for doc in batch:
                yield self._score(doc)

    def _score(self, doc: Document):
        lang = scoring_language(doc, self.models, self.config.guess_language_from_script)
        if lang is None:
            return doc.evolve(annotations={f"{STAGE}.lang": None})
        try:
            result = self.models[lang].score(doc.text)
        except Exception as error:
            return route(document_error(doc, STAGE, "scorer_failure", error), self.counters)
        notes = {
            f"{STAGE}.kenlm": result.perplexity if result.tokens else None,
            f"{STAGE}.tokens": result.tokens,
            f"{STAGE}.lang": lang,
            f"{STAGE}.bucket": bucket(result.perplexity, self.config.bucket_cutoffs.get(lang)),
        }
        return doc.evolve(annotations=notes)


def language_and_perplexity(doc: Document):
    lang, value = doc.annotations.get(f"{STAGE}.lang"), doc.annotations.get(f"{STAGE}.kenlm")
    if lang is not None and isinstance(value, float) and math.isfinite(value):
        yield lang, value


class DropAboveMean(beam.DoFn):
    """Yi's rule with the run's per-language means (side input)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def setup(self) -> None:
        self.counters = StageCounters(STAGE)

    def process(self, doc: Document, means: dict[str, float]):
        lang, value = doc.annotations.get(f"{STAGE}.lang"), doc.annotations.get(f"{STAGE}.kenlm")
        mean = means.get(lang) if isinstance(lang, str) else None
        if mean is not None:
            doc = doc.evolve(annotations={f"{STAGE}.lang_mean": round(mean, 1)})
        if self.enabled and mean is not None and isinstance(value, float) and value > mean:
            yield reject(doc, f"{STAGE}.above_mean", self.counters)
            return
        yield route(doc, self.counters)


class PerplexityStage(beam.PTransform):
    """Documents -> {'documents', 'rejected', 'errors'}: score, mean per language, decide."""

    def __init__(self, config: PerplexityConfig) -> None:
        super().__init__()
        self.config = config

    def expand(self, documents):
        size = self.config.batch_size
        scored = (
            documents
            | "Batch" >> beam.BatchElements(min_batch_size=1, max_batch_size=size)
            | "Score" >> beam.ParDo(ScorePerplexity(self.config)).with_outputs(ERRORS, main="docs")
        )
        means = (
            scored.docs
            | "LangPpl" >> beam.FlatMap(language_and_perplexity)
            | "MeanPerLang" >> beam.combiners.Mean.PerKey()
        )
        decided = scored.docs | "Decide" >> beam.ParDo(
            DropAboveMean(self.config.drop_above_mean), beam.pvalue.AsDict(means)
        ).with_outputs(REJECTED, main=DOCUMENTS)
        return {**outcomes_of(decided, REJECTED), ERRORS: scored[ERRORS]}
