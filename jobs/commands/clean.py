"""`yisieve clean`: crawl files in, cleaned/rejected/error Parquet shards and stats out."""

from __future__ import annotations

import argparse
import sys

from yisieve.jobs.config_arguments import add_config_arguments
from yisieve.jobs.output_dir import OutputExistsError
from yisieve.jobs.runner_arguments import add_runner_arguments, runner_choice
from yisieve.jobs.runner_setup_error import RunnerSetupError
from yisieve.pipeline.config import ConfigError, load_config
from yisieve.pipeline.io.inputs import InputError

DESCRIPTION = """\
Clean a crawl. Reads WARC/WET (.warc, .warc.gz, .warc.wet.gz), JSONL (.jsonl, .jsonl.gz) and
Parquet files, extracts main text from HTML, runs the configured stages and writes:
  OUT/kept/part-*.parquet      cleaned documents with their annotations as columns
  OUT/rejected/part-*.parquet  dropped documents with `reason` = <stage>.<rule>
  OUT/errors/part-*.parquet    records that could not be read or processed
  OUT/stats.json               counts per stage and reason, totals, timings, config, versions

Arguments after `--` go to Beam unchanged (e.g. `-- --project=P --region=R` for Dataflow).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="clean a crawl into kept/rejected Parquet shards",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--input",
        "-i",
        action="extend",
        nargs="+",
        required=True,
        metavar="PATH",
        help="input files, folders or globs (local, gs://, s3://...); repeatable",
    )
    parser.add_argument("--output", "-o", required=True, metavar="OUT", help="output folder")
    add_config_arguments(parser)
    add_runner_arguments(parser)
    parser.add_argument("--overwrite", action="store_true", help="replace a previous run in OUT")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="live progress line on local runs (default: when stderr is a terminal)",
    )
    parser.set_defaults(handler=run, accepts_extra=True)


def run(args: argparse.Namespace) -> int:
    from yisieve.jobs.clean_job import run_clean
    from yisieve.jobs.summary import format_summary

    beam_args = list(args.extra)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        config = load_config(args.config, args.overrides)
        stats = run_clean(
            args.input,
            args.output,
            config,
            runner_choice(args, beam_args),
            overwrite=args.overwrite,
            progress=progress,
        )
    except (ConfigError, InputError, OutputExistsError, RunnerSetupError) as error:
        print(f"yisieve clean: error: {error}", file=sys.stderr)
        return 2
    if stats.get("dry_run"):
        print(
            f"yisieve clean: dry run, {stats['runner']} translated {len(stats['transforms'])} "
            f"transforms over {stats['files']} input files; nothing submitted or written"
        )
        return 0
    print(format_summary(stats, args.output))
    return 0 if stats["totals"]["balanced"] else 1
