"""Which language's model scores a document: the LID stage's label, else a script guess.

The learned scorers have one model per language. When no language identifier ran before them
(or it left `lang` empty), `guess_from_script` lets Han text use the zh models and Latin text the
en ones; any other script is left unscored rather than scored by the wrong model.
"""

from __future__ import annotations

from collections.abc import Mapping

from yisieve.filters.rule import TextDocument
from yisieve.scorers.text_units import script_language


def scoring_language(
    doc: TextDocument, available: Mapping[str, object], guess_from_script: bool
) -> str | None:
    lang = doc.lang
    if lang is None and guess_from_script:
        lang = script_language(doc.text)
    return lang if lang in available else None
