"""The runner options every pipeline command takes (`clean`, `tokenize`, `profile`)."""

from __future__ import annotations

import argparse

from yisieve.jobs.bounded_bundles import DEFAULT_MAX_BUNDLE_MB
from yisieve.jobs.dataflow_runner import DEFAULT_WHEEL_DIR, DataflowTarget
from yisieve.jobs.flink_runner import FLINK_ENVIRONMENTS, FlinkTarget
from yisieve.jobs.runner_setup_error import RunnerSetupError
from yisieve.jobs.runners import RUNNERS, RunnerChoice


def add_runner_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--runner",
        choices=RUNNERS,
        default="direct",
        help="direct (default, in-process), multiprocess (N local processes), portable "
        "(embedded job service), flink, dataflow",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes for --runner multiprocess, parallelism for --runner flink "
        "(default 2)",
    )
    parser.add_argument(
        "--max-bundle-mb",
        type=positive_megabytes,
        default=DEFAULT_MAX_BUNDLE_MB,
        metavar="MB",
        help="--runner multiprocess: largest bundle a worker receives (default "
        f"{DEFAULT_MAX_BUNDLE_MB}); bounds worker memory whatever the corpus size",
    )
    add_flink_arguments(parser.add_argument_group("Flink (--runner flink)"))
    add_dataflow_arguments(parser.add_argument_group("Dataflow (--runner dataflow)"))


def add_flink_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--flink-master",
        default=FlinkTarget.master,
        metavar="HOST:PORT",
        help=f"the cluster's REST endpoint (default {FlinkTarget.master})",
    )
    group.add_argument(
        "--flink-job-server-jar",
        metavar="JAR",
        help="Beam's Flink job server (default: built by jobs/flink/local_cluster.sh install)",
    )
    group.add_argument(
        "--flink-environment",
        choices=FLINK_ENVIRONMENTS,
        default=FlinkTarget.environment,
        help="where SDK workers run: loopback (this process; a cluster on this machine) or "
        "external (a worker pool beside each TaskManager, see --worker-pool)",
    )
    group.add_argument(
        "--worker-pool",
        metavar="HOST:PORT",
        help="--flink-environment external: the SDK worker pool's address",
    )


def add_dataflow_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--project", help="Google Cloud project")
    group.add_argument("--region", help="Dataflow region, e.g. us-central1")
    group.add_argument("--temp-location", metavar="GS_PATH", help="gs:// folder for temp files")
    group.add_argument(
        "--worker-wheels",
        default=DEFAULT_WHEEL_DIR,
        metavar="DIR",
        help="folder with the yisieve and kenlm wheels staged for workers "
        f"(default {DEFAULT_WHEEL_DIR}/, built by `make wheels`)",
    )
    group.add_argument(
        "--dry-run",
        action="store_true",
        help="translate and validate the job offline; submit, stage and write nothing",
    )


def positive_megabytes(value: str) -> float:
    megabytes = float(value)
    if not megabytes > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of MB, not {value}")
    return megabytes


def runner_choice(args: argparse.Namespace, beam_args: list[str]) -> RunnerChoice:
    """The runner the parsed options name; `beam_args` pass through to Beam unchanged."""
    flink = FlinkTarget(
        master=args.flink_master,
        job_server_jar=args.flink_job_server_jar,
        environment=args.flink_environment,
        worker_pool=args.worker_pool,
    )
    dataflow = DataflowTarget(
        project=args.project,
        region=args.region,
        temp_location=args.temp_location,
        wheel_dir=args.worker_wheels,
        dry_run=args.dry_run,
    )
    if args.dry_run and args.runner != "dataflow":
        raise RunnerSetupError("--dry-run is for --runner dataflow")
    return RunnerChoice(args.runner, args.workers, beam_args, args.max_bundle_mb, flink, dataflow)
