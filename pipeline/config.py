"""The run configuration: one YAML file, validated before any data is read.

Sections: `input` (how to read), `extract` (HTML to text), `stages` (one section per stage, in
the registry's order) and `output` (shards). `--set a.b.c=value` overrides any key. Unknown keys
and bad values are errors that name the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, create_model

from yisieve.filters.config_section import ConfigSection
from yisieve.filters.html_extraction import DEFAULT_EXTRACTOR, ExtractorName
from yisieve.pipeline.stage_registry import STAGES, StageSpec

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "jobs" / "configs" / "default.yaml"


class ConfigError(ValueError):
    """A configuration problem, already phrased for the user."""


class InputConfig(ConfigSection):
    """How input files are read."""

    format: Literal["auto", "warc", "wet", "jsonl", "parquet"] = Field(
        default="auto", description="input format; auto: from each file's name"
    )
    text_field: str = Field(
        default="text", description="JSONL/Parquet: the field holding the document text"
    )
    url_field: str | list[str] = Field(
        default=["url", "metadata.url"],
        description="JSONL/Parquet: the URL field; dotted paths reach nested fields, a list "
        "takes the first present",
    )
    id_field: str | None = Field(
        default=None,
        description="JSONL/Parquet: the field holding the document id; null: a hash of the "
        "file's base name and the record's position",
    )
    date_field: str | list[str] | None = Field(
        default=None, description="JSONL/Parquet: the crawl date field (as url_field); null: none"
    )
    # CC truncates at 1 MiB: a larger body is no web page worth extracting.
    max_payload_bytes: int = Field(
        default=10_000_000,
        gt=0,
        description="WARC bodies above this many bytes are rejected as read.too_large",
    )


class ExtractConfig(ConfigSection):
    """HTML main-text extraction (choice measured in benchmarks/README.md)."""

    extractor: ExtractorName = Field(
        default=DEFAULT_EXTRACTOR,
        description="HTML main-text extractor: trafilatura (F1 0.921, ~29 pages/s per core) | "
        "resiliparse (F1 0.867, ~8x faster); benchmarks/README.md",
    )


class OutputConfig(ConfigSection):
    """Shard layout of kept/ and rejected/."""

    docs_per_shard: int = Field(
        default=20_000, gt=0, description="documents per Parquet shard (sets the shard count)"
    )
    compression: Literal["zstd", "snappy", "gzip", "none"] = Field(
        default="zstd", description="Parquet compression: zstd | snappy | gzip | none"
    )


def stages_section(stages: Sequence[StageSpec]) -> type[ConfigSection]:
    """The `stages` section: one sub-section per stage, named and typed by the registry."""
    fields: dict[str, Any] = {
        spec.name: (
            spec.config_model,
            Field(default_factory=spec.config_model, description=section_summary(spec)),
        )
        for spec in stages
    }
    return create_model("StagesConfig", __base__=ConfigSection, **fields)


def section_summary(spec: StageSpec) -> str:
    """A stage section's description: the first line of its config model's docstring."""
    doc = (spec.config_model.__doc__ or spec.name).strip().splitlines()[0]
    return doc.removeprefix(f"`stages.{spec.name}`").lstrip(": ").rstrip(".") or spec.name


if TYPE_CHECKING:
    StagesConfig = Any  # built from the registry at import; each stage's section by its name
else:
    StagesConfig = stages_section(STAGES)


class RunConfig(ConfigSection):
    """The whole configuration of a `clean` run."""

    # The stages this config knows, in pipeline order: the registry's, or the list given to
    # `with_stages`. The builder takes each stage's transform from here.
    stage_specs: ClassVar[tuple[StageSpec, ...]] = STAGES

    input: InputConfig = Field(default_factory=InputConfig, description="how inputs are read")
    extract: ExtractConfig = Field(
        default_factory=ExtractConfig, description="HTML to main text (WARC pages)"
    )
    stages: StagesConfig = Field(
        default_factory=StagesConfig,
        description="one section per stage, in the order they run (the Yi report's); "
        "`enabled: false` switches one off",
    )
    output: OutputConfig = Field(
        default_factory=OutputConfig, description="shards of kept/, rejected/, errors/"
    )

    @classmethod
    def with_stages(cls, stages: Sequence[StageSpec]) -> type[RunConfig]:
        """A RunConfig for another list of stages, e.g. the registry's plus one of a user's."""
        section = stages_section(stages)
        model = create_model(
            "RunConfig", __base__=cls, stages=(section, Field(default_factory=section))
        )
        model.stage_specs = tuple(stages)
        return model

    def enabled_stages(self) -> list[tuple[str, BaseModel]]:
        """(name, section) of the enabled stages, in pipeline order."""
        sections = [(spec.name, getattr(self.stages, spec.name)) for spec in self.stage_specs]
        return [(name, section) for name, section in sections if section.enabled]


def load_config(
    path: str | Path | None = None,
    overrides: list[str] | None = None,
    model: type[RunConfig] = RunConfig,
) -> RunConfig:
    """Read a YAML config (the default one when no path), apply `key=value` overrides, validate."""
    path = Path(path) if path else DEFAULT_CONFIG
    raw = _read_yaml(path)
    for override in overrides or []:
        _apply_override(raw, override)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, path)) from None


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of sections")
    return raw


def _apply_override(raw: dict[str, Any], override: str) -> None:
    """`stages.length.min_chars=100`: the value is parsed as YAML, so numbers stay numbers."""
    key, sep, text = override.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set expects key=value, got {override!r}")
    parts = key.strip().split(".")
    node = raw
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"--set {key}: '{part}' is a value, not a section")
        node = child
    try:
        node[parts[-1]] = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        node[parts[-1]] = text


def _describe(error: ValidationError, path: Path) -> str:
    lines = [f"invalid config ({path}):"]
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"])
        if problem["type"] == "extra_forbidden":
            lines.append(f"  {key}: unknown key")
        else:
            lines.append(f"  {key}: {problem['msg']} (got {problem.get('input')!r})")
    return "\n".join(lines)
