"""`yisieve sft` (supervised fine-tuning on ChatML conversations) and `yisieve chat`."""

from __future__ import annotations

import argparse
import json
import sys

SFT_DESCRIPTION = """\
Fine-tune a checkpoint on conversations (JSONL, one {"messages": [{"role": "system"|"user"|
"assistant", "content": ...}, ...]} per line), rendered in ChatML; loss on assistant replies
and their <|im_end|> only; NEFTune noise on the input embeddings; conversations packed into
rows with a block-diagonal mask and position resets (data.packing=false: one per row, padded).
Defaults are the Yi report's (lr 1e-5 constant, AdamW 0.9/0.999/1e-8, wd 0.1, clip 1.0,
seq 4096, batch 64, 300 steps, NEFTune alpha 5 / 45); see jobs/configs/sft-*.yaml.
Output in run.output: final/ (HF checkpoint + tokenizer), metrics.jsonl, loss_curve.png.
"""


def register(subparsers) -> None:
    sft = subparsers.add_parser(
        "sft",
        help="supervised fine-tuning (ChatML, NEFTune)",
        description=SFT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sft.add_argument("--config", "-c", default=None, metavar="FILE", help="YAML config")
    sft.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="override a config key, e.g. --set model.init=DIR; repeatable",
    )
    sft.set_defaults(handler=run_sft_command)

    chat = subparsers.add_parser("chat", help="talk to a fine-tuned checkpoint (ChatML)")
    chat.add_argument("--checkpoint", required=True, metavar="DIR")
    chat.add_argument("--tokenizer", default=None, metavar="PATH")
    chat.add_argument("--system", default=None, help="system message")
    chat.add_argument(
        "--message",
        action="append",
        default=[],
        help="a user message (repeatable: one turn each); none = read turns from stdin",
    )
    chat.add_argument("--max-new-tokens", type=int, default=128)
    chat.add_argument("--temperature", type=float, default=0.0, help="0 = greedy")
    chat.add_argument("--top-p", type=float, default=1.0)
    chat.add_argument("--seed", type=int, default=0)
    chat.add_argument("--show-prompt", action="store_true", help="print the rendered prompt")
    chat.set_defaults(handler=run_chat)


def run_sft_command(args: argparse.Namespace) -> int:
    from yisieve.train.config import TrainConfigError
    from yisieve.train.sft import run_sft
    from yisieve.train.sft_config import load_sft_config

    try:
        config = load_sft_config(args.config, args.overrides)
    except TrainConfigError as error:
        print(f"yisieve sft: error: {error}", file=sys.stderr)
        return 2
    try:
        summary = run_sft(config)
    except (OSError, ValueError) as error:
        print(f"yisieve sft: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2))
    return 0


def run_chat(args: argparse.Namespace) -> int:
    from pathlib import Path

    from yisieve.models.chat_template import IM_END_ID, render_prompt
    from yisieve.models.checkpoint import load_pretrained
    from yisieve.models.tokenizer import YiTokenizer
    from yisieve.train.sampling import generate

    folder = Path(args.checkpoint)
    try:
        model = load_pretrained(folder)
        tokenizer = YiTokenizer(args.tokenizer or folder)
    except (OSError, ValueError) as error:
        print(f"yisieve chat: error: {error}", file=sys.stderr)
        return 2
    messages = [{"role": "system", "content": args.system}] if args.system else []
    turns = args.message or (line.rstrip("\n") for line in sys.stdin)
    for user in turns:
        messages.append({"role": "user", "content": user})
        prompt = render_prompt(messages, tokenizer)
        if args.show_prompt:
            print(tokenizer.decode(prompt), end="")
        reply_ids = generate(
            model,
            prompt,
            args.max_new_tokens,
            args.temperature,
            args.top_p,
            eos_id=IM_END_ID,
            seed=args.seed,
        )
        reply = tokenizer.decode(reply_ids)
        if args.show_prompt:  # the whole template: the reply and, if the model ended it, <|im_end|>
            stopped = len(reply_ids) < args.max_new_tokens
            print(reply + (tokenizer.decode([IM_END_ID]) if stopped else " [max-new-tokens]"))
        else:
            print(f"assistant: {reply}")
        messages.append({"role": "assistant", "content": reply})
    return 0
