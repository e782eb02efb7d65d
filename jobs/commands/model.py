"""`yisieve model params`: parameter counts of the presets against the published sizes."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("model", help="inspect Yi model presets")
    actions = parser.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    params = actions.add_parser(
        "params", help="parameter counts of the presets (computed from the shape, no weights)"
    )
    params.add_argument("--preset", action="append", metavar="NAME", help="only these presets")
    params.add_argument(
        "--sequence-length", type=int, default=None, help="for FLOPs/token (default: context)"
    )
    params.set_defaults(handler=run_params)


def run_params(args: argparse.Namespace) -> int:
    from yisieve.models.config import PRESETS, PUBLISHED_PARAMETERS

    names = args.preset or list(PRESETS)
    unknown = [name for name in names if name not in PRESETS]
    if unknown:
        print(
            f"yisieve model: error: unknown preset(s) {unknown}; known: {list(PRESETS)}",
            file=sys.stderr,
        )
        return 2
    header = f"{'preset':<10} {'params':>16} {'w/o embed lookup':>16} {'published':>10} "
    print(header + f"{'diff':>7}  {'GFLOPs/token':>12}")
    worst = 0.0
    for name in names:
        config = PRESETS[name]
        total = config.parameter_count()
        body = config.parameter_count(include_embedding=False)
        flops = config.flops_per_token(args.sequence_length or config.max_position_embeddings)
        published = PUBLISHED_PARAMETERS.get(name)
        if published:
            diff = (total - published) / published
            worst = max(worst, abs(diff))
            reference = f"{published / 1e9:>9.1f}B {diff:>+7.2%}"
        else:
            reference = f"{'-':>10} {'-':>7}"
        print(f"{name:<10} {total:>16,} {body:>16,} {reference}  {flops / 1e9:>12.2f}")
    return 0 if worst <= 0.02 else 1
