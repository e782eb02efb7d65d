"""Import presidio without the deep-learning stack it does not need here.

presidio_analyzer imports transformers (for its transformers NER engine) and, through thinc,
torch, at import time, whether or not they are used: about half of a worker's start-up before
the first document. The scrubber uses pattern recognizers and, optionally, a spaCy CNN
pipeline; neither touches torch. While presidio is imported and the analyzer built, both
packages read as absent (presidio and thinc then take their documented no-torch paths); the
process may still import them later for its own use.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

UNUSED_BY_THE_SCRUBBER = ("torch", "transformers")


@contextmanager
def without_unused_frameworks() -> Iterator[None]:
    """Hides torch and transformers from imports made inside the block (if not loaded yet)."""
    hidden = [name for name in UNUSED_BY_THE_SCRUBBER if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
