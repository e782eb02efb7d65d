"""The pretraining loop: token shards in, checkpoints, metrics and a loss curve out.

One step = `gradient_accumulation` micro-batches per rank, then clip, AdamW, schedule.
Everything the loop needs is built in `Pretrainer.__init__` from the plain-data config;
`train()` reads top to bottom like nanoGPT's loop. Run under `torchrun` for DDP/FSDP.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import torch
from tqdm import tqdm

from yisieve.models.checkpoint import load_config
from yisieve.models.config import YiConfig, preset
from yisieve.models.model import YiForCausalLM
from yisieve.train.config import ModelSection, PretrainConfig
from yisieve.train.distributed import (
    init_distributed,
    mean_across_ranks,
    resolve_parallel,
    shutdown,
    wrap_model,
)
from yisieve.train.metrics import MetricsLog, plot_loss_curve
from yisieve.train.mfu import device_peak_flops, model_flops_utilization
from yisieve.train.optimizer import build_optimizer, build_scheduler, optimizer_step
from yisieve.train.state import (
    latest_checkpoint,
    load_model_weights,
    load_sharded_weights,
    load_trainer_state,
    restore_optimizer,
    restore_rng_states,
    save_checkpoint,
)
from yisieve.train.token_data import (
    MicroBatchSampler,
    TokenStream,
    WindowSampler,
    unigram_cross_entropy,
    unigram_entropy,
    validation_windows,
)

log = logging.getLogger(__name__)


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


# Fields that change no weight's shape: the ones an `init` checkpoint's config may take from
# model.overrides (RoPE ABF: a larger theta and context for long-context continuation).
SHAPE_FREE_FIELDS = frozenset(
    {"max_position_embeddings", "rope_theta", "rms_norm_eps", "initializer_range"}
)


def build_model_config(section: ModelSection, vocab_size: int) -> YiConfig:
    """The model shape: the preset plus overrides, or the `init` checkpoint's config.

    With `init`, weight shapes come from the checkpoint: overrides of shape fields (left in a
    config file written for a preset) are ignored with a warning; shape-free ones apply.
    """
    if section.init is None:
        return preset(section.preset, **{"vocab_size": vocab_size, **section.overrides})
    config = load_config(section.init)
    if config.vocab_size != vocab_size:
        raise ValueError(
            f"shards vocab {vocab_size} != checkpoint vocab {config.vocab_size} ({section.init})"
        )
    applied = {k: v for k, v in section.overrides.items() if k in SHAPE_FREE_FIELDS}
    ignored = {
        k: v
        for k, v in section.overrides.items()
        if k not in SHAPE_FREE_FIELDS and getattr(config, k, None) != v
    }
    if ignored:
        log.warning("model.init %s fixes the shape; ignoring overrides %s", section.init, ignored)
    return config.with_overrides(**applied) if applied else config


class Pretrainer:
    def __init__(self, cfg: PretrainConfig) -> None:
        self.cfg = cfg
        if cfg.run.threads:
            torch.set_num_threads(cfg.run.threads)
        device = resolve_device(cfg.run.device)
        self.dist = init_distributed(device.type)
        if device.type == "cuda":
            device = torch.device("cuda", self.dist.local_rank)
            torch.cuda.set_device(device)
        self.device = device
        # bf16 autocast on GPUs (fp32 master weights and optimizer state); plain fp32 on CPU.
        self.precision = cfg.run.precision
        if self.precision == "auto":
            self.precision = "bf16" if device.type == "cuda" else "fp32"
        self.output = Path(cfg.run.output)
        self.checkpoints = self.output / "checkpoints"
        if self.dist.is_main:
            self.checkpoints.mkdir(parents=True, exist_ok=True)

        shards = Path(cfg.data.shards)
        manifest = json.loads((shards / "manifest.json").read_text())
        self.tokenizer_dir = shards / "tokenizer"
        self.model_config = build_model_config(cfg.model, manifest["vocab_size"])
        if cfg.data.sequence_length > self.model_config.max_position_embeddings:
            raise ValueError("data.sequence_length exceeds the model's max_position_embeddings")

        torch.manual_seed(cfg.run.seed)
        self.resume_from = latest_checkpoint(self.checkpoints) if cfg.run.resume else None
        # weights before step 0: the run's own checkpoint when resuming, else model.init
        self.initial_weights = self.resume_from or cfg.model.init
        parameters = self.model_config.parameter_count()
        self.parallel = resolve_parallel(cfg.run.parallel, parameters, self.dist)
        self.sharded = self.parallel == "fsdp"
        self.model = self.build_model(device)
        self.wrapped = self.model if self.sharded else wrap_model(self.model, self.parallel, device)
        self.forward = torch.compile(self.wrapped) if cfg.model.compile else self.wrapped
        self.optimizer = build_optimizer(self.model, cfg.optimizer, fused=device.type == "cuda")
        self.scheduler = build_scheduler(self.optimizer, cfg.optimizer, cfg.run.max_steps)
        self.step = 0
        if self.resume_from is not None:
            state = load_trainer_state(self.resume_from)
            restore_optimizer(self.optimizer, self.model, state["optimizer"])
            self.scheduler.load_state_dict(state["scheduler"])
            restore_rng_states(state["rng"])
            self.step = state["step"]

        seq = cfg.data.sequence_length
        self.train_stream = TokenStream.from_manifest(shards, "train")
        self.sampler: MicroBatchSampler = WindowSampler(self.train_stream, seq, cfg.run.seed)
        self.validation_stream = TokenStream.from_manifest(shards, "validation")
        windows = validation_windows(self.validation_stream, seq, cfg.run.eval_windows)
        usable = len(windows) - len(windows) % self.dist.world
        self.validation = windows[self.dist.rank : usable : self.dist.world]
        self.rows_per_step = cfg.data.micro_batch_size * cfg.data.gradient_accumulation
        self.tokens_per_step = self.rows_per_step * self.dist.world * seq
        self.flops_per_token = self.model_config.flops_per_token(seq)
        self.peak_flops = device_peak_flops(device, self.precision)
        self.metrics = MetricsLog(self.output / "metrics.jsonl", enabled=self.dist.is_main)

    def build_model(self, device: torch.device) -> YiForCausalLM:
        """The model on `device`, initial weights loaded; FSDP: built on meta, then sharded.

        Sharded models are never materialized whole on one device: each rank allocates and
        initializes only its shards, then (on resume) takes its part of the full state dict.
        """
        checkpointing = self.cfg.model.activation_checkpointing
        if not self.sharded:
            model = YiForCausalLM(self.model_config)
            if self.initial_weights is not None:
                load_model_weights(model, self.initial_weights)
            model.set_activation_checkpointing(checkpointing)
            return model.to(device)
        with torch.device("meta"):
            model = YiForCausalLM(self.model_config)
        model.set_activation_checkpointing(checkpointing)
        wrap_model(model, "fsdp", device)
        model.to_empty(device=device)
        model.init_weights()
        if self.initial_weights is not None:
            load_sharded_weights(model, self.initial_weights)
        return model

    def autocast(self):
        if self.precision == "bf16":
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def train_step(self) -> tuple[float, float]:
        """One optimizer step; returns (mean loss over the global batch, grad norm)."""
        data = self.cfg.data
        self.wrapped.train()
        total = torch.zeros((), device=self.device)
        for micro in range(data.gradient_accumulation):
            inputs, targets = self.sampler.micro_batch(
                self.step,
                micro,
                self.dist.rank,
                self.dist.world,
                data.micro_batch_size,
                data.gradient_accumulation,
            )
            inputs, targets = inputs.to(self.device), targets.to(self.device)
            last = micro == data.gradient_accumulation - 1
            sync: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
            if not last and isinstance(self.wrapped, torch.nn.parallel.DistributedDataParallel):
                sync = self.wrapped.no_sync()  # all-reduce gradients once, on the last micro
            with sync, self.autocast():
                loss = self.forward(inputs, targets).loss / data.gradient_accumulation
            loss.backward()
            total += loss.detach()
        grad_norm = optimizer_step(
            self.model, self.optimizer, self.scheduler, self.cfg.optimizer.grad_clip
        )
        self.step += 1
        loss = mean_across_ranks(total, self.dist)
        return loss.item(), grad_norm

    @torch.no_grad()
    def evaluate(self) -> float:
        """Mean loss over the fixed validation windows (split across ranks); NaN if none."""
        if not self.validation:
            return float("nan")
        self.wrapped.eval()
        batch = self.cfg.data.micro_batch_size
        losses = torch.zeros((), device=self.device)
        count = 0
        for first in range(0, len(self.validation), batch):
            rows = torch.stack(self.validation[first : first + batch]).to(self.device)
            with self.autocast():
                loss = self.forward(rows[:, :-1], rows[:, 1:]).loss
            losses += loss * len(rows)
            count += len(rows)
        mean = losses / max(count, 1)
        return mean_across_ranks(mean, self.dist).item()

    def save(self) -> Path:
        extra = {
            "data_position": {"step": self.step, "tokens_seen": self.step * self.tokens_per_step},
            "config": self.cfg.model_dump(mode="json"),
        }
        return save_checkpoint(
            self.checkpoints,
            self.model,
            self.model_config,
            self.optimizer,
            self.scheduler,
            self.step,
            extra,
            self.dist.is_main,
            self.tokenizer_dir,
        )

    def train(self) -> dict[str, Any]:
        run = self.cfg.run
        bar = tqdm(
            total=run.max_steps,
            initial=self.step,
            unit="step",
            dynamic_ncols=True,
            disable=not (self.dist.is_main and run.progress),
        )
        started = time.monotonic()
        window_start, window_steps = time.perf_counter(), 0
        loss = grad_norm = float("nan")
        val_loss = None
        saved_at = self.step
        while self.step < run.max_steps:
            loss, grad_norm = self.train_step()
            window_steps += 1
            bar.update(1)
            bar.set_postfix(loss=f"{loss:.4f}")
            stop_now = bool(run.max_seconds) and time.monotonic() - started >= run.max_seconds
            stop_now |= self.step == run.stop_at_step
            if self.step % run.log_interval == 0 or self.step == run.max_steps or stop_now:
                elapsed = time.perf_counter() - window_start
                tokens_per_second = window_steps * self.tokens_per_step / elapsed
                mfu = model_flops_utilization(
                    tokens_per_second / self.dist.world, self.flops_per_token, self.peak_flops
                )
                self.metrics.write(
                    {
                        "step": self.step,
                        "loss": loss,
                        "lr": self.scheduler.get_last_lr()[0],
                        "grad_norm": grad_norm,
                        "tokens_per_second": tokens_per_second,
                        "mfu": mfu,
                        "tokens_seen": self.step * self.tokens_per_step,
                    }
                )
                window_start, window_steps = time.perf_counter(), 0
            if self.step % run.eval_interval == 0 or self.step == run.max_steps or stop_now:
                val_loss = self.evaluate()
                self.metrics.write({"step": self.step, "val_loss": val_loss})
                bar.write(f"step {self.step}: train loss {loss:.4f}, val loss {val_loss:.4f}")
                window_start = time.perf_counter()  # evaluation time is not training speed
            if self.step % run.checkpoint_interval == 0 or stop_now:
                self.save()
                saved_at = self.step
                window_start = time.perf_counter()
            if stop_now:
                break
        bar.close()
        if saved_at != self.step:
            self.save()
        if self.dist.is_main:
            plot_loss_curve(self.metrics.records(), self.output / "loss_curve.png")
        if val_loss is None and self.validation:
            val_loss = self.evaluate()
        return {
            "step": self.step,
            "loss": loss,
            "val_loss": val_loss,
            "grad_norm": grad_norm,
            "tokens_seen": self.step * self.tokens_per_step,
            # The loss of the best context-free model: what a model must beat to have learned.
            "unigram_entropy": unigram_entropy(self.train_stream, self.model_config.vocab_size),
            "unigram_val_loss": unigram_cross_entropy(
                self.train_stream, self.validation_stream, self.model_config.vocab_size
            ),
            "parameters": self.model_config.parameter_count(),
            "checkpoint": str(self.checkpoints / f"step-{self.step:06d}"),
        }


def pretrain(cfg: PretrainConfig) -> dict[str, Any]:
    """Builds the trainer, runs it to max_steps (or max_seconds) and tears down the group."""
    trainer = Pretrainer(cfg)
    try:
        return trainer.train()
    finally:
        shutdown(trainer.dist)
