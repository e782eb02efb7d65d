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
    init: str  # checkpoint folder (config.json + safetensors + tokenizer files)
    tokenizer: str | None = None  # default: the checkpoint's tokenizer.model
    activation_checkpointing: bool = False


class SFTDataSection(Section):
    train: str  # JSONL, one {"messages": [{"role", "content"}, ...]} per line
    validation: str | None = None
    sequence_length: int = 4096  # Yi SFT: 4096 tokens
    # packing: several conversations per row, block-diagonal mask + position resets;
    # false: one conversation per row, right-padded.
    packing: bool = True
    micro_batch_size: int = 4  # rows per micro-step
    gradient_accumulation: int = 16  # 4 x 16 = Yi's global batch of 64


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
    # "auto": the report's alpha for the model's size (5 for 6B-class, 45 for 34B-class).
    alpha: float | str = "auto"


class SFTRunSection(Section):
    output: str = "runs/sft"
    max_steps: int = 300  # Yi SFT: 300 steps
    max_seconds: float = 0  # stop (and save) after this wall time; 0 = no limit
    seed: int = 1337
    log_interval: int = 10
    eval_interval: int = 50
    device: str = "auto"
    precision: str = "auto"  # auto: bf16 autocast on GPU, fp32 on CPU
    progress: bool = True
    threads: int = 0


class SFTConfig(Section):
    model: SFTModelSection
    data: SFTDataSection
    optimizer: OptimizerSection = Field(default_factory=sft_optimizer_defaults)
    neftune: NEFTuneSection = Field(default_factory=NEFTuneSection)
    run: SFTRunSection = Field(default_factory=SFTRunSection)


def load_sft_config(path: str | Path | None, overrides: Sequence[str] = ()) -> SFTConfig:
    data = read_config_data(path, overrides)
    if "optimizer" in data:  # keys not given keep the SFT defaults, not pretraining's
        data["optimizer"] = {**sft_optimizer_defaults().model_dump(), **data["optimizer"]}
    try:
        return SFTConfig.model_validate(data)
    except ValidationError as error:
        raise TrainConfigError(str(error)) from error
