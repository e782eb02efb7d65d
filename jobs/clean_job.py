"""`yisieve clean`: validate everything, run the pipeline, write stats.json, summarize."""

from __future__ import annotations

import time
from contextlib import nullcontext
from datetime import datetime, timezone

import apache_beam as beam

from yisieve.jobs.output_dir import finish_output, prepare_output
from yisieve.jobs.progress_display import ProgressDisplay
from yisieve.jobs.runners import RunnerChoice, beam_pipeline
from yisieve.pipeline.clean_pipeline import build_clean_pipeline
from yisieve.pipeline.config import RunConfig
from yisieve.pipeline.io.inputs import expand_inputs
from yisieve.pipeline.stats import build_stats, counter_totals, stage_timings


def run_clean(
    inputs: list[str],
    output_dir: str,
    config: RunConfig,
    runner: RunnerChoice,
    overwrite: bool = False,
    progress: bool = False,
) -> dict:
    """Runs a clean job end to end and returns its stats (also written to OUT/stats.json).

    Inputs and the output folder are checked before anything is written, so a bad path leaves
    no trace.
    """
    files = expand_inputs(inputs)
    pipeline = beam_pipeline(runner)  # a bad runner setting fails here
    if runner.is_dry_run:
        result = _build_and_run(pipeline, config, files, output_dir)
        return translation_report(result, runner, files)
    prepare_output(output_dir, overwrite)
    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    display = ProgressDisplay() if progress and runner.is_local else nullcontext()
    with display:
        result = _build_and_run(pipeline, config, files, output_dir)
    run = {
        "runner": runner.name,
        "workers": runner.workers if runner.name == "multiprocess" else 1,
        "files": len(files),
        "inputs": inputs,
        "started": started.isoformat(timespec="seconds"),
        "wall_seconds": round(time.monotonic() - clock, 3),
        "config": config.model_dump(mode="json"),
    }
    stats = build_stats(counter_totals(result), stage_timings(result), run)
    finish_output(output_dir, stats)
    return stats


def _build_and_run(pipeline: beam.Pipeline, config: RunConfig, files: list[str], output_dir: str):
    build_clean_pipeline(pipeline, config, files, output_dir)
    result = pipeline.run()
    result.wait_until_finish()
    return result


def translation_report(result, runner: RunnerChoice, files: list[str]) -> dict:
    """A dry run's outcome (Dataflow's `--dry_run`: translated, not run, nothing written): the
    translated graph's transform names, so a caller can check that every stage made it in."""
    transforms = result.job.proto_pipeline.components.transforms
    names = sorted({transform.unique_name for transform in transforms.values()})
    return {"runner": runner.name, "dry_run": True, "files": len(files), "transforms": names}
