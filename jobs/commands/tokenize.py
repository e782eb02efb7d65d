"""`yisieve tokenize`: kept Parquet shards -> binary token shards (a Beam job)."""

from __future__ import annotations

import argparse
import json
import sys

from yisieve.jobs.runner_arguments import add_runner_arguments, runner_choice

DESCRIPTION = """\
Encode the kept shards of `yisieve clean` with a trained tokenizer and write:
  OUT/train/part-*.bin, OUT/validation/part-*.bin   token shards (header + tokens + doc index)
  OUT/tokenizer/                                    tokenizer.model + HF tokenizer files
  OUT/manifest.json                                 splits, token/document counts, accounting
  OUT/errors/errors.jsonl                           unreadable files/rows, failed encodings
Documents are separated by <|endoftext|>; the split is a hash of the document id.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "tokenize",
        help="kept shards -> token shards for training",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--input",
        "-i",
        action="append",
        required=True,
        metavar="PATH",
        help="clean output folder, kept shard file or glob; repeatable",
    )
    parser.add_argument("--output", "-o", required=True, metavar="OUT")
    parser.add_argument(
        "--tokenizer", "-t", required=True, metavar="PATH", help="tokenizer.model or its folder"
    )
    parser.add_argument(
        "--validation-fraction", type=float, default=None, help="held-out share (default 0.005)"
    )
    parser.add_argument("--docs-per-shard", type=int, default=None, help="default 100000")
    add_runner_arguments(parser)
    parser.add_argument("--overwrite", action="store_true")
    parser.set_defaults(handler=run, accepts_extra=True)


def run(args: argparse.Namespace) -> int:
    from yisieve.jobs.kept_shards import KeptShardsError, expand_kept_shards
    from yisieve.jobs.tokenize_job import (
        DEFAULT_DOCS_PER_SHARD,
        DEFAULT_VALIDATION_FRACTION,
        TokenizeOutputError,
        run_tokenize,
    )

    beam_args = [arg for arg in args.extra if arg != "--"]
    try:
        files = expand_kept_shards(args.input)
        manifest = run_tokenize(
            files,
            args.output,
            args.tokenizer,
            runner_choice(args, beam_args),
            validation_fraction=args.validation_fraction or DEFAULT_VALIDATION_FRACTION,
            docs_per_shard=args.docs_per_shard or DEFAULT_DOCS_PER_SHARD,
            overwrite=args.overwrite,
        )
    except (KeptShardsError, TokenizeOutputError, OSError, RuntimeError) as error:
        print(f"yisieve tokenize: error: {error}", file=sys.stderr)
        return 2
    summary = {split: manifest["splits"][split] for split in manifest["splits"]}
    for split, info in summary.items():
        print(
            f"{split:<10} {info['documents']:>9,} docs {info['tokens']:>13,} tokens "
            f"{len(info['shards'])} shard(s)"
        )
    print(f"totals: {json.dumps(manifest['totals'])}  dtype {manifest['dtype']}")
    print(f"manifest: {args.output}/manifest.json")
    return 0 if manifest["totals"]["balanced"] else 1
