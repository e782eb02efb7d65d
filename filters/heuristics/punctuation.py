"""Sentence-final punctuation, half- and full-width (Chinese ends sentences with 。！？)."""

from __future__ import annotations

import re

# C4 END_PUNCTUATION (. ? ! " ') plus the full-width marks, the ellipsis and closing quotes
# that end a quoted sentence in English and Chinese typography.
TERMINAL_PUNCTUATION = (".", "!", "?", '"', "'", "。", "！", "？", "．", "…", "”", "’", "」", "』")
TERMINAL_RUN = re.compile("[" + re.escape("".join(TERMINAL_PUNCTUATION)) + "]")
# A sentence ended inside brackets still ends the line: "（见下文。）" / "(see below.)".
CLOSING_BRACKETS = ")）]】》〉"


def ends_sentence(line: str) -> bool:
    return line.endswith(TERMINAL_PUNCTUATION) or (
        line.endswith(tuple(CLOSING_BRACKETS))
        and line.rstrip(CLOSING_BRACKETS).endswith(TERMINAL_PUNCTUATION)
    )


# Where a sentence ends inside a line: 。！？ (no space follows in Chinese) or .!?… before a space,
# with the closing quotes and brackets that belong to it ("他说：“好。”" ends after ”).
SENTENCE_CUT = re.compile(r"(?:[。！？]+|[.!?…]+(?=\s|$))[\"'”’」』）)\]]*\s*")


def sentence_units(line: str) -> list[str]:
    """The sentences of one line, the unpunctuated tail (if any) last."""
    units, start = [], 0
    for match in SENTENCE_CUT.finditer(line):
        units.append(line[start : match.end()].strip())
        start = match.end()
    units.append(line[start:].strip())
    return [unit for unit in units if unit]
