"""Runner selection: the same pipeline on this machine or on a cluster.

- `direct`: Beam's FnApiRunner in this process. Beam's DirectRunner is not used because it
  first tries to download the Prism runner binary, which fails (loudly) offline.
- `multiprocess`: the FnApiRunner with N worker processes (real parallelism on one machine), fed
  bundles of at most `max_bundle_mb` each (jobs/bounded_bundles.py), so a worker's memory does
  not grow with the corpus.
- `portable`: the portable runner with an embedded job service and LOOPBACK workers; the same
  Job API path a Flink or Spark deployment goes through.
- `flink`: Beam's FlinkRunner on a Flink cluster (jobs/flink_runner.py), parallelism = workers.
- `dataflow`: Beam's DataflowRunner with the project's wheels staged (jobs/dataflow_runner.py).
Any other Beam option passes through unchanged after `--`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.runners.runner import PipelineRunner
from apache_beam.transforms.environments import SubprocessSDKEnvironment

from yisieve.jobs.bounded_bundles import DEFAULT_MAX_BUNDLE_MB, BoundedBundleRunner
from yisieve.jobs.dataflow_runner import DataflowTarget, dataflow_beam_args
from yisieve.jobs.flink_runner import FlinkTarget, flink_beam_args

RUNNERS = ("direct", "multiprocess", "portable", "flink", "dataflow")
LOCAL_RUNNERS = ("direct", "multiprocess", "portable")


@dataclass(frozen=True)
class RunnerChoice:
    name: str = "direct"
    workers: int = 2
    beam_args: list[str] = field(default_factory=list)
    max_bundle_mb: float = DEFAULT_MAX_BUNDLE_MB  # multiprocess: largest bundle sent to a worker
    flink: FlinkTarget = field(default_factory=FlinkTarget)
    dataflow: DataflowTarget = field(default_factory=DataflowTarget)

    @property
    def is_local(self) -> bool:
        return self.name in LOCAL_RUNNERS

    @property
    def is_dry_run(self) -> bool:
        return self.name == "dataflow" and self.dataflow.dry_run


def beam_pipeline(choice: RunnerChoice) -> beam.Pipeline:
    """An empty Beam pipeline on the chosen runner; a bad runner setting fails here."""
    runner, options = pipeline_runner_and_options(choice)
    return beam.Pipeline(runner=runner, options=options)


def pipeline_runner_and_options(
    choice: RunnerChoice,
) -> tuple[str | PipelineRunner, PipelineOptions]:
    """(runner object or name, PipelineOptions) for `beam.Pipeline(runner=..., options=...)`."""
    args = list(choice.beam_args)
    if choice.name == "direct":
        return FnApiRunner(), PipelineOptions(args)
    if choice.name == "multiprocess":
        args.append(f"--direct_num_workers={choice.workers}")
        workers = SubprocessSDKEnvironment.from_command_string(
            f"{sys.executable} -m yisieve.jobs.local_worker"
        )
        runner = BoundedBundleRunner(
            default_environment=workers, max_bundle_bytes=int(choice.max_bundle_mb * 2**20)
        )
        return runner, PipelineOptions(args)
    if choice.name == "portable":
        args += ["--job_endpoint=embed", "--environment_type=LOOPBACK"]
        return "PortableRunner", PipelineOptions(args)
    if choice.name == "flink":
        return "FlinkRunner", PipelineOptions(flink_beam_args(choice.flink, choice.workers) + args)
    if choice.name == "dataflow":
        return "DataflowRunner", PipelineOptions(dataflow_beam_args(choice.dataflow, args) + args)
    raise ValueError(f"unknown runner {choice.name!r}; choose one of {', '.join(RUNNERS)}")
