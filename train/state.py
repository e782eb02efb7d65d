"""Training checkpoints: HF-loadable weights plus everything an exact resume needs.

`OUT/checkpoints/step-000500/` holds config.json + model.safetensors (loads in transformers and
`yisieve generate` as is), the tokenizer files, and `trainer_state.pt`: optimizer and scheduler
state, RNG states and the data position (the step; batches are a function of it).
`OUT/checkpoints/latest` names the newest complete one; a checkpoint is written under a
temporary name and renamed, so a crash never leaves a half checkpoint behind `latest`.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from yisieve.models.checkpoint import load_state_dict, save_state_dict
from yisieve.models.config import YiConfig
from yisieve.models.tokenizer import copy_tokenizer_files

STATE_FILE = "trainer_state.pt"
LATEST = "latest"


def rng_states() -> dict[str, Any]:
    states = {
        "python": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def restore_rng_states(states: dict[str, Any]) -> None:
    random.setstate(states["python"])
    np.random.set_state(states["numpy"])
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


def full_state_dicts(model: nn.Module, optimizer: torch.optim.Optimizer):
    """(model, optimizer) state dicts as full tensors keyed by parameter name.

    The same layout whether the run was single-process, DDP or FSDP (gathered from the shards),
    so a checkpoint resumes under any of them.
    """
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict

    options = StateDictOptions(full_state_dict=True, cpu_offload=True)
    return get_state_dict(model, optimizer, options=options)


def save_checkpoint(
    root: str | Path,
    model: nn.Module,
    config: YiConfig,
    optimizer: torch.optim.Optimizer,
    scheduler,
    step: int,
    extra: dict[str, Any],
    is_main: bool,
    tokenizer_dir: str | Path | None = None,
) -> Path:
    """Writes OUT/checkpoints/step-N (on the main rank) and points `latest` at it."""
    root = Path(root)
    model_state, optimizer_state = full_state_dicts(model, optimizer)
    final = root / f"step-{step:06d}"
    if not is_main:
        return final
    temp = root / f".tmp-step-{step:06d}"
    shutil.rmtree(temp, ignore_errors=True)
    save_state_dict(model_state, config, temp)
    if tokenizer_dir is not None:  # tokenizer files only: a checkpoint folder is safe to pass
        copy_tokenizer_files(tokenizer_dir, temp)
    torch.save(
        {
            "step": step,
            "optimizer": optimizer_state,
            "scheduler": scheduler.state_dict(),
            "rng": rng_states(),
            **extra,
        },
        temp / STATE_FILE,
    )
    shutil.rmtree(final, ignore_errors=True)
    temp.rename(final)
    (root / f"{LATEST}.tmp").write_text(final.name + "\n")
    (root / f"{LATEST}.tmp").rename(root / LATEST)
    return final


def latest_checkpoint(root: str | Path) -> Path | None:
    pointer = Path(root) / LATEST
    if not pointer.exists():
        return None
    folder = Path(root) / pointer.read_text().strip()
    return folder if (folder / STATE_FILE).exists() else None


def load_trainer_state(folder: str | Path) -> dict[str, Any]:
    # weights_only=False: the state holds numpy/python RNG tuples written by this trainer.
    return torch.load(Path(folder) / STATE_FILE, map_location="cpu", weights_only=False)


def load_model_weights(model: nn.Module, folder: str | Path) -> None:
    model.load_state_dict(load_state_dict(folder))


def load_sharded_weights(model: nn.Module, folder: str | Path) -> None:
    """Full checkpoint tensors -> this rank's shards of an FSDP model."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_model_state_dict

    options = StateDictOptions(full_state_dict=True)
    state: dict[str, Any] = load_state_dict(folder)
    set_model_state_dict(model, state, options=options)


def restore_optimizer(optimizer, model: nn.Module, state: dict) -> None:
    """Loads a name-keyed full optimizer state (see full_state_dicts) into any layout."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_optimizer_state_dict

    options = StateDictOptions(full_state_dict=True)
    set_optimizer_state_dict(model, optimizer, state, options=options)
