"""Lines, paragraphs and words of a document, computed once and shared by every rule.

The heuristic rules all read the same splits; `text_statistics(doc)` builds them on first use
and caches them on the document view the stage hands to its rules, so no rule re-splits.
"""

from __future__ import annotations

import contextlib
import re
from functools import cached_property

from yisieve.filters.heuristics.punctuation import sentence_units
from yisieve.filters.heuristics.word_splitting import split_words
from yisieve.filters.rule import TextDocument

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_CACHE_ATTRIBUTE = "_yisieve_text_statistics"


class TextStatistics:
    """One pass of splitting; derived counts are computed lazily and kept."""

    def __init__(self, text: str, lang: str | None) -> None:
        self.text = text
        self.lang = lang
        stripped = [line.strip() for line in text.split("\n")]
        # Blank lines separate paragraphs; they are not lines of content (datatrove, FineWeb).
        self.lines: list[str] = [line for line in stripped if line]
        self.words: list[str] = split_words(text, lang)

    @cached_property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in PARAGRAPH_BREAK.split(self.text.strip()) if part.strip()]

    @cached_property
    def line_units(self) -> list[str]:
        """The units of the line-shape rules (FineWeb terminal punctuation, Gopher ellipsis and
        bullet lines): the lines, or, for a document of one line, that line's sentences. On one
        line those fractions are a single bit ("does the last character end a sentence"); text
        stored one document per line (zh corpora, many dumps) would be judged on its last
        character. Text with line breaks is judged on its lines, as the published rules do."""
        return sentence_units(self.lines[0]) if len(self.lines) == 1 else self.lines

    @cached_property
    def word_chars(self) -> int:
        return sum(map(len, self.words))

    @cached_property
    def lowered_words(self) -> list[str]:
        return [word.lower() for word in self.words] if self.lang != "zh" else self.words

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.lowered_words)


def text_statistics(doc: TextDocument) -> TextStatistics:
    """The statistics of `doc`, computed on first request and cached on the document object."""
    cached = getattr(doc, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached.text is doc.text and cached.lang == doc.lang:
        return cached
    stats = TextStatistics(doc.text, doc.lang)
    # The stage's mutable view takes it; a frozen Document does not (nor should it carry a
    # cache to the next stage when pickled): then each rule computes it again, still right.
    with contextlib.suppress(AttributeError):
        setattr(doc, _CACHE_ATTRIBUTE, stats)
    return stats
