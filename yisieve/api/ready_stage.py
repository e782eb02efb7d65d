"""`yisieve.stage(name, config)`: a per-document stage with its models loaded, ready to judge."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from yisieve.filters.stage import DocumentStage, StageVerdict
from yisieve.pipeline.config import RunConfig, load_config
from yisieve.pipeline.document import Document
from yisieve.pipeline.stage_registry import STAGES

TextOrDocument = str | Mapping[str, Any] | Document


@dataclass
class PlainText:
    """A bare text as the rules see a document: no URL, language unknown until LID."""

    text: str
    url: str | None = None
    lang: str | None = None
    annotations: dict[str, Any] = field(default_factory=dict)


def as_text_document(item: TextOrDocument) -> Document | PlainText:
    """A str, a mapping with 'text' (and optional url/lang/annotations) or a Document."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return PlainText(item)
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        return PlainText(
            item["text"], item.get("url"), item.get("lang"), dict(item.get("annotations") or {})
        )
    raise TypeError(f"expected a str, a Document or a mapping with a 'text' str, not {item!r:.80}")


class ReadyStage:
    """A stage whose heavy resources are loaded: judge or annotate texts right away."""

    def __init__(self, stage: DocumentStage) -> None:
        self._stage = stage
        stage.setup()

    @property
    def name(self) -> str:
        return self._stage.name

    def judge(self, item: TextOrDocument) -> StageVerdict:
        """The stage's verdict: `.kept`, `.reason`, `.annotations`, `.text` (after rewrites)."""
        return self._stage.judge(as_text_document(item))

    def judge_batch(self, items: Iterable[TextOrDocument]) -> list[StageVerdict]:
        return self._stage.judge_batch([as_text_document(item) for item in items])

    def annotate(self, item: TextOrDocument) -> dict[str, Any]:
        """Only the statistics the stage measured (`<stage>.<measure>`), no decision."""
        return dict(self.judge(item).annotations)


def stage(name: str, config: RunConfig | None = None) -> ReadyStage:
    """The per-document stage `name` with its section of `config` (default config if None)."""
    specs = {spec.name: spec for spec in STAGES}
    spec = specs.get(name)
    if spec is None or spec.document_stage is None:
        choices = ", ".join(s.name for s in STAGES if s.document_stage is not None)
        raise ValueError(f"no per-document stage {name!r}; choose one of: {choices}")
    section = getattr((config or load_config()).stages, name)
    return ReadyStage(spec.document_stage(section))
