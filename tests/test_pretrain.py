"""Pretraining: overfitting one batch, exact resume, DDP (gloo, 2 processes) = one process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.models.token_shards import write_token_shard
from yisieve.train.config import OptimizerSection, load_pretrain_config
from yisieve.train.optimizer import build_optimizer
from yisieve.train.pretrain import pretrain

VOCAB = 320
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def one_thread():
    """Bitwise comparisons need the same reduction order; one thread also avoids contention."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def make_shards(folder: Path) -> Path:
    """A `yisieve tokenize`-shaped folder with random documents (no tokenizer needed)."""
    rng = np.random.default_rng(0)
    splits = {}
    for split, count in (("train", 40), ("validation", 8)):
        (folder / split).mkdir(parents=True)
        docs = [np.append(rng.integers(9, VOCAB, rng.integers(20, 80)), 2) for _ in range(count)]
        with open(folder / split / "part-00000-of-00001.bin", "wb") as stream:
            tokens = write_token_shard(stream, docs, np.uint16)
        splits[split] = {"shards": [f"{split}/part-00000-of-00001.bin"], "tokens": tokens}
    manifest = {"vocab_size": VOCAB, "splits": splits}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "tokenizer").mkdir()
    return folder


def tiny_config(shards: Path, output: Path, **run) -> dict:
    return {
        "model": {"preset": "yi-tiny"},
        "data": {"shards": str(shards), "sequence_length": 32, "micro_batch_size": 4},
        "optimizer": {"lr": 1e-2, "warmup_steps": 2},
        "run": {
            "output": str(output),
            "max_steps": 6,
            "log_interval": 1,
            "eval_interval": 3,
            "eval_windows": 4,
            "checkpoint_interval": 100,
            "progress": False,
            **run,
        },
    }


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data))
    return path


def test_overfits_one_fixed_batch():
    torch.manual_seed(0)
    model = YiForCausalLM(preset("yi-tiny", vocab_size=VOCAB))
    optimizer = build_optimizer(model, OptimizerSection(lr=1e-2, weight_decay=0.0), fused=False)
    batch = torch.randint(9, VOCAB, (4, 33), generator=torch.Generator().manual_seed(1))
    for _ in range(150):
        loss = model(batch[:, :-1], batch[:, 1:]).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    assert loss.item() < 0.5


def test_resumed_run_equals_uninterrupted_run(tmp_path):
    shards = make_shards(tmp_path / "shards")
    straight = tiny_config(shards, tmp_path / "straight")
    whole = pretrain(load_pretrain_config(write_yaml(tmp_path / "a.yaml", straight)))

    split = tiny_config(shards, tmp_path / "split")
    config_path = write_yaml(tmp_path / "b.yaml", split)
    first = pretrain(load_pretrain_config(config_path, ["run.stop_at_step=3"]))
    assert first["step"] == 3
    second = pretrain(load_pretrain_config(config_path))
    assert second["step"] == 6
    assert second["loss"] == whole["loss"]  # bitwise on CPU
    assert second["val_loss"] == whole["val_loss"]
    weights_a = Path(whole["checkpoint"]) / "model.safetensors"
    weights_b = Path(second["checkpoint"]) / "model.safetensors"
    assert weights_a.read_bytes() == weights_b.read_bytes()
    assert (tmp_path / "split" / "loss_curve.png").stat().st_size > 0
    records = [
        json.loads(x) for x in (tmp_path / "split" / "metrics.jsonl").read_text().splitlines()
    ]
    assert {"loss", "lr", "grad_norm", "tokens_per_second", "mfu"} <= set(records[0])


def run_two_ranks_against_one(tmp_path: Path, parallel: str, port: int, resume: bool) -> None:
    """Same global batch on 1 and 2 processes; with `resume` the 2-process run starts from the
    single run's step-1 checkpoint (FSDP draws its own init, so it is compared after that)."""
    shards = make_shards(tmp_path / "shards")
    single = tiny_config(shards, tmp_path / "single", max_steps=3, checkpoint_interval=1)
    single["data"]["micro_batch_size"] = 4
    pretrain(load_pretrain_config(write_yaml(tmp_path / "single.yaml", single)))

    ddp = tiny_config(shards, tmp_path / "ddp", max_steps=3, parallel=parallel)
    ddp["data"]["micro_batch_size"] = 2  # 2 ranks x 2 rows = the single run's 4 rows
    if resume:
        start = tmp_path / "ddp" / "checkpoints"
        shutil.copytree(tmp_path / "single" / "checkpoints" / "step-000001", start / "step-000001")
        (start / "latest").write_text("step-000001\n")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc_per_node=2",
        f"--master_port={port}",
        "-m",
        "yisieve.jobs.cli",
        "train",
        "pretrain",
        "-c",
        str(write_yaml(tmp_path / "ddp.yaml", ddp)),
    ]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]

    def losses(folder: Path) -> list[float]:
        lines = (folder / "metrics.jsonl").read_text().splitlines()
        return [json.loads(x)["loss"] for x in lines if '"loss"' in x]

    expected = losses(tmp_path / "single")[1:] if resume else losses(tmp_path / "single")
    assert len(losses(tmp_path / "ddp")) == len(expected)
    assert np.allclose(losses(tmp_path / "ddp"), expected, rtol=0, atol=1e-5)


def test_ddp_two_processes_equal_one_process_with_same_global_batch(tmp_path):
    run_two_ranks_against_one(tmp_path, "ddp", 29517, resume=False)


@pytest.mark.slow
def test_fsdp_two_processes_equal_one_process_with_same_global_batch(tmp_path):
    run_two_ranks_against_one(tmp_path, "fsdp", 29518, resume=True)


def test_checkpoint_copies_only_tokenizer_files_from_a_checkpoint_folder(tmp_path):
    """tokenizer_dir may be another checkpoint: its weights and state must not be copied."""
    from yisieve.models.checkpoint import load_state_dict
    from yisieve.train.state import STATE_FILE, save_checkpoint

    def checkpoint(root: Path, seed: int, tokenizer_dir: Path | None) -> tuple[Path, dict]:
        torch.manual_seed(seed)
        config = preset("yi-tiny", vocab_size=VOCAB)
        model = YiForCausalLM(config)
        optimizer = build_optimizer(model, OptimizerSection(), fused=False)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)
        folder = save_checkpoint(
            root, model, config, optimizer, scheduler, seed, {}, True, tokenizer_dir
        )
        return folder, model.state_dict()

    tokenizer = tmp_path / "tokenizer"
    tokenizer.mkdir()
    names = ("tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens.json")
    for name in names:
        (tokenizer / name).write_text(f"{name} contents\n")
    first, _ = checkpoint(tmp_path / "a", 1, tokenizer)
    second, weights = checkpoint(tmp_path / "b", 2, first)  # a checkpoint as tokenizer source
    for name in names:
        assert (second / name).read_text() == f"{name} contents\n"
    loaded = load_state_dict(second)
    assert all(torch.equal(loaded[key], value) for key, value in weights.items())
    assert torch.load(second / STATE_FILE, weights_only=False)["step"] == 2


def test_init_loads_weights_before_step_zero_and_resume_wins(tmp_path):
    """model.init (--init): the run starts from the checkpoint's weights and shape; a run that
    already has its own checkpoint resumes from that instead."""
    from yisieve.jobs.cli import main
    from yisieve.models.checkpoint import load_config, load_state_dict
    from yisieve.train.pretrain import Pretrainer

    shards = make_shards(tmp_path / "shards")
    base = tiny_config(shards, tmp_path / "base", max_steps=2)
    base["model"]["overrides"] = {"num_hidden_layers": 3}
    init = Path(
        pretrain(load_pretrain_config(write_yaml(tmp_path / "base.yaml", base)))["checkpoint"]
    )

    # a config written for the preset (2 layers): the init checkpoint's shape (3 layers) wins
    child = tiny_config(shards, tmp_path / "child", max_steps=2, stop_at_step=1)
    child["model"]["overrides"] = {"num_hidden_layers": 2, "rope_theta": 20_000.0}
    child_yaml = write_yaml(tmp_path / "child.yaml", child)
    trainer = Pretrainer(load_pretrain_config(child_yaml, [f"model.init={init}"]))
    assert trainer.model_config.num_hidden_layers == 3
    assert trainer.model_config.rope_theta == 20_000.0
    expected = load_state_dict(init)
    for name, tensor in trainer.model.state_dict().items():
        assert torch.equal(tensor, expected[name]), name

    assert main(["train", "pretrain", "-c", str(child_yaml), "--init", str(init)]) == 0
    first = tmp_path / "child" / "checkpoints" / "step-000001"
    assert load_config(first).num_hidden_layers == 3
    resumed = Pretrainer(load_pretrain_config(child_yaml, [f"model.init={init}"]))
    assert resumed.resume_from == first and resumed.step == 1
    weights = load_state_dict(first)
    for name, tensor in resumed.model.state_dict().items():
        assert torch.equal(tensor, weights[name]), name
