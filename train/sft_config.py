"""SFT configuration: plain data from YAML with `section.key=value` overrides.

Defaults are the Yi report's SFT recipe (§3): AdamW (0.9, 0.999, 1e-8), constant
lr 1e-5, weight decay 0.1, gradient clip 1.0, sequence 4096, global batch 64, 300 steps,
NEFTune alpha 5 (6B-class) / 45 (34B-class). Small-model configs override them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from yisieve.train.config import OptimizerSection, TrainConfigError, read_config_data


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SFTModelSection(Section):
    init: str = Field(
        description="checkpoint folder to fine-tune (config.json + safetensors + tokenizer files)"
    )
    tokenizer: str | None = Field(
        default=None, description="a tokenizer.model; null: the checkpoint's"
    )
    activation_checkpointing: bool = Field(
        default=False, description="recompute activations in the backward pass to save memory"
    )


class SFTDataSection(Section):
    train: str = Field(
        description='JSONL, one {"messages": [{"role", "content"}, ...]} conversation per line'
    )
    validation: str | None = Field(default=None, description="the same, for validation loss")
    sequence_length: int = Field(default=4096, description="tokens per row (Yi SFT: 4096)")
    packing: bool = Field(
        default=True,
        description="several conversations per row (block-diagonal mask, positions reset); "
        "false: one conversation per row, right-padded",
    )
    micro_batch_size: int = Field(default=4, description="rows per micro-step")
    gradient_accumulation: int = Field(
        default=16, description="micro-steps per optimizer step (4 x 16 = Yi's batch of 64)"
    )


def sft_optimizer_defaults() -> OptimizerSection:
    # Yi SFT: AdamW beta1 0.9, beta2 0.999, eps 1e-8, constant lr 1e-5, wd 0.1, clip 1.0.
    return OptimizerSection(
        lr=1e-5,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0.1,
        grad_clip=1.0,
        schedule="constant",
        warmup_steps=0,
    )


class NEFTuneSection(Section):
    alpha: float | str = Field(
        default="auto",
        description="NEFTune noise scale; auto: the Yi report's alpha for the model's size (5 "
        "for 6B-class, 45 for 34B-class)",
    )


class SFTRunSection(Section):
    output: str = Field(default="runs/sft", description="the run folder")
    max_steps: int = Field(default=300, description="optimizer steps (Yi SFT: 300)")
    max_seconds: float = Field(
        default=0, description="stop (and save) after this wall time; 0: no limit"
    )
    seed: int = Field(default=1337, description="seed of data order and noise")
    log_interval: int = Field(default=10, description="steps between log lines")
    eval_interval: int = Field(default=50, description="steps between validation losses")
    device: str = Field(default="auto", description="auto | cpu | cuda")
    precision: str = Field(default="auto", description="auto: bf16 autocast on GPU, fp32 on CPU")
    progress: bool = Field(default=True, description="show a progress bar")
    threads: int = Field(default=0, description="CPU threads for torch; 0: one per core")


class SFTConfig(Section):
    model: SFTModelSection = Field(description="the checkpoint fine-tuned")
    data: SFTDataSection = Field(description="the conversations and the batch shape")
    optimizer: OptimizerSection = Field(
        default_factory=sft_optimizer_defaults,
        description="AdamW; defaults of Yi SFT: constant lr 1e-5, betas 0.9/0.999",
    )
    neftune: NEFTuneSection = Field(
        default_factory=NEFTuneSection, description="noisy embeddings during SFT (NEFTune)"
    )
    run: SFTRunSection = Field(default_factory=SFTRunSection, description="length, output, device")


def load_sft_config(path: str | Path | None, overrides: Sequence[str] = ()) -> SFTConfig:
    data = read_config_data(path, overrides)
    if "optimizer" in data:  # keys not given keep the SFT defaults, not pretraining's
        data["optimizer"] = {**sft_optimizer_defaults().model_dump(), **data["optimizer"]}
    try:
        return SFTConfig.model_validate(data)
    except ValidationError as error:
        raise TrainConfigError(str(error)) from error
