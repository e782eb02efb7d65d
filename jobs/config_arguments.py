"""The config options of every command that reads the clean config (`--config`, `--set`)."""

from __future__ import annotations

import argparse

from yisieve.pipeline.config import DEFAULT_CONFIG


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """`--config FILE` (`args.config`) and repeatable `--set KEY=VALUE` (`args.overrides`)."""
    parser.add_argument(
        "--config",
        "-c",
        default=None,
        metavar="FILE",
        help=f"YAML config (default: {DEFAULT_CONFIG.name} shipped in jobs/configs/)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="override a config key, e.g. --set stages.length.min_chars=100; repeatable",
    )
