"""`yisieve upscale` (depth up-scaling) and `yisieve continue-pretrain` (from a checkpoint)."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    up = subparsers.add_parser(
        "upscale",
        help="depth up-scaling: duplicate the most input/output-similar layer block",
        description="Measures, on validation windows of token shards, the cosine similarity "
        "between each layer's input and output; duplicates a contiguous block (default: the "
        "most similar block of half the depth, as Yi-9B 32 -> 48); writes a normal checkpoint "
        "and upscale.json with per-layer similarity and the loss before/after duplication.",
    )
    up.add_argument("--checkpoint", required=True, metavar="DIR")
    up.add_argument("--shards", required=True, metavar="DIR", help="`yisieve tokenize` output")
    up.add_argument("--output", "-o", required=True, metavar="DIR")
    group = up.add_mutually_exclusive_group()
    group.add_argument("--block-length", type=int, default=None, help="default: layers / 2")
    group.add_argument(
        "--block",
        default=None,
        metavar="START:END",
        help="duplicate exactly layers [START, END), e.g. 12:28 for Yi-9B",
    )
    up.add_argument("--sequence-length", type=int, default=None, help="default: min(256, context)")
    up.add_argument("--windows", type=int, default=16, help="validation windows to measure on")
    up.set_defaults(handler=run_upscale)

    cont = subparsers.add_parser(
        "continue-pretrain",
        help="continued pretraining from a checkpoint (after upscale; long context: RoPE ABF)",
        description="`yisieve train pretrain` starting from --init's weights and shape, with "
        "optional larger RoPE base (--rope-theta), longer windows (--sequence-length) and "
        "long-document upsampling. Same config file and --set keys as train pretrain.",
    )
    cont.add_argument("--init", required=True, metavar="DIR", help="checkpoint to start from")
    cont.add_argument("--config", "-c", required=True, metavar="FILE")
    cont.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides")
    cont.add_argument(
        "--rope-theta",
        type=float,
        default=None,
        help="RoPE base for long context (ABF), e.g. 1e7 (Yi pretrains at 5e6)",
    )
    cont.add_argument("--sequence-length", type=int, default=None, help="training window")
    cont.add_argument(
        "--upsample-long",
        type=float,
        default=1.0,
        help="weight per token of documents >= --long-min-tokens (1 = off)",
    )
    cont.add_argument(
        "--long-min-tokens",
        type=int,
        default=0,
        help="what counts as long (default: the sequence length)",
    )
    cont.set_defaults(handler=run_continue)


def run_upscale(args: argparse.Namespace) -> int:
    from pathlib import Path

    from yisieve.models.checkpoint import load_pretrained, save_pretrained
    from yisieve.train.sft import copy_tokenizer_files
    from yisieve.train.token_data import TokenStream, validation_windows
    from yisieve.train.upscale import upscale

    try:
        model = load_pretrained(args.checkpoint)
        length = args.sequence_length or min(256, model.config.max_position_embeddings)
        windows = validation_windows(
            TokenStream.from_manifest(args.shards, "validation"), length, args.windows
        )
        block = tuple(int(x) for x in args.block.split(":")) if args.block else None
        deeper, report = upscale(model, windows, args.block_length, block)
    except (OSError, ValueError) as error:
        print(f"yisieve upscale: error: {error}", file=sys.stderr)
        return 2
    output = Path(args.output)
    save_pretrained(deeper, output)
    copy_tokenizer_files(args.checkpoint, output)
    summary = report.as_dict()
    (output / "upscale.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    return 0


def run_continue(args: argparse.Namespace) -> int:
    from yisieve.train.config import TrainConfigError, load_pretrain_config
    from yisieve.train.continued_pretraining import continue_pretraining

    try:
        config = load_pretrain_config(args.config, args.overrides)
        summary = continue_pretraining(
            config,
            args.init,
            args.rope_theta,
            args.sequence_length,
            args.upsample_long,
            args.long_min_tokens,
        )
    except (TrainConfigError, OSError, ValueError) as error:
        print(f"yisieve continue-pretrain: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2))
    return 0
