"""yisieve: turn raw web crawls into LLM training data (Yi-style cleaning on Apache Beam).

The Python API, for composing steps in a program instead of through the CLI:

    import yisieve

    config = yisieve.load_config(overrides=["stages.quality.min_score.en=0.5"])
    quality = yisieve.stage("quality", config)        # models loaded, ready to judge
    verdict = quality.judge("Some text ...")          # .kept, .reason, .annotations
    stats = yisieve.clean(["crawl/"], "out/", config=config, runner="multiprocess")
    kept, rejected = yisieve.dedup(documents)         # the Beam dedup stage, in process

The installed sub-packages (yisieve.pipeline, yisieve.filters, yisieve.scorers, ...) are the
repository's top-level folders; this module only gathers what a library user needs.
"""

from __future__ import annotations

import warnings

# Google's client libraries (present with yisieve[dataflow]) warn on import about their own
# future Python and grpcio support; Beam imports them whatever the job.
warnings.filterwarnings("ignore", category=FutureWarning, module=r"google\.")

from yisieve.api.cleaning import clean  # noqa: E402
from yisieve.api.dedup import dedup  # noqa: E402
from yisieve.api.ready_stage import ReadyStage, stage  # noqa: E402
from yisieve.api.single_document import (  # noqa: E402
    extract_text,
    identify_language,
    score_quality,
    score_safety,
    scrub_pii,
)
from yisieve.pipeline.config import RunConfig, load_config  # noqa: E402
from yisieve.pipeline.document import Document, Rejected  # noqa: E402

__all__ = [
    "Document",
    "ReadyStage",
    "Rejected",
    "RunConfig",
    "clean",
    "dedup",
    "extract_text",
    "identify_language",
    "load_config",
    "score_quality",
    "score_safety",
    "scrub_pii",
    "stage",
]
