"""`yisieve mix`: sample kept documents with per-cluster (or per-group) weights."""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = """\
Build a training mixture from the kept shards of `yisieve clean` (run with the cluster stage).
Each group (by default the `cluster.id` column) gets a sampling rate: 0 drops it, 0.5 keeps
about half, 2 repeats it twice; groups not named get `default` (1.0 unless given). Writes
  OUT/mixture.parquet   the sampled documents (column `mix.copy` numbers repeats)
  OUT/mixture.json      documents and tokens per group, before and after
Example: yisieve mix -i out/ -o mix/ --weight 3=0 --weight 7=2 --weight default=0.5
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "mix",
        help="sample kept documents with per-cluster weights into a training mixture",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--input", "-i", action="append", required=True, metavar="PATH",
        help="clean output folder, kept shard file or glob; repeatable",
    )  # fmt: skip
    parser.add_argument("--output", "-o", required=True, metavar="OUT")
    parser.add_argument(
        "--weight", "-w", action="append", default=[], metavar="GROUP=RATE",
        help="sampling rate of one group (e.g. 12=0.5, default=1); repeatable",
    )  # fmt: skip
    parser.add_argument("--weights", metavar="FILE", help="YAML/JSON mapping group -> rate")
    parser.add_argument(
        "--group-by", default="cluster.id", metavar="COLUMN",
        help="column that defines the groups (default cluster.id; e.g. lang)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--overwrite", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from yisieve.jobs.kept_shards import KeptShardsError, expand_kept_shards
    from yisieve.train.mixture import MixtureError, build_mixture, parse_weights

    try:
        files = expand_kept_shards(args.input)
        weights = parse_weights(args.weight, args.weights)
        summary = build_mixture(
            files, args.output, weights, args.group_by, args.seed, args.overwrite
        )
    except (KeptShardsError, MixtureError, OSError) as error:
        print(f"yisieve mix: error: {error}", file=sys.stderr)
        return 2
    print(
        f"{args.group_by:>12} {'docs in':>9} {'docs out':>9} {'tokens in':>11} {'tokens out':>11}"
    )
    for group, c in summary["groups"].items():
        print(f"{group:>12} {c['docs_in']:>9,} {c['docs_out']:>9,} {c['tokens_in']:>11,}"
              f" {c['tokens_out']:>11,}")  # fmt: skip
    t = summary["totals"]
    print(f"{'total':>12} {t['docs_in']:>9,} {t['docs_out']:>9,} {t['tokens_in']:>11,}"
          f" {t['tokens_out']:>11,}")  # fmt: skip
    print(f"mixture: {args.output}/mixture.parquet")
    return 0
