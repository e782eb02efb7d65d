"""`yisieve profile`: per-language percentiles of the LID and heuristic statistics."""

from __future__ import annotations

import json

from apache_beam.io.filesystems import FileSystems

from yisieve.jobs.runners import RunnerChoice, beam_pipeline
from yisieve.pipeline.config import RunConfig
from yisieve.pipeline.io.inputs import expand_inputs
from yisieve.pipeline.profile_pipeline import build_profile_pipeline


def run_profile(
    inputs: list[str],
    output_path: str,
    config: RunConfig,
    runner: RunnerChoice,
    sample: float = 1.0,
) -> dict:
    """Runs the profile job, writes `output_path` and returns the profile."""
    files = expand_inputs(inputs)
    pipeline = beam_pipeline(runner)
    build_profile_pipeline(pipeline, config, files, output_path, sample)
    pipeline.run().wait_until_finish()
    with FileSystems.open(output_path) as handle:
        return json.loads(handle.read().decode("utf-8"))
