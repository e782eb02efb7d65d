"""The two shapes of document logic every stage is built from.

A `Rule` measures statistics (annotations) and, separately, decides keep or drop, so thresholds
can be re-tuned offline from the annotations (the data-juicer `compute_stats`/`process` split).
A `Rewrite` edits the text (remove boilerplate lines, mask PII) and records what it changed.
Both are Beam-free and see documents only through `TextDocument`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import ClassVar, Protocol

MeasureValue = float | int | str | bool | None
Measures = dict[str, MeasureValue]


def number(value: object) -> float | int | None:
    """A measure as a number, or None when it is missing or not numeric (a bool is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


class TextDocument(Protocol):
    """What rules may read of a document."""

    @property
    def text(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def lang(self) -> str | None: ...
    @property
    def annotations(self) -> Mapping[str, object]: ...


class Rule(ABC):
    """A named check: `measure` computes statistics, `decide` turns them into keep or a reason.

    The name says what the rule measures (`wiki_likeness`); a reason says what failed
    (`wiki_likeness_low`, `too_short`), so `<stage>.<reason>` reads on its own in stats.json and
    no two rules of a stage share one.
    """

    name: ClassVar[str]
    # A language identifier sets the document's language: its measures must then hold
    # `lang` and `lang_score`, which later rules of the stage see as `doc.lang`.
    provides_language: ClassVar[bool] = False

    def setup(self) -> None:
        """Load heavy resources (models, lists). Called once per worker, never at import."""

    @abstractmethod
    def measure(self, doc: TextDocument) -> Measures:
        """Statistics of the document, keyed by short names (the stage adds its prefix)."""

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        """None to keep; otherwise the reason: what failed, e.g. `f"{self.name}_low"`."""
        return None

    def measure_batch(self, docs: Sequence[TextDocument]) -> list[Measures]:
        """Batched measuring; model-backed rules override it to call the model once per batch."""
        return [self.measure(doc) for doc in docs]


class Rewrite(ABC):
    """A named text edit applied before a stage's decisions, recording what it changed."""

    name: ClassVar[str]
    # Measures summed over the whole run into stats.json `tallies` (e.g. PII masked per type).
    tallied: tuple[str, ...] = ()

    def setup(self) -> None:
        """Load heavy resources once per worker."""

    @abstractmethod
    def rewrite(self, doc: TextDocument) -> tuple[str, Measures]:
        """The new text and measures of the change (e.g. lines removed)."""
