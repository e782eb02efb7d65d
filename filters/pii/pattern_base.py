"""A presidio pattern recognizer whose matches are accepted by code, not by a score alone.

presidio's `PatternRecognizer` validates the matched text only; PII checks often need more:
the words before the match (phone context), trimming (an IBAN followed by a capitalised word)
or the checksum of a normalised form. Subclasses give one compiled pattern and `accept`.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# A validated match (checksum, parse) is certain; an unvalidated one is a plain regex hit.
VALIDATED_SCORE = 1.0
PATTERN_SCORE = 0.6


class CheckedPatternRecognizer(PatternRecognizer):
    """One regex per recognizer; `accept(text, match)` returns the span to mask, or None."""

    ENTITY: str = ""
    PATTERN_NAME: str = ""
    REGEX: str = ""
    # Case matters (IBAN country codes are upper case); DOTALL never helps a token pattern.
    FLAGS: int = 0
    name: str  # set by presidio's constructor

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=f"{type(self).__name__}_{supported_language}",
            supported_language=supported_language,
            patterns=[Pattern(self.PATTERN_NAME or self.ENTITY, self.REGEX, PATTERN_SCORE)],
            global_regex_flags=self.FLAGS,
        )
        self.compiled = regex.compile(self.REGEX, self.FLAGS)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        return list(self.results(text))

    def results(self, text: str) -> Iterable[RecognizerResult]:
        for match in self.compiled.finditer(text):
            span = self.accept(text, match)
            if span is None:
                continue
            start, end, score = span
            yield RecognizerResult(
                entity_type=self.ENTITY,
                start=start,
                end=end,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )

    def accept(self, text: str, match: regex.Match) -> tuple[int, int, float] | None:
        """(start, end, score) to report, or None to drop; default: the whole match."""
        return match.start(), match.end(), PATTERN_SCORE


def context_before(text: str, start: int, window: int = 40) -> str:
    """The lower-cased text just before a match, where 'phone', '电话' or 'version' would be."""
    return text[max(0, start - window) : start].lower()
