"""`yisieve generate`: a quick look at what a checkpoint writes."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("generate", help="sample text from a checkpoint")
    parser.add_argument(
        "--checkpoint",
        required=True,
        metavar="DIR",
        help="checkpoint folder (config.json + safetensors), or a run's checkpoints/ folder",
    )
    parser.add_argument("--prompt", required=True)
    parser.add_argument(
        "--tokenizer", default=None, metavar="PATH", help="default: the checkpoint's own"
    )
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--temperature", type=float, default=0.0, help="0 = greedy (default)")
    parser.add_argument("--top-p", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--bos",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="prepend <|startoftext|> to the prompt",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from yisieve.models.checkpoint import load_pretrained
    from yisieve.models.tokenizer import YiTokenizer
    from yisieve.train.sampling import generate
    from yisieve.train.state import latest_checkpoint

    folder = Path(args.checkpoint)
    if not (folder / "config.json").exists():
        folder = latest_checkpoint(folder) or folder
    try:
        model = load_pretrained(folder)
        tokenizer = YiTokenizer(args.tokenizer or folder)
    except (OSError, ValueError) as error:
        print(f"yisieve generate: error: {error}", file=sys.stderr)
        return 2
    prompt = tokenizer.encode(args.prompt, bos=args.bos)
    new = generate(
        model,
        prompt,
        args.max_new_tokens,
        args.temperature,
        args.top_p,
        eos_id=tokenizer.eos_id,
        seed=args.seed,
    )
    print(args.prompt + tokenizer.decode(new))
    return 0
