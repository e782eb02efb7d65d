"""`yisieve profile`: per-language percentiles of the LID and heuristic statistics (CulturaX)."""

from __future__ import annotations

import argparse
import sys

from yisieve.jobs.config_arguments import add_config_arguments
from yisieve.jobs.runner_arguments import add_runner_arguments, runner_choice
from yisieve.jobs.runner_setup_error import RunnerSetupError
from yisieve.pipeline.config import ConfigError, load_config
from yisieve.pipeline.io.inputs import InputError

DESCRIPTION = """\
Measure a sample of a crawl with the LID and heuristic rules (decisions off: every document
counts) and write, per language and statistic, the quantiles p0..p100 as JSON. Feed the file to
`yisieve thresholds` to derive a config section, CulturaX style.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="per-language percentiles of the heuristic statistics of a crawl",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--input", "-i", action="append", required=True, metavar="PATH")
    parser.add_argument("--output", "-o", required=True, metavar="PROFILE_JSON")
    add_config_arguments(parser)
    parser.add_argument(
        "--sample",
        type=float,
        default=1.0,
        metavar="FRACTION",
        help="profile this fraction of the documents (deterministic by id; default 1.0)",
    )
    add_runner_arguments(parser)
    parser.set_defaults(handler=run, accepts_extra=True)


def run(args: argparse.Namespace) -> int:
    from yisieve.jobs.profile_job import run_profile

    if not 0.0 < args.sample <= 1.0:
        print("yisieve profile: error: --sample must be in (0, 1]", file=sys.stderr)
        return 2
    beam_args = list(args.extra)
    try:
        config = load_config(args.config, args.overrides)
        profile = run_profile(
            args.input,
            args.output,
            config,
            runner_choice(args, beam_args),
            sample=args.sample,
        )
    except (ConfigError, InputError, RunnerSetupError) as error:
        print(f"yisieve profile: error: {error}", file=sys.stderr)
        return 2
    counts = ", ".join(
        f"{lang} {entry['documents']}" for lang, entry in profile["languages"].items()
    )
    print(f"yisieve profile: wrote {args.output} (documents per language: {counts or 'none'})")
    return 0
