"""Pretraining configuration: plain data from a YAML file with `section.key=value` overrides."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelSection(Section):
    preset: str = "yi-tiny"
    # Field overrides of the preset (e.g. num_hidden_layers); vocab_size follows the shards.
    overrides: dict[str, Any] = Field(default_factory=dict)
    # A checkpoint folder (config.json + safetensors) whose weights start the run: the shape
    # comes from its config.json (the preset is not used; only overrides that change no weight
    # shape apply, e.g. rope_theta). A run whose output holds a checkpoint resumes from it.
    init: str | None = None
    activation_checkpointing: bool = False
    compile: bool = False


class DataSection(Section):
    shards: str  # a `yisieve tokenize` output folder
    sequence_length: int = 256
    micro_batch_size: int = 8  # rows per rank per micro-step
    gradient_accumulation: int = 1


class OptimizerSection(Section):
    lr: float = 3e-4
    # AdamW betas/eps of LLaMA and Yi pretraining (Touvron et al. 2023: 0.9, 0.95, 1e-5 -> 1e-8
    # as most open trainers use); weight decay 0.1 and clip 1.0 as LLaMA.
    betas: tuple[float, float] = (0.9, 0.95)
    eps: float = 1e-8
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    schedule: Literal["cosine", "constant"] = "cosine"
    warmup_steps: int = 100
    min_lr_ratio: float = 0.1  # cosine decays to 10% of peak (LLaMA)


class RunSection(Section):
    output: str = "runs/pretrain"
    max_steps: int = 1000
    seed: int = 1337
    log_interval: int = 10
    eval_interval: int = 100
    eval_windows: int = 32
    checkpoint_interval: int = 500
    resume: bool = True  # continue from OUT/checkpoints/latest when present
    device: str = "auto"  # auto | cpu | cuda
    precision: Literal["auto", "fp32", "bf16"] = "auto"  # auto: bf16 autocast on GPU, fp32 CPU
    parallel: Literal["auto", "ddp", "fsdp"] = "auto"  # auto: FSDP for >= 3B params, else DDP
    max_seconds: float = 0  # stop (and checkpoint) after this wall time; 0 = no limit
    # Stop (and checkpoint) at this step without changing the schedule, which still runs to
    # max_steps: splits one run over several jobs. 0 = run to max_steps.
    stop_at_step: int = 0
    progress: bool = True
    threads: int = 0  # CPU threads for torch; 0 = torch's default (one per core)


class PretrainConfig(Section):
    model: ModelSection = Field(default_factory=ModelSection)
    data: DataSection
    optimizer: OptimizerSection = Field(default_factory=OptimizerSection)
    run: RunSection = Field(default_factory=RunSection)


class TrainConfigError(ValueError):
    """A bad config file or override, reported before any training starts."""


def apply_override(data: dict, assignment: str) -> None:
    """`optimizer.lr=1e-3` -> data['optimizer']['lr'] = 1e-3 (value parsed as YAML)."""
    if "=" not in assignment:
        raise TrainConfigError(f"override {assignment!r} is not KEY=VALUE")
    key, raw = assignment.split("=", 1)
    *parents, leaf = key.strip().split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise TrainConfigError(f"override {key!r}: {part} is not a section")
    node[leaf] = yaml.safe_load(raw)


def read_config_data(path: str | Path | None, overrides: Sequence[str] = ()) -> dict:
    """The YAML mapping of a training config with `section.key=value` overrides applied."""
    data: dict = {}
    if path is not None:
        try:
            data = yaml.safe_load(Path(path).read_text()) or {}
        except (OSError, yaml.YAMLError) as error:
            raise TrainConfigError(f"cannot read config {path}: {error}") from error
    for assignment in overrides:
        apply_override(data, assignment)
    return data


def load_pretrain_config(path: str | Path | None, overrides: Sequence[str] = ()) -> PretrainConfig:
    data = read_config_data(path, overrides)
    try:
        return PretrainConfig.model_validate(data)
    except ValidationError as error:
        raise TrainConfigError(str(error)) from error
