"""Supervised fine-tuning: ChatML conversations, loss on replies, NEFTune, packed rows.

One step = `gradient_accumulation` micro-batches; the loss is the mean over every trained
(assistant) token of the global batch, so packed and padded runs optimize the same objective.
Checkpoints are plain HF folders (config.json + safetensors + tokenizer) that `yisieve chat`,
`yisieve export` and `yisieve eval` read.
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from tqdm import tqdm

from yisieve.models.chat_template import IGNORE_INDEX
from yisieve.models.checkpoint import load_pretrained, save_pretrained
from yisieve.models.model import YiForCausalLM
from yisieve.models.tokenizer import YiTokenizer, copy_tokenizer_files
from yisieve.train.metrics import MetricsLog, plot_loss_curve
from yisieve.train.neftune import NEFTuneEmbedding, yi_neftune_alpha
from yisieve.train.optimizer import build_optimizer, build_scheduler, optimizer_step
from yisieve.train.sft_config import SFTConfig
from yisieve.train.sft_data import (
    RowSampler,
    SFTBatch,
    collate,
    load_conversations,
    pack_rows,
    pad_rows,
)

log = logging.getLogger(__name__)


def sft_loss_sum(model: YiForCausalLM, batch: SFTBatch, packing: bool) -> torch.Tensor:
    """Summed cross-entropy over the batch's trained tokens (divide by their count)."""
    if packing:  # attention kept inside each conversation, positions restarting per conversation
        logits = model(
            batch.input_ids, position_ids=batch.positions, segment_ids=batch.segments
        ).logits
    else:  # one conversation per row, right padding: the plain causal forward is exact
        logits = model(batch.input_ids).logits
    return F.cross_entropy(
        logits.float().reshape(-1, logits.shape[-1]),
        batch.targets.reshape(-1),
        ignore_index=IGNORE_INDEX,
        reduction="sum",
    )


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


class SFTTrainer:
    def __init__(self, cfg: SFTConfig) -> None:
        self.cfg = cfg
        if cfg.run.threads:
            torch.set_num_threads(cfg.run.threads)
        self.device = resolve_device(cfg.run.device)
        precision = cfg.run.precision
        self.bf16 = precision == "bf16" or (precision == "auto" and self.device.type == "cuda")
        torch.manual_seed(cfg.run.seed)
        self.model = load_pretrained(cfg.model.init).to(self.device)
        self.model.set_activation_checkpointing(cfg.model.activation_checkpointing)
        tokenizer_path = cfg.model.tokenizer or cfg.model.init
        self.tokenizer = YiTokenizer(tokenizer_path)
        self.tokenizer_source = Path(tokenizer_path)
        data = cfg.data
        limit = self.model.config.max_position_embeddings
        if data.sequence_length > limit:
            raise ValueError(f"data.sequence_length {data.sequence_length} > model context {limit}")
        self.train_examples, self.load_report = load_conversations(
            data.train, self.tokenizer, data.sequence_length
        )
        self.rows = self.make_rows(self.train_examples)
        self.sampler = RowSampler(self.rows, cfg.run.seed)
        self.validation: list[SFTBatch] = []
        if data.validation:
            examples, _ = load_conversations(data.validation, self.tokenizer, data.sequence_length)
            val_rows = self.make_rows(examples)
            self.validation = [
                collate(val_rows[i : i + data.micro_batch_size])
                for i in range(0, len(val_rows), data.micro_batch_size)
            ]
        alpha = cfg.neftune.alpha
        self.alpha = (
            yi_neftune_alpha(self.model.config.hidden_size) if alpha == "auto" else float(alpha)
        )
        self.neftune = NEFTuneEmbedding(self.model.model.embed_tokens, self.alpha)
        self.optimizer = build_optimizer(
            self.model, cfg.optimizer, fused=self.device.type == "cuda"
        )
        self.scheduler = build_scheduler(self.optimizer, cfg.optimizer, cfg.run.max_steps)
        self.output = Path(cfg.run.output)
        self.output.mkdir(parents=True, exist_ok=True)
        (self.output / "metrics.jsonl").unlink(missing_ok=True)
        self.metrics = MetricsLog(self.output / "metrics.jsonl")
        self.step = 0

    def make_rows(self, examples):
        if self.cfg.data.packing:
            return pack_rows(examples, self.cfg.data.sequence_length)
        return pad_rows(examples)

    def autocast(self):
        if self.bf16:
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def loss_sum(self, batch: SFTBatch) -> torch.Tensor:
        self.neftune.lengths = batch.lengths
        with self.autocast():
            return sft_loss_sum(self.model, batch, self.cfg.data.packing)

    def train_step(self) -> tuple[float, float]:
        data = self.cfg.data
        self.model.train()
        rows = self.sampler.batch_rows(
            self.step, data.micro_batch_size * data.gradient_accumulation
        )
        micro = [
            collate(rows[i : i + data.micro_batch_size]).to(self.device)
            for i in range(0, len(rows), data.micro_batch_size)
        ]
        count = max(1, sum(batch.trained_tokens for batch in micro))
        total = 0.0
        for batch in micro:
            loss = self.loss_sum(batch) / count
            loss.backward()
            total += loss.item()
        norm = optimizer_step(
            self.model, self.optimizer, self.scheduler, self.cfg.optimizer.grad_clip
        )
        self.step += 1
        return total, norm

    @torch.no_grad()
    def evaluate(self) -> float | None:
        if not self.validation:
            return None
        self.model.eval()
        total, count = 0.0, 0
        for batch in self.validation:
            batch = batch.to(self.device)
            total += self.loss_sum(batch).item()
            count += batch.trained_tokens
        return total / max(count, 1)

    def save(self) -> Path:
        folder = self.output / "final"
        save_pretrained(self.model, folder)
        copy_tokenizer_files(self.tokenizer_source, folder)
        return folder

    def train(self) -> dict[str, Any]:
        run = self.cfg.run
        bar = tqdm(total=run.max_steps, unit="step", disable=not run.progress, dynamic_ncols=True)
        started = time.perf_counter()
        first_val = val = self.evaluate()
        if val is not None:
            self.metrics.write({"step": 0, "val_loss": val})
        loss = norm = float("nan")
        while self.step < run.max_steps:
            loss, norm = self.train_step()
            bar.update(1)
            bar.set_postfix(loss=f"{loss:.4f}")
            if self.step % run.log_interval == 0 or self.step == run.max_steps:
                self.metrics.write(
                    {
                        "step": self.step,
                        "loss": loss,
                        "grad_norm": norm,
                        "lr": self.scheduler.get_last_lr()[0],
                    }
                )
            elapsed = time.perf_counter() - started
            out_of_time = bool(run.max_seconds) and elapsed >= run.max_seconds
            last = self.step == run.max_steps or out_of_time
            if self.validation and (self.step % run.eval_interval == 0 or last):
                val = self.evaluate()
                self.metrics.write({"step": self.step, "val_loss": val})
            if out_of_time:
                if self.step % run.log_interval:
                    self.metrics.write({"step": self.step, "loss": loss, "grad_norm": norm})
                break
        bar.close()
        self.neftune.remove()
        folder = self.save()
        plot_loss_curve(self.metrics.records(), self.output / "loss_curve.png")
        report = self.load_report
        return {
            "step": self.step,
            "loss": loss,
            "grad_norm": norm,
            "val_loss_before": first_val,
            "val_loss": val,
            "conversations": report.loaded,
            "truncated": report.truncated,
            "rejected": report.rejected,
            "rows": len(self.rows),
            "packing": self.cfg.data.packing,
            "neftune_alpha": self.alpha,
            "seconds": round(time.perf_counter() - started, 1),
            "checkpoint": str(folder),
        }


def run_sft(cfg: SFTConfig) -> dict[str, Any]:
    return SFTTrainer(cfg).train()
