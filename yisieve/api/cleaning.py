"""`yisieve.clean(...)`: the CLI's clean job from Python, returning the run's stats."""

from __future__ import annotations

from typing import Any

from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import RunConfig, load_config


def clean(
    inputs: str | list[str],
    output: str,
    config: RunConfig | None = None,
    runner: str | RunnerChoice = "direct",
    workers: int = 2,
    overwrite: bool = False,
    beam_args: list[str] | None = None,
) -> dict[str, Any]:
    """Cleans `inputs` (files, folders, globs) into `output`, exactly as `yisieve clean` does.

    Returns the stats also written to OUTPUT/stats.json. `runner` is a name (direct,
    multiprocess, portable, flink, dataflow) or a RunnerChoice for engine settings.
    """
    choice = (
        runner
        if isinstance(runner, RunnerChoice)
        else RunnerChoice(runner, workers, list(beam_args or []))
    )
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    return run_clean(paths, output, config or load_config(), choice, overwrite=overwrite)
