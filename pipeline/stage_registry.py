"""Every stage the pipeline knows, in the order it runs (the Yi report's order).

A stage is a config section (a pydantic model with `enabled`) plus a factory that turns the
validated section and the run's `StageContext` into a Beam transform from documents to
{'documents', 'rejected', 'errors'}.
Adding a stage is its own file plus one line here (docs/architecture.md, "Adding a stage"); the
builder, the config, the stats and the writers need no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import apache_beam as beam

from yisieve.filters.config_section import StageSection
from yisieve.filters.heuristics.config import HeuristicConfig
from yisieve.filters.heuristics.heuristic_stage import heuristic_stage
from yisieve.filters.length import LengthConfig, length_stage
from yisieve.filters.lid import LidConfig, lid_stage
from yisieve.filters.pii.config import PiiConfig
from yisieve.filters.pii.stage import pii_stage
from yisieve.filters.stage import DocumentStage
from yisieve.pipeline.apply_document_stage import document_stage_transform
from yisieve.pipeline.cluster_stage import Cluster
from yisieve.pipeline.dedup import Dedup, DedupConfig
from yisieve.pipeline.exact_dedup import ExactDedup, ExactDedupConfig
from yisieve.pipeline.perplexity_stage import PerplexityConfig, PerplexityStage
from yisieve.scorers.cluster_config import ClusterConfig
from yisieve.scorers.coherence_stage import CoherenceConfig, coherence_stage
from yisieve.scorers.quality_stage import QualityConfig, quality_stage
from yisieve.scorers.safety_stage import SafetyConfig, safety_stage


@dataclass(frozen=True)
class StageContext:
    """What a stage may know of the run besides its config: where corpus-level reports go."""

    output_dir: str


Section = TypeVar("Section", bound=StageSection)
# A stage's factory gets its own section type; the registry holds factories of every type.
StageFactory = Callable[[Any, StageContext], beam.PTransform]


@dataclass(frozen=True)
class StageSpec:
    name: str
    config_model: type[StageSection]
    transform: StageFactory
    # Per-document stages also expose their Beam-free logic (used by the Python API).
    document_stage: Callable[[Any], DocumentStage] | None = None


def config_only(factory: Callable[[Section], beam.PTransform]) -> StageFactory:
    """For stages that need nothing but their config section."""

    def build(config: Section, context: StageContext) -> beam.PTransform:
        return factory(config)

    return build


def per_document(
    name: str, config_model: type[Section], build: Callable[[Section], DocumentStage]
) -> StageSpec:
    """A stage that judges each document alone: rules and rewrites, batched by Beam."""
    return StageSpec(
        name, config_model, config_only(document_stage_transform(build)), document_stage=build
    )


# Exact dedup runs early, unlike near-dedup: identical copies score identically, so dropping
# them first changes no survivor and saves every later stage their cost (as CCNet does).
STAGES: tuple[StageSpec, ...] = (
    per_document("length", LengthConfig, length_stage),
    StageSpec("exact_dedup", ExactDedupConfig, config_only(ExactDedup)),
    per_document("lid", LidConfig, lid_stage),
    per_document("heuristic", HeuristicConfig, heuristic_stage),
    per_document("pii", PiiConfig, pii_stage),
    StageSpec("ppl", PerplexityConfig, config_only(PerplexityStage)),
    per_document("quality", QualityConfig, quality_stage),
    per_document("coherence", CoherenceConfig, coherence_stage),
    per_document("safety", SafetyConfig, safety_stage),
    StageSpec(
        "cluster", ClusterConfig, lambda config, context: Cluster(config, context.output_dir)
    ),
    # Near-dedup and substring dedup last: survivors are the best-scored copies (Yi order).
    StageSpec("dedup", DedupConfig, config_only(Dedup)),
)
