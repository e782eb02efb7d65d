"""Every stage the pipeline knows, in the order it runs (the Yi report's order).

A stage is a config section (a pydantic model with `enabled`) plus a factory that turns the
validated section into a Beam transform from documents to {'documents', 'rejected', 'errors'}.
Adding a stage is one line here and one section in `jobs/configs/default.yaml`; the builder,
the stats and the writers need no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import apache_beam as beam
from pydantic import BaseModel

from filters.length import LengthConfig, length_stage
from pipeline.apply_document_stage import document_stage_transform
from pipeline.exact_dedup import ExactDedup, ExactDedupConfig


@dataclass(frozen=True)
class StageSpec:
    name: str
    config_model: type[BaseModel]
    transform: Callable[[BaseModel], beam.PTransform]


# Exact dedup runs early, unlike near-dedup: identical copies score identically, so dropping
# them first changes no survivor and saves every later stage their cost (as CCNet does).
STAGES: tuple[StageSpec, ...] = (
    StageSpec("length", LengthConfig, document_stage_transform(length_stage)),
    StageSpec("exact_dedup", ExactDedupConfig, ExactDedup),
)
