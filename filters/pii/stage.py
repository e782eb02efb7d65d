"""The `pii` stage: scrub, then (optionally) drop documents that are mostly PII."""

from __future__ import annotations

from yisieve.filters.pii.anonymize import PiiScrubber
from yisieve.filters.pii.config import PiiConfig
from yisieve.filters.pii.density import PiiDensity
from yisieve.filters.stage import DocumentStage

STAGE = "pii"


def pii_stage(config: PiiConfig) -> DocumentStage:
    rules = [PiiDensity(config.density, STAGE)] if config.density.enabled else []
    return DocumentStage(
        STAGE, rules=rules, rewrites=[PiiScrubber(config)], batch_size=config.batch_size
    )
