"""Helpers of the post-training tests (fixtures are in tests/post_training_support.py)."""

from __future__ import annotations

from pathlib import Path

import torch

from yisieve.models.checkpoint import save_pretrained
from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.train.sft import copy_tokenizer_files

SAMPLE = (
    Path(__file__).resolve().parents[1] / "jobs" / "sample_crawl" / "data" / "wiki-en-zh.parquet"
)
VOCAB = 2048


def tiny_checkpoint(folder: Path, tokenizer_dir: Path, seed: int = 0, **overrides) -> Path:
    torch.manual_seed(seed)
    config = preset("yi-tiny", vocab_size=VOCAB, **overrides)
    save_pretrained(YiForCausalLM(config), folder)
    copy_tokenizer_files(tokenizer_dir, folder)
    return folder
