"""Every stage the pipeline knows, in the order it runs (the Yi report's order).

A stage is a config section (a pydantic model with `enabled`) plus a factory that turns the
validated section and the run's `StageContext` into a Beam transform from documents to
{'documents', 'rejected', 'errors'}.
Adding a stage is one line here and one section in `jobs/configs/default.yaml`; the builder,
the stats and the writers need no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import apache_beam as beam
from pydantic import BaseModel

from filters.heuristics.config import HeuristicConfig
from filters.heuristics.heuristic_stage import heuristic_stage
from filters.length import LengthConfig, length_stage
from filters.lid import LidConfig, lid_stage
from filters.pii.config import PiiConfig
from filters.pii.stage import pii_stage
from pipeline.apply_document_stage import document_stage_transform
from pipeline.cluster_config import ClusterConfig
from pipeline.cluster_stage import Cluster
from pipeline.coherence_stage import CoherenceConfig, coherence_stage
from pipeline.dedup import Dedup, DedupConfig
from pipeline.exact_dedup import ExactDedup, ExactDedupConfig
from pipeline.perplexity_stage import PerplexityConfig, PerplexityStage
from pipeline.quality_stage import QualityConfig, quality_stage
from pipeline.safety_stage import SafetyConfig, safety_stage


@dataclass(frozen=True)
class StageContext:
    """What a stage may know of the run besides its config: where corpus-level reports go."""

    output_dir: str


StageFactory = Callable[[BaseModel, StageContext], beam.PTransform]


@dataclass(frozen=True)
class StageSpec:
    name: str
    config_model: type[BaseModel]
    transform: StageFactory


def config_only(factory: Callable[[BaseModel], beam.PTransform]) -> StageFactory:
    """For stages that need nothing but their config section."""

    def build(config: BaseModel, context: StageContext) -> beam.PTransform:
        return factory(config)

    return build


# Exact dedup runs early, unlike near-dedup: identical copies score identically, so dropping
# them first changes no survivor and saves every later stage their cost (as CCNet does).
STAGES: tuple[StageSpec, ...] = (
    StageSpec("length", LengthConfig, config_only(document_stage_transform(length_stage))),
    StageSpec("exact_dedup", ExactDedupConfig, config_only(ExactDedup)),
    StageSpec("lid", LidConfig, config_only(document_stage_transform(lid_stage))),
    StageSpec("heuristic", HeuristicConfig, config_only(document_stage_transform(heuristic_stage))),
    StageSpec("pii", PiiConfig, config_only(document_stage_transform(pii_stage))),
    StageSpec("ppl", PerplexityConfig, config_only(PerplexityStage)),
    StageSpec("quality", QualityConfig, config_only(document_stage_transform(quality_stage))),
    StageSpec("coherence", CoherenceConfig, config_only(document_stage_transform(coherence_stage))),
    StageSpec("safety", SafetyConfig, config_only(document_stage_transform(safety_stage))),
    StageSpec(
        "cluster", ClusterConfig, lambda config, context: Cluster(config, context.output_dir)
    ),
    # Near-dedup and substring dedup last: survivors are the best-scored copies (Yi order).
    StageSpec("dedup", DedupConfig, config_only(Dedup)),
)
