"""`yisieve train pretrain`: train a Yi-architecture model on token shards."""

from __future__ import annotations

import argparse
import json
import sys

DESCRIPTION = """\
Pretrain on the token shards of `yisieve tokenize`. The YAML config has sections model, data,
optimizer, run (see jobs/configs/pretrain-tiny.yaml); --set overrides any key. Output in
run.output: checkpoints/step-N/ (HF config.json + model.safetensors + tokenizer + trainer
state; `latest` points at the newest), metrics.jsonl, loss_curve.png. A rerun with the same
output resumes from `latest`. --init CKPT (model.init) starts from a checkpoint's weights and
shape instead of a fresh preset; a resumable `latest` still wins. Several processes: torchrun
--nproc_per_node N -m yisieve.jobs.cli train pretrain ... (DDP; FSDP for presets >= 3B parameters or
run.parallel=fsdp).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser("train", help="train Yi-architecture models")
    actions = parser.add_subparsers(dest="train_command", metavar="ACTION", required=True)
    pretrain = actions.add_parser(
        "pretrain",
        help="pretrain on token shards",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pretrain.add_argument("--config", "-c", required=True, metavar="FILE", help="YAML config")
    pretrain.add_argument(
        "--init",
        metavar="CKPT",
        default=None,
        help="checkpoint folder whose weights and shape start the run (= --set model.init=CKPT)",
    )
    pretrain.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="override a config key, e.g. --set optimizer.lr=1e-3; repeatable",
    )
    pretrain.set_defaults(handler=run_pretrain)


def run_pretrain(args: argparse.Namespace) -> int:
    from yisieve.train.config import TrainConfigError, load_pretrain_config
    from yisieve.train.pretrain import pretrain

    try:
        config = load_pretrain_config(args.config, args.overrides)
        if args.init is not None:
            config.model.init = args.init
    except TrainConfigError as error:
        print(f"yisieve train: error: {error}", file=sys.stderr)
        return 2
    summary = pretrain(config)
    print(json.dumps(summary, indent=2))
    return 0
