"""`yisieve thresholds`: a profile's percentiles turned into a config section (CulturaX)."""

from __future__ import annotations

import argparse
import json
import sys

import yaml

DESCRIPTION = """\
Turn a `yisieve profile` file into thresholds, CulturaX style: keep documents above the LOW
percentile of high-is-good statistics (stop words, LID score, ...) and below the HIGH percentile
of low-is-good ones (repetition, special characters, ...). Prints YAML with the shape of the
config's `stages` section; use it as --config, or paste its languages into your config.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "thresholds",
        help="derive per-language thresholds (YAML) from a profile",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("profile", metavar="PROFILE_JSON")
    parser.add_argument("--low", type=float, default=10.0, help="percentile for minimums (10)")
    parser.add_argument("--high", type=float, default=90.0, help="percentile for maximums (90)")
    parser.add_argument(
        "--languages",
        default=None,
        help="comma-separated languages (default: the LID target languages of the profile)",
    )
    parser.add_argument(
        "--min-documents",
        type=int,
        default=50,
        help="skip languages with fewer profiled documents (default 50)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from yisieve.filters.heuristics.thresholds_from_profile import ProfileError, thresholds_config

    try:
        with open(args.profile, encoding="utf-8") as handle:
            profile = json.load(handle)
        languages = args.languages.split(",") if args.languages else None
        section = thresholds_config(profile, args.low, args.high, languages, args.min_documents)
    except (OSError, json.JSONDecodeError, ProfileError, ValueError) as error:
        print(f"yisieve thresholds: error: {args.profile}: {error}", file=sys.stderr)
        return 2
    if not section["stages"]["heuristic"]["languages"]:
        print(
            f"yisieve thresholds: error: no language has {args.min_documents} profiled documents",
            file=sys.stderr,
        )
        return 2
    print(f"# yisieve thresholds {args.profile} --low {args.low:g} --high {args.high:g}")
    print(yaml.safe_dump(section, sort_keys=False, allow_unicode=True), end="")
    return 0
