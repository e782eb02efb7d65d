"""Splitting text into the units the scorers count: tokens for fastText, lines, blocks.

One tokenizer for every language the defaults cover: Han characters are tokens of their own
(fastText word n-grams then see character bigrams, which is how Chinese text classifiers
without a segmenter work), other scripts split into words; digits collapse to `0` so numbers
do not become rare features. No per-language segmenter (jieba) is needed, so scoring stays cheap.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{HAN}]|[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)
_HAN_CHAR = re.compile(rf"[{HAN}]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def classifier_tokens(text: str, max_tokens: int = 2000) -> list[str]:
    """Lower-cased tokens, Han characters one by one, digits as `0`; the document's head only.

    2,000 tokens cover the opening of a page, which is what decides its kind; longer pages
    would only slow scoring down.
    """
    tokens = []
    for match in _TOKEN.finditer(text.lower()):
        token = match.group()
        tokens.append("0" if token.isdigit() else token)
        if len(tokens) >= max_tokens:
            break
    return tokens


def classifier_line(text: str, max_tokens: int = 2000) -> str:
    return " ".join(classifier_tokens(text, max_tokens))


def script_language(text: str) -> str | None:
    """A fallback language guess when no LID stage ran: `zh` for Han script, `en` for Latin.

    Only decides between the two languages the bundled models cover; any other script is None.
    """
    sample = text[:2000]
    letters = sum(1 for ch in sample if ch.isalpha())
    if not letters:
        return None
    if len(_HAN_CHAR.findall(sample)) / letters >= 0.3:
        return "zh"
    if len(_LATIN_LETTER.findall(sample)) / letters >= 0.9:
        return "en"
    return None
