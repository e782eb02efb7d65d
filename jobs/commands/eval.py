"""`yisieve eval perplexity|quant-delta|icl|needle`: the report's evaluations on a checkpoint."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def csv_of(kind):
    return lambda text: [kind(x) for x in text.split(",") if x]


def register(subparsers) -> None:
    parser = subparsers.add_parser("eval", help="evaluate a checkpoint (perplexity, ICL, needle)")
    kinds = parser.add_subparsers(dest="eval_kind", metavar="EVAL", required=True)

    ppl = kinds.add_parser("perplexity", help="loss and perplexity on validation shards")
    quant = kinds.add_parser(
        "quant-delta", help="perplexity with weights rounded through bf16/q8_0/q4_0/int4 vs fp32"
    )
    quant.add_argument(
        "--formats", type=csv_of(str), default=["fp32", "bf16", "q8_0", "q4_0", "int4"]
    )
    for sub in (ppl, quant):
        sub.add_argument("--shards", required=True, metavar="DIR")
        sub.add_argument("--sequence-length", type=int, default=None, help="default: model context")
        sub.add_argument("--windows", type=int, default=32)
    ppl.add_argument("--int4", action="store_true", help="--checkpoint is an `export int4` folder")

    icl = kinds.add_parser("icl", help="in-context linear regression probe (Yi report)")
    icl.add_argument("--shots", type=csv_of(int), default=[1, 2, 4, 8, 16])
    icl.add_argument("--trials", type=int, default=20)

    needle = kinds.add_parser("needle", help="needle in a haystack heat map (PNG)")
    source = needle.add_mutually_exclusive_group(required=True)
    source.add_argument("--haystack", metavar="FILE", help="filler text file")
    source.add_argument("--shards", metavar="DIR", help="filler: decoded validation shards")
    needle.add_argument(
        "--lengths",
        type=csv_of(int),
        default=None,
        help="context lengths in tokens (default: 5 up to the model context)",
    )
    needle.add_argument("--depths", type=csv_of(float), default=[0.0, 0.25, 0.5, 0.75, 1.0])
    needle.add_argument("--trials", type=int, default=4)
    needle.add_argument("--png", required=True, metavar="FILE")

    for sub in (ppl, quant, icl, needle):
        sub.add_argument("--checkpoint", required=True, metavar="DIR")
        sub.add_argument("--json", default=None, metavar="FILE", help="also write results here")
        sub.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    try:
        result = evaluate(args)
    except (OSError, ValueError) as error:
        print(f"yisieve eval: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


def evaluate(args: argparse.Namespace) -> dict:
    from dataclasses import asdict

    from yisieve.models.checkpoint import load_config, load_pretrained

    config = load_config(args.checkpoint)
    if args.eval_kind in ("perplexity", "quant-delta"):
        from yisieve.train.perplexity import perplexity, quantization_delta, shard_windows

        length = args.sequence_length or config.max_position_embeddings
        windows = shard_windows(args.shards, length, args.windows)
        if not windows:
            raise ValueError(
                f"{args.shards}: validation split too short for {length}-token windows"
            )
        if args.eval_kind == "quant-delta":
            rows = quantization_delta(args.checkpoint, windows, tuple(args.formats))
            return {
                "windows": len(windows),
                "sequence_length": length,
                "rows": [asdict(r) for r in rows],
            }
        if args.int4:
            from yisieve.models.int4 import load_int4

            model = load_int4(args.checkpoint)
        else:
            model = load_pretrained(args.checkpoint)
        loss, ppl = perplexity(model, windows)
        return {"windows": len(windows), "sequence_length": length, "loss": loss, "perplexity": ppl}
    from yisieve.models.tokenizer import YiTokenizer

    model = load_pretrained(args.checkpoint)
    tokenizer = YiTokenizer(args.checkpoint)
    if args.eval_kind == "icl":
        from yisieve.train.icl_probe import run_probe

        rows = run_probe(model, tokenizer, shots=tuple(args.shots), trials=args.trials)
        return {"rows": [asdict(r) for r in rows]}
    from yisieve.train.needle import plot_heatmap, run_needle

    if args.haystack:
        filler = Path(args.haystack).read_text(encoding="utf-8")
    else:
        from yisieve.train.token_data import TokenStream

        stream = TokenStream.from_manifest(args.shards, "validation")
        filler = tokenizer.decode(
            stream.window(0, min(len(stream), 4 * config.max_position_embeddings)).tolist()
        )
    limit = config.max_position_embeddings - 8
    lengths = args.lengths or sorted({max(32, limit * i // 5) for i in range(1, 6)})
    cells = run_needle(model, tokenizer, filler, lengths, args.depths, args.trials)
    plot_heatmap(cells, args.png, title=f"Needle in a haystack: {Path(args.checkpoint).name}")
    return {"png": args.png, "cells": [asdict(c) for c in cells]}
