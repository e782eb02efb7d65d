"""The runner options every pipeline command takes (`clean`, `tokenize`, `profile`)."""

from __future__ import annotations

import argparse

from jobs.bounded_bundles import DEFAULT_MAX_BUNDLE_MB
from jobs.runners import RUNNERS, RunnerChoice


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
        help="worker processes for --runner multiprocess (default 2)",
    )
    parser.add_argument(
        "--max-bundle-mb",
        type=positive_megabytes,
        default=DEFAULT_MAX_BUNDLE_MB,
        metavar="MB",
        help="--runner multiprocess: largest bundle a worker receives (default "
        f"{DEFAULT_MAX_BUNDLE_MB}); bounds worker memory whatever the corpus size",
    )


def positive_megabytes(value: str) -> float:
    megabytes = float(value)
    if not megabytes > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of MB, not {value}")
    return megabytes


def runner_choice(args: argparse.Namespace, beam_args: list[str]) -> RunnerChoice:
    """The runner the parsed options name; `beam_args` pass through to Beam unchanged."""
    return RunnerChoice(args.runner, args.workers, beam_args, args.max_bundle_mb)
