"""Sub-document deduplication: find the spans of a text that also occur elsewhere and cut them.

Two schemes share one shape (occurrences keyed by a content hash, then removal of the
occurrences that are not the first in a deterministic corpus order):

- `RepeatedWindows` (exact substrings, Lee et al. 2022): every window of k consecutive tokens
  is hashed; a window whose hash was seen earlier marks its k tokens as repeated. The union of
  repeated windows is exactly the set of repeated substrings of >= k tokens, so a
  hashed-window join replaces the single-machine suffix array (8N bytes of RAM).
- `RepeatedLines` (CCNet): normalized lines or paragraphs seen in an earlier document are cut.

Tokens are runs of non-space characters, and each CJK character is a token of its own (about
one tokenizer token per Chinese character, as for BPE vocabularies such as Yi's).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from yisieve.filters.dedup.minhash_signature import splitmix64, token_hashes
from yisieve.filters.text_normalization import normalize_for_hash

# Lee et al. 2022 (and RefinedWeb) drop repeated spans of >= 50 tokens.
DEFAULT_MIN_TOKENS = 50

_CJK_CLASS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK_CLASS}]|[^\s{_CJK_CLASS}]+")
_MASK63 = (1 << 63) - 1
_BASE = np.uint64(0x100000001B3)  # FNV-64 prime: an odd multiplier for the window polynomial
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_PARAGRAPH = re.compile(r".+?(?:\n[ \t]*\n\s*|\Z)", re.S)

Span = tuple[int, int]


def token_spans(text: str) -> list[Span]:
    """(start, end) character offsets of every token."""
    return [match.span() for match in _TOKEN.finditer(text)]


def _stable_hash(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big")


def remove_spans(text: str, spans: list[Span]) -> str:
    """The text without the given (sorted, disjoint) character spans."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces).strip()


def merge_runs(positions: list[int], width: int) -> list[tuple[int, int]]:
    """Union of [p, p + width) intervals as sorted, disjoint [first, last] index runs."""
    runs: list[list[int]] = []
    for position in sorted(set(positions)):
        end = position + width - 1
        if runs and position <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([position, end])
    return [(first, last) for first, last in runs]


@dataclass(frozen=True)
class RepeatedWindows:
    """Exact repeated substrings of at least `min_tokens` tokens."""

    min_tokens: int = DEFAULT_MIN_TOKENS
    name: str = "substring"

    def occurrences(self, text: str) -> list[tuple[int, int]]:
        """(window hash, window start token) for every k-token window of the text.

        The window hash is a polynomial over 64-bit token hashes (wrapping arithmetic), built
        in numpy with k vector steps, then mixed and cut to 63 bits; equal windows hash alike
        on every worker (no per-process salt).
        """
        spans = token_spans(text)
        k = self.min_tokens
        if len(spans) < k:
            return []
        hashes = token_hashes([text[start:end] for start, end in spans])
        count = len(spans) - k + 1
        window = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for offset in range(k):
                window = window * _BASE + hashes[offset : offset + count]
        mixed = splitmix64(window) & np.uint64(_MASK63)
        return list(zip(mixed.tolist(), range(count), strict=True))

    def remove(self, text: str, positions: list[int]) -> tuple[str, int]:
        """Cut the tokens covered by repeated windows (and the whitespace after them); returns the
        new text and the number of characters cut."""
        if not positions:
            return text, 0
        spans = token_spans(text)
        cuts = []
        for first, last in merge_runs(positions, self.min_tokens):
            last = min(last, len(spans) - 1)
            end = spans[last + 1][0] if last + 1 < len(spans) else len(text)
            cuts.append((spans[first][0], end))
        return remove_spans(text, cuts), sum(end - start for start, end in cuts)


@dataclass(frozen=True)
class RepeatedLines:
    """CCNet-style exact dedup of normalized lines or paragraphs across documents."""

    unit: Literal["line", "paragraph"] = "line"
    name: str = "lines"

    def units(self, text: str) -> list[Span]:
        pattern = _LINE if self.unit == "line" else _PARAGRAPH
        return [match.span() for match in pattern.finditer(text) if match.group().strip()]

    def occurrences(self, text: str) -> list[tuple[int, int]]:
        """(normalized-unit hash, unit index); units with no letters or digits are skipped."""
        found = []
        for index, (start, end) in enumerate(self.units(text)):
            normalized = normalize_for_hash(text[start:end])
            if normalized:
                found.append((_stable_hash(normalized) & _MASK63, index))
        return found

    def remove(self, text: str, positions: list[int]) -> tuple[str, int]:
        if not positions:
            return text, 0
        units = self.units(text)
        cuts = [units[i] for i in sorted(set(positions)) if i < len(units)]
        return remove_spans(text, cuts), sum(end - start for start, end in cuts)
