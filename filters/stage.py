"""A document stage: named rewrites and rules run in order on one document.

The stage owns the naming contract of the output: annotations are `<stage>.<measure>` and a drop
reason is `<stage>.<rule reason>`. All rules measure even after one has failed, so every
rejected document carries the full set of statistics for offline re-thresholding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from yisieve.filters.rule import Measures, Rewrite, Rule, TextDocument, number


@dataclass(frozen=True)
class StageVerdict:
    """What a stage concluded for one document."""

    text: str
    annotations: Measures
    reason: str | None
    lang: str | None = None
    lang_score: float | None = None

    @property
    def kept(self) -> bool:
        return self.reason is None


@dataclass
class _EditedDocument:
    """The document as later rules see it after the stage's rewrites."""

    text: str
    url: str | None
    lang: str | None
    annotations: dict[str, object] = field(default_factory=dict)


@dataclass
class DocumentStage:
    """Rewrites, then rules, each named; one verdict per document."""

    name: str
    rules: Sequence[Rule] = ()
    rewrites: Sequence[Rewrite] = ()
    batch_size: int = 1

    def setup(self) -> None:
        steps: list[Rewrite | Rule] = [*self.rewrites, *self.rules]
        for step in steps:
            step.setup()

    def judge(self, doc: TextDocument) -> StageVerdict:
        return self.judge_batch([doc])[0]

    def judge_batch(self, docs: Sequence[TextDocument]) -> list[StageVerdict]:
        edited = [self._apply_rewrites(doc) for doc in docs]
        views = [view for view, _ in edited]
        annotations = [dict(measures) for _, measures in edited]
        reasons: list[str | None] = [None] * len(views)
        lang_scores: list[float | None] = [None] * len(views)
        for rule in self.rules:
            for index, measured in enumerate(rule.measure_batch(views)):
                view = views[index]
                if rule.provides_language:
                    lang = measured.get("lang")
                    view.lang = lang if isinstance(lang, str) else None
                    lang_scores[index] = number(measured.get("lang_score"))
                annotations[index].update(self._prefixed(measured))
                if reasons[index] is None:
                    failed = rule.decide(measured, view)
                    reasons[index] = f"{self.name}.{failed}" if failed else None
        # Only a stage with a language identifier concludes a language: passing the input's
        # language through with no score would erase the score an earlier stage set.
        identifies = any(rule.provides_language for rule in self.rules)
        return [
            StageVerdict(view.text, notes, reason, view.lang if identifies else None, score)
            for view, notes, reason, score in zip(
                views, annotations, reasons, lang_scores, strict=True
            )
        ]

    def _apply_rewrites(self, doc: TextDocument) -> tuple[_EditedDocument, Measures]:
        view = _EditedDocument(doc.text, doc.url, doc.lang, dict(doc.annotations))
        measures: Measures = {}
        for rewrite in self.rewrites:
            view.text, changes = rewrite.rewrite(view)
            prefixed = self._prefixed(changes)
            measures.update(prefixed)
            view.annotations.update(prefixed)
        return view, measures

    def tallies(self, verdict: StageVerdict) -> dict[str, int]:
        """The rewrites' tallied measures of one verdict, to be summed over the run."""
        keys = (f"{self.name}.{key}" for rewrite in self.rewrites for key in rewrite.tallied)
        return {key: int(verdict.annotations.get(key) or 0) for key in keys}

    def _prefixed(self, measures: Measures) -> Measures:
        return {f"{self.name}.{key}": value for key, value in measures.items()}
