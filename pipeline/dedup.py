"""The `dedup` stage: near-duplicate documents, then repeated lines, then repeated substrings.

It runs last, after the filters and scorers (Yi, RefinedWeb): the copy that survives a
near-duplicate cluster is then the best-scored one, and no later stage can re-admit a copy.
Exact duplicates were already removed early by `exact_dedup` (identical copies score alike).
Each kind is switched and tuned in its own section of `stages.dedup`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import apache_beam as beam
from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.pipeline.minhash_dedup import MinHashConfig, MinHashDedup
from yisieve.pipeline.outputs import DOCUMENTS, REJECTED, with_rejections
from yisieve.pipeline.repeated_span_dedup import (
    ExactSubstringDedup,
    LineDedup,
    LinesConfig,
    SubstringConfig,
)


class DedupConfig(StageSection):
    """`stages.dedup`: runs last, so the copies that survive are the best-scored ones."""

    minhash: MinHashConfig = Field(
        default_factory=MinHashConfig, description="near-duplicate documents (MinHash LSH)"
    )
    lines: LinesConfig = Field(
        default_factory=LinesConfig,
        description="CCNet-style exact dedup of lines or paragraphs across documents",
    )
    substring: SubstringConfig = Field(
        default_factory=SubstringConfig,
        description="exact repeated spans (Lee et al. 2022): the first occurrence is kept",
    )


class Dedup(beam.PTransform):
    """Documents -> {'documents', 'rejected'} through the enabled dedup kinds, in order."""

    def __init__(self, config: DedupConfig) -> None:
        super().__init__()
        self.config = config

    def expand(self, documents):
        steps: tuple[tuple[str, StageSection, Callable[[Any], beam.PTransform]], ...] = (
            ("MinHash", self.config.minhash, MinHashDedup),
            ("Lines", self.config.lines, LineDedup),
            ("Substring", self.config.substring, ExactSubstringDedup),
        )
        rejected = []
        for label, section, transform in steps:
            if not section.enabled:
                continue
            outputs = documents | label >> transform(section)
            documents = outputs[DOCUMENTS]
            rejected.append(outputs[REJECTED])
        return with_rejections(documents, rejected)
