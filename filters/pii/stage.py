"""The `pii` stage: scrub, then (optionally) drop documents that are mostly PII."""

from __future__ import annotations

from filters.pii.anonymize import PiiScrubber
from filters.pii.config import PiiConfig
from filters.pii.density import PiiDensity
from filters.stage import DocumentStage

STAGE = "pii"


def pii_stage(config: PiiConfig) -> DocumentStage:
    rules = [PiiDensity(config.density, STAGE)] if config.density.enabled else []
    return DocumentStage(
        STAGE, rules=rules, rewrites=[PiiScrubber(config)], batch_size=config.batch_size
    )
