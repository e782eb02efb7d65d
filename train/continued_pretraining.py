"""Continued pretraining from a checkpoint: after up-scaling, and for long context (RoPE ABF).

Wraps train/pretrain.py's Pretrainer (same loop, checkpoints, metrics) with `model.init` set:
the shape and weights come from the init checkpoint (a rerun resumes from the run's own
`latest` instead), optionally with a larger RoPE base and context, and the window sampler can
upsample long documents. Yi's long-context stage: a larger theta and ~100 steps on long
documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yisieve.models.checkpoint import load_config
from yisieve.train.config import PretrainConfig
from yisieve.train.long_documents import LongDocumentSampler
from yisieve.train.pretrain import Pretrainer


def continuation_config(
    cfg: PretrainConfig,
    init: str | Path,
    rope_theta: float | None = None,
    sequence_length: int | None = None,
) -> PretrainConfig:
    """cfg starting from `init`: its shape and weights, plus only the theta and context given
    here (the config file's model section, written for a preset, does not apply)."""
    data = cfg.data.model_copy(
        update={"sequence_length": sequence_length} if sequence_length else {}
    )
    context = load_config(init).max_position_embeddings
    overrides: dict[str, Any] = {"max_position_embeddings": max(context, data.sequence_length)}
    if rope_theta:
        overrides["rope_theta"] = float(rope_theta)
    model = cfg.model.model_copy(update={"init": str(init), "overrides": overrides})
    return cfg.model_copy(update={"model": model, "data": data})


def continue_pretraining(
    cfg: PretrainConfig,
    init: str | Path,
    rope_theta: float | None = None,
    sequence_length: int | None = None,
    upsample_long: float = 1.0,
    long_min_tokens: int = 0,
) -> dict[str, Any]:
    from yisieve.train.distributed import shutdown

    cfg = continuation_config(cfg, init, rope_theta, sequence_length)
    trainer = Pretrainer(cfg)
    try:
        if upsample_long > 1.0:
            trainer.sampler = LongDocumentSampler(
                trainer.train_stream,
                cfg.data.sequence_length,
                cfg.run.seed,
                long_min_tokens or cfg.data.sequence_length,
                upsample_long,
            )
        # the loss at the new theta/length before any step: what the continuation must repair
        before = trainer.evaluate() if trainer.resume_from is None else None
        summary = trainer.train()
        summary["val_loss_before"] = before
    finally:
        shutdown(trainer.dist)
    summary.update(
        {
            "init": str(init),
            "rope_theta": trainer.model_config.rope_theta,
            "sequence_length": cfg.data.sequence_length,
        }
    )
    if isinstance(trainer.sampler, LongDocumentSampler):
        summary["long_document_token_share"] = trainer.sampler.long_token_share
    return summary
