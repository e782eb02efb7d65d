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
    preset: str = Field(
        default="yi-tiny",
        description="model shape: yi-tiny | yi-small | yi-1b | yi-6b | yi-9b | yi-34b",
    )
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="field overrides of the preset (e.g. num_hidden_layers); vocab_size follows "
        "the shards",
    )
    # A run whose output holds a checkpoint resumes from it instead.
    init: str | None = Field(
        default=None,
        description="a checkpoint folder (config.json + safetensors) whose weights start the run; "
        "its shape replaces the preset, and only overrides that change no weight shape apply "
        "(e.g. rope_theta)",
    )
    activation_checkpointing: bool = Field(
        default=False, description="recompute activations in the backward pass to save memory"
    )
    compile: bool = Field(default=False, description="torch.compile the model")


class DataSection(Section):
    shards: str = Field(description="a `yisieve tokenize` output folder")
    sequence_length: int = Field(default=256, description="tokens per training window")
    micro_batch_size: int = Field(default=8, description="rows per rank per micro-step")
    gradient_accumulation: int = Field(default=1, description="micro-steps per optimizer step")


class OptimizerSection(Section):
    lr: float = Field(default=3e-4, description="peak learning rate")
    # AdamW betas/eps of LLaMA and Yi pretraining (Touvron et al. 2023: 0.9, 0.95, 1e-5 -> 1e-8
    # as most open trainers use); weight decay 0.1 and clip 1.0 as LLaMA.
    betas: tuple[float, float] = Field(default=(0.9, 0.95), description="AdamW betas")
    eps: float = Field(default=1e-8, description="AdamW epsilon")
    weight_decay: float = Field(
        default=0.1, description="AdamW weight decay (matrices only; norms and biases none)"
    )
    grad_clip: float = Field(default=1.0, description="gradient norm clip")
    schedule: Literal["cosine", "constant"] = Field(
        default="cosine", description="learning-rate schedule after warm-up: cosine | constant"
    )
    warmup_steps: int = Field(default=100, description="linear warm-up steps")
    min_lr_ratio: float = Field(
        default=0.1, description="cosine decays to this share of the peak (LLaMA: 10%)"
    )


class RunSection(Section):
    output: str = Field(default="runs/pretrain", description="the run folder")
    max_steps: int = Field(default=1000, description="optimizer steps; the schedule ends here")
    seed: int = Field(default=1337, description="seed of weights and data order")
    log_interval: int = Field(default=10, description="steps between log lines")
    eval_interval: int = Field(default=100, description="steps between validation losses")
    eval_windows: int = Field(default=32, description="validation windows per evaluation")
    checkpoint_interval: int = Field(default=500, description="steps between checkpoints")
    resume: bool = Field(
        default=True, description="continue from OUT/checkpoints/latest when present"
    )
    device: str = Field(default="auto", description="auto | cpu | cuda")
    precision: Literal["auto", "fp32", "bf16"] = Field(
        default="auto", description="auto: bf16 autocast on GPU, fp32 on CPU"
    )
    parallel: Literal["auto", "ddp", "fsdp"] = Field(
        default="auto", description="auto: FSDP for >= 3B parameters, else DDP"
    )
    max_seconds: float = Field(
        default=0, description="stop (and checkpoint) after this wall time; 0: no limit"
    )
    stop_at_step: int = Field(
        default=0,
        description="stop (and checkpoint) at this step without changing the schedule, which "
        "still runs to max_steps: one run over several jobs; 0: run to max_steps",
    )
    progress: bool = Field(default=True, description="show a progress bar")
    threads: int = Field(default=0, description="CPU threads for torch; 0: one per core")


class PretrainConfig(Section):
    model: ModelSection = Field(default_factory=ModelSection, description="what is trained")
    data: DataSection = Field(description="the token shards and the batch shape")
    optimizer: OptimizerSection = Field(
        default_factory=OptimizerSection, description="AdamW and its schedule"
    )
    run: RunSection = Field(default_factory=RunSection, description="length, output, hardware")


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
