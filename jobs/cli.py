"""The `yisieve` command: one sub-command per module in `jobs/commands/`."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from jobs.offline import enforce_offline

# Each module defines `register(subparsers)`, which adds its parser and sets `handler`.
COMMAND_MODULES = ("jobs.commands.clean",)


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own_version = version("yisieve")
    except PackageNotFoundError:
        own_version = "unknown"
    parser = argparse.ArgumentParser(
        prog="yisieve",
        description="Turn raw web crawls into LLM training data, and train on it.",
    )
    parser.add_argument("--version", action="version", version=f"yisieve {own_version}")
    parser.add_argument("--log-level", default="WARNING", help="Python logging level")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    enforce_offline()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    if not args.command:
        parser.print_help()
        return 2
    if extra and not getattr(args, "accepts_extra", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
