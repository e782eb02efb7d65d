"""Text normalization for exact-duplicate keys.

Follows CCNet's line normalization (lowercase, accents removed, digits -> 0, punctuation
dropped, whitespace collapsed) so pages differing only in a timestamp, a counter or spacing
hash alike. CJK characters are letters and survive untouched.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DIGITS = re.compile(r"\d")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalize_for_hash(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _DIGITS.sub("0", text)
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """A 128-bit hex digest of the normalized text (collisions are negligible at crawl scale)."""
    return hashlib.blake2b(normalize_for_hash(text).encode(), digest_size=16).hexdigest()
