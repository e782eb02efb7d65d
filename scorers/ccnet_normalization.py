"""CCNet's text normalization before SentencePiece and KenLM (cc_net/text_normalizer.py).

Lower case, accents stripped, digits to 0, Unicode punctuation mapped to ASCII, non-printing
characters removed: the model then spends no probability mass on surface variants.
"""

from __future__ import annotations

import re
import unicodedata

# cc_net/text_normalizer.py UNICODE_PUNCT
_UNICODE_PUNCT = {
    "，": ",", "。": ".", "、": ",", "„": '"', "”": '"', "“": '"', "«": '"', "»": '"',
    "１": '"', "」": '"', "「": '"', "《": '"', "》": '"', "´": "'", "∶": ":", "：": ":",
    "？": "?", "！": "!", "（": "(", "）": ")", "；": ";", "–": "-", "—": " - ", "．": ". ",
    "～": "~", "’": "'", "…": "...", "━": "-", "〈": "<", "〉": ">", "【": "[", "】": "]",
    "％": "%", "►": "-",
}  # fmt: skip
_PUNCT_RE = re.compile(f"[{''.join(_UNICODE_PUNCT)}]")
_DIGITS = re.compile(r"\d")
_NON_PRINTING = re.compile(f"[{''.join(map(chr, [*range(0, 32), *range(127, 160)]))}]")


def _strip_accents(line: str) -> str:
    decomposed = unicodedata.normalize("NFD", line)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def ccnet_normalize(line: str) -> str:
    line = line.strip()
    if not line:
        return line
    line = _strip_accents(line.lower())
    line = _DIGITS.sub("0", line)
    line = _PUNCT_RE.sub(lambda m: _UNICODE_PUNCT[m.group()], line)
    return _NON_PRINTING.sub("", line)
