"""`yisieve config`: the effective configuration, every key with its description."""

from __future__ import annotations

import argparse
import sys

from yisieve.jobs.config_arguments import add_config_arguments
from yisieve.pipeline.config import ConfigError, RunConfig, load_config

DESCRIPTION = """\
Print the configuration a `clean` run would use, as YAML, with each key's description as a
comment: the default config file (or --config FILE) with the --set overrides applied. The
output is itself a valid config file. --defaults prints the built-in defaults instead, without
any file or override; jobs/configs/default.yaml is that output.
"""

HEADER = """\
# yisieve clean configuration (`yisieve config --show`). Every key is validated on load;
# override any of them with `--set section.key=value` (e.g. --set stages.length.min_chars=100).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "config",
        help="print the effective config as YAML, each key described",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--show", action="store_true", required=True, help="print the configuration as YAML"
    )
    parser.add_argument(
        "--defaults",
        action="store_true",
        help="the built-in defaults, without the config file or overrides",
    )
    add_config_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from yisieve.jobs.config_yaml import described_yaml

    if args.defaults and (args.config or args.overrides):
        print("yisieve config: error: --defaults takes no --config or --set", file=sys.stderr)
        return 2
    try:
        config = RunConfig() if args.defaults else load_config(args.config, args.overrides)
    except ConfigError as error:
        print(f"yisieve config: error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(HEADER + "\n" + described_yaml(config))
    return 0
