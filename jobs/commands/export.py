"""`yisieve export hf|gguf|int4`: a checkpoint as transformers, llama.cpp or int4 weights."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="export a checkpoint (HF, GGUF, int4)")
    kinds = parser.add_subparsers(dest="export_kind", metavar="FORMAT", required=True)

    hf = kinds.add_parser("hf", help="safetensors + config + HF tokenizer (transformers)")
    hf.add_argument("--dtype", default="float32", choices=["float32", "bfloat16", "float16"])

    gguf = kinds.add_parser("gguf", help="one .gguf file for llama.cpp, verified by read-back")
    gguf.add_argument(
        "--type", dest="gguf_type", default="f16", choices=["f32", "f16", "q8_0", "q4_0"]
    )

    int4 = kinds.add_parser("int4", help="group-wise int4 safetensors (see models/int4.py)")
    int4.add_argument("--group-size", type=int, default=128)
    int4.add_argument("--quantize-head", action="store_true", help="also quantize lm_head")

    for sub in (hf, gguf, int4):
        sub.add_argument("--checkpoint", required=True, metavar="DIR")
        sub.add_argument("--output", "-o", required=True, metavar="PATH")
        sub.add_argument("--tokenizer", default=None, metavar="PATH", help="default: checkpoint's")
        sub.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    try:
        summary = export(args)
    except (OSError, ValueError) as error:
        print(f"yisieve export: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2))
    return 0


def export(args: argparse.Namespace) -> dict:
    if args.export_kind == "hf":
        from yisieve.models.hf_export import export_hf

        return {"output": str(export_hf(args.checkpoint, args.output, args.dtype, args.tokenizer))}
    if args.export_kind == "gguf":
        from yisieve.models.gguf_export import export_gguf, read_back

        path = export_gguf(args.checkpoint, args.output, args.gguf_type, args.tokenizer)
        checks = read_back(path, args.checkpoint)
        worst: dict[str, float] = {}
        for check in checks:
            worst[check.gguf_type] = max(worst.get(check.gguf_type, 0.0), check.relative_error)
        return {"output": str(path), "tensors": len(checks), "max_relative_error_by_type": worst}
    from yisieve.models.int4 import export_int4
    from yisieve.train.sft import copy_tokenizer_files

    folder = export_int4(args.checkpoint, args.output, args.group_size, args.quantize_head)
    copy_tokenizer_files(args.tokenizer or args.checkpoint, folder)
    return {"output": str(folder), "group_size": args.group_size}
