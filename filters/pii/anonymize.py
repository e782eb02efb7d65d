"""The PII rewrite: find PII with presidio's analyzer, replace it with typed placeholders
with presidio's anonymizer, count what was masked per type (`pii.email`, `pii.cn_mobile` ...).

Idempotent: placeholders (`<EMAIL>`, `<PHONE>` ...) contain nothing a recognizer matches, so
scrubbing scrubbed text changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from yisieve.filters.pii.config import PiiConfig
from yisieve.filters.pii.entity_types import BY_ENTITY, SPECIFICITY
from yisieve.filters.pii.lean_presidio import without_unused_frameworks
from yisieve.filters.pii.prefilter import may_contain_pii
from yisieve.filters.pii.safe_list import SafeList
from yisieve.filters.rule import Measures, Rewrite, TextDocument

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, RecognizerResult

SPANS = "spans"


def without_overlaps(results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """Longest span first, then the more certain, then the more specific type; no overlaps.

    An email whose local part is a mobile number is one email, not an email and a phone.
    """
    ranked = sorted(
        results,
        key=lambda r: (-(r.end - r.start), -r.score, SPECIFICITY.get(r.entity_type, 99), r.start),
    )
    kept: list[RecognizerResult] = []
    for result in ranked:
        if all(result.end <= other.start or result.start >= other.end for other in kept):
            kept.append(result)
    return sorted(kept, key=lambda r: r.start)


class PiiScrubber(Rewrite):
    """Masks emails, phones, IPs, cards, IBANs, CN mobiles/landlines/IDs (and names, opt-in)."""

    name = "scrub"

    def __init__(self, config: PiiConfig) -> None:
        self.config = config
        self.entities = config.active_entities()
        self.keys = sorted({BY_ENTITY[name].key for name in self.entities})
        self.tallied = (*self.keys, SPANS)
        self.safe_list = SafeList(config.safe_ip_networks, config.safe_email_domains)
        self.pattern_entities = [name for name in self.entities if name != "PERSON"]
        self.analyzer: AnalyzerEngine | None = None

    def setup(self) -> None:
        """Build presidio once per worker (importing it pulls in spaCy: seconds, not per doc)."""
        if self.analyzer is not None:
            return
        with without_unused_frameworks():
            from presidio_anonymizer import AnonymizerEngine
            from presidio_anonymizer.entities import OperatorConfig

            from yisieve.filters.pii.engine import build_analyzer, empty_artifacts

            analyzer = build_analyzer(self.config)
        self.operators = {
            name: OperatorConfig("replace", {"new_value": self.config.placeholder_for(name)})
            for name in self.entities
        }
        self.analyzer = analyzer
        self.anonymizer = AnonymizerEngine()
        self.no_artifacts = {
            lang: empty_artifacts(self.analyzer, lang) for lang in self.config.languages
        }

    def __getstate__(self) -> dict:
        """Ship the configuration to workers, not a built engine (each worker builds its own)."""
        state = dict(self.__dict__)
        for built in ("analyzer", "anonymizer", "operators", "no_artifacts"):
            state.pop(built, None)
        state["analyzer"] = None
        return state

    def analysis_language(self, doc: TextDocument) -> str:
        return doc.lang if doc.lang in self.config.languages else self.config.fallback_language

    def find(self, text: str, lang: str, ner: bool | None = None) -> list[RecognizerResult]:
        """Non-overlapping PII spans to mask in `text` (safe-listed values removed).

        NER runs on English documents only (`ner` None: when configured and `lang` is en).
        """
        if self.analyzer is None:
            self.setup()
        assert self.analyzer is not None  # setup built it
        ner = self.config.ner and lang == "en" if ner is None else ner
        if not ner and self.config.prefilter and not may_contain_pii(text):
            return []
        results = self.analyzer.analyze(
            text,
            language=lang,
            entities=self.entities if ner else self.pattern_entities,
            allow_list=self.config.safe_values or None,
            nlp_artifacts=None if ner else self.no_artifacts[lang],
        )
        found = [
            r for r in results if not self.safe_list.is_safe(r.entity_type, text[r.start : r.end])
        ]
        return without_overlaps(found)

    def rewrite(self, doc: TextDocument) -> tuple[str, Measures]:
        text = doc.text
        lang = self.analysis_language(doc)
        spans = self.find(text, lang, ner=self.config.ner and doc.lang == "en")
        counts = Counter(BY_ENTITY[r.entity_type].key for r in spans)
        measures: Measures = {key: counts.get(key, 0) for key in self.keys}
        measures[SPANS] = len(spans)
        if not spans:
            return text, measures
        # The anonymizer declares its own RecognizerResult class; it reads the analyzer's alike.
        masked = self.anonymizer.anonymize(
            text=text,
            analyzer_results=spans,  # type: ignore[arg-type]
            operators=self.operators,
        )
        return masked.text, measures
