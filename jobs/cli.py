"""The `yisieve` command: one sub-command per module in `jobs/commands/`."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from yisieve.jobs.log_setup import configure_logging
from yisieve.jobs.offline import enforce_offline

# Each module defines `register(subparsers)`, which adds its parser and sets `handler`.
COMMAND_MODULES = (
    "yisieve.jobs.commands.clean",
    "yisieve.jobs.commands.config",
    "yisieve.jobs.commands.profile",
    "yisieve.jobs.commands.thresholds",
    "yisieve.jobs.commands.model",
    "yisieve.jobs.commands.tokenizer",
    "yisieve.jobs.commands.tokenize",
    "yisieve.jobs.commands.train",
    "yisieve.jobs.commands.generate",
    "yisieve.jobs.commands.fit",
    "yisieve.jobs.commands.mix",
    "yisieve.jobs.commands.sft",
    "yisieve.jobs.commands.export",
    "yisieve.jobs.commands.upscale",
    "yisieve.jobs.commands.eval",
)


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
    configure_logging()  # before any Beam import: Beam logs while importing
    argv = sys.argv[1:] if argv is None else argv
    # Everything after a bare `--` belongs to Beam (runner options), untouched.
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(args.log_level.upper())
    if not args.command:
        parser.print_help()
        return 2
    if extra and not getattr(args, "accepts_extra", False):
        parser.error(f"'{args.command}' takes no runner arguments after --")
    args.extra = extra
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
