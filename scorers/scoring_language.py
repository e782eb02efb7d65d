"""Which language's model scores a document: the LID stage's label, else a script guess.

The learned scorers have one model per language. When no language identifier ran before them
(or it left `lang` empty), `guess_from_script` lets Han text use the zh models and Latin text the
en ones; any other script is left unscored rather than scored by the wrong model.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.rule import TextDocument
from yisieve.scorers.text_units import script_language


def scoring_language(
    doc: TextDocument, available: Mapping[str, object], guess_from_script: bool
) -> str | None:
    lang = doc.lang
    if lang is None and guess_from_script:
        lang = script_language(doc.text)
    return lang if lang in available else None


class ScorerSection(StageSection):
    """The config keys every per-language scorer stage shares."""

    guess_language_from_script: bool = Field(
        default=True,
        description="a document without a lid label: Han script is scored as zh, Latin as en",
    )
    batch_size: int = Field(default=64, gt=0, description="documents per model call")
