"""`yisieve tokenizer train`: a Yi-style SentencePiece BPE tokenizer from kept shards."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("tokenizer", help="train and export the Yi-style tokenizer")
    actions = parser.add_subparsers(dest="tokenizer_command", metavar="ACTION", required=True)
    train = actions.add_parser(
        "train",
        help="train SentencePiece BPE on kept Parquet shards; writes tokenizer.model and the "
        "HF files (tokenizer.json, tokenizer_config.json)",
    )
    train.add_argument(
        "--input",
        "-i",
        action="append",
        required=True,
        metavar="PATH",
        help="clean output folder, kept shard file or glob; repeatable",
    )
    train.add_argument("--output", "-o", required=True, metavar="DIR", help="tokenizer folder")
    train.add_argument("--vocab-size", type=int, default=None, help="default 64000 (Yi)")
    train.add_argument(
        "--character-coverage",
        type=float,
        default=0.9999,
        help="share of characters kept as pieces; rarer ones use byte fallback (default 0.9999)",
    )
    train.add_argument(
        "--max-sentences", type=int, default=10_000_000, help="lines sampled for training"
    )
    train.add_argument("--threads", type=int, default=2)
    train.set_defaults(handler=run_train)


def run_train(args: argparse.Namespace) -> int:
    from yisieve.jobs.kept_shards import KeptShardsError, expand_kept_shards, iter_kept_texts
    from yisieve.models.tokenizer import (
        DEFAULT_VOCAB_SIZE,
        SPECIAL_TOKEN_IDS,
        YiTokenizer,
        export_hf_tokenizer,
        train_tokenizer,
    )

    try:
        files = expand_kept_shards(args.input)
        model_path = train_tokenizer(
            iter_kept_texts(files),
            args.output,
            vocab_size=args.vocab_size or DEFAULT_VOCAB_SIZE,
            character_coverage=args.character_coverage,
            max_sentences=args.max_sentences,
            threads=args.threads,
        )
    except (KeptShardsError, RuntimeError) as error:
        print(f"yisieve tokenizer: error: {error}", file=sys.stderr)
        return 2
    export_hf_tokenizer(model_path, args.output)
    tokenizer = YiTokenizer(model_path)
    specials = ", ".join(f"{token}={i}" for token, i in SPECIAL_TOKEN_IDS.items())
    print(f"tokenizer: {model_path} (vocab {tokenizer.vocab_size}, {len(files)} shard(s))")
    print(f"special ids: {specials}; pad=<unk>=0")
    print(f"HF files: {args.output}/tokenizer.json, tokenizer_config.json")
    return 0
