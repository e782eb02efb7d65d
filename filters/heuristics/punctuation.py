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
