"""Real documents and controlled edits for the dedup tests (tests/data/dedup/NOTICE.md)."""

from __future__ import annotations

import json
import random
from pathlib import Path

FIXTURE = Path(__file__).parent / "data" / "dedup" / "real_docs.jsonl"


def real_docs() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def edit_words(text: str, rate: float, seed: int) -> str:
    """Substitute or delete `rate` of the words (half each), at seeded random positions."""
    words = text.split()
    rng = random.Random(seed)
    chosen = rng.sample(range(len(words)), round(rate * len(words)))
    for n, index in enumerate(chosen):
        words[index] = "" if n % 2 else f"edit{rng.randrange(10**6)}"
    return " ".join(word for word in words if word)


def edit_chars(text: str, rate: float, seed: int) -> str:
    """Chinese: substitute or delete `rate` of the characters."""
    chars = list(text)
    rng = random.Random(seed)
    for n, index in enumerate(rng.sample(range(len(chars)), round(rate * len(chars)))):
        chars[index] = "" if n % 2 else rng.choice("的一是在不了有和人这中大为上个国我以要他")
    return "".join(chars)
