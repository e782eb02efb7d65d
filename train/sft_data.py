"""SFT data: JSONL conversations -> ChatML examples -> packed or padded training rows.

Packing (the default) puts several conversations into one row of `sequence_length` tokens and
keeps them apart with BOTH a block-diagonal causal mask (a token attends only to earlier tokens
of its own conversation: the model's `segment_ids`) AND per-conversation position resets
(positions restart at 0), so a packed row computes exactly what the conversations would compute
alone in padded rows. Padding (`packing: false`) gives one conversation per row.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from yisieve.models.chat_template import IGNORE_INDEX, ConversationError, render_conversation

log = logging.getLogger(__name__)
PAD_SEGMENT = 0  # segment id of padding; conversations are numbered from 1 within a row


@dataclass(frozen=True)
class SFTExample:
    """One conversation, shifted for next-token prediction: predict targets[i] from inputs[:i+1]."""

    inputs: list[int]
    targets: list[int]  # IGNORE_INDEX where no loss

    def __len__(self) -> int:
        return len(self.inputs)

    @property
    def trained_tokens(self) -> int:
        return sum(t != IGNORE_INDEX for t in self.targets)


@dataclass
class LoadReport:
    """What happened to every JSONL line: loaded, truncated, or rejected with the reason."""

    loaded: int = 0
    truncated: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def reject(self, reason: str) -> None:
        self.rejected[reason] = self.rejected.get(reason, 0) + 1


def example_from_messages(messages, tokenizer, max_tokens: int) -> tuple[SFTExample, bool]:
    """Renders, shifts by one, and truncates to max_tokens inputs; returns (example, truncated)."""
    rendered = render_conversation(messages, tokenizer)
    ids, trained = rendered.ids, rendered.trained
    targets = [t if learn else IGNORE_INDEX for t, learn in zip(ids[1:], trained[1:], strict=True)]
    inputs = ids[:-1]
    truncated = len(inputs) > max_tokens
    return SFTExample(inputs[:max_tokens], targets[:max_tokens]), truncated


def load_conversations(
    path: str | Path, tokenizer, max_tokens: int
) -> tuple[list[SFTExample], LoadReport]:
    """Reads `{"messages": [...]}` lines; bad lines are counted by reason, never fatal."""
    report = LoadReport()
    examples: list[SFTExample] = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ConversationError("a line must be a JSON object")
                example, truncated = example_from_messages(
                    record.get("messages"), tokenizer, max_tokens
                )
            except json.JSONDecodeError:
                report.reject("malformed_json")
                log.warning("%s:%d: malformed JSON", path, number)
                continue
            except ConversationError as error:
                report.reject("bad_conversation")
                log.warning("%s:%d: %s", path, number, error)
                continue
            if example.trained_tokens == 0:
                report.reject("no_trained_tokens_after_truncation")
                continue
            report.truncated += truncated
            report.loaded += 1
            examples.append(example)
    if not examples:
        raise ValueError(f"{path}: no usable conversations ({report.rejected})")
    return examples, report


@dataclass(frozen=True)
class Row:
    """One training row: which examples it holds (in order)."""

    examples: tuple[SFTExample, ...]

    def __len__(self) -> int:
        return sum(len(e) for e in self.examples)


def pack_rows(examples: list[SFTExample], sequence_length: int) -> list[Row]:
    """Greedy in-order packing (next-fit): a row is closed when the next example won't fit."""
    rows: list[Row] = []
    current: list[SFTExample] = []
    used = 0
    for example in examples:
        if current and used + len(example) > sequence_length:
            rows.append(Row(tuple(current)))
            current, used = [], 0
        current.append(example)
        used += len(example)
    if current:
        rows.append(Row(tuple(current)))
    return rows


def pad_rows(examples: list[SFTExample]) -> list[Row]:
    return [Row((example,)) for example in examples]


@dataclass
class SFTBatch:
    input_ids: torch.Tensor  # (B, T) int64
    targets: torch.Tensor  # (B, T) int64, IGNORE_INDEX = no loss
    positions: torch.Tensor  # (B, T) int64, restart at 0 for every conversation
    segments: torch.Tensor  # (B, T) int64, 1.. per conversation in the row, 0 = padding
    lengths: torch.Tensor  # (B, T) float, length of the conversation each token belongs to

    def to(self, device) -> SFTBatch:
        return SFTBatch(*(t.to(device) for t in self.tensors()))

    def tensors(self) -> tuple[torch.Tensor, ...]:
        return self.input_ids, self.targets, self.positions, self.segments, self.lengths

    @property
    def trained_tokens(self) -> int:
        return int((self.targets != IGNORE_INDEX).sum())


def collate(rows: list[Row], width: int | None = None, pad_id: int = 0) -> SFTBatch:
    """Rows -> tensors of width max(row length) (or `width`), padding on the right."""
    width = width or max(len(row) for row in rows)
    shape = (len(rows), width)
    input_ids = np.full(shape, pad_id, dtype=np.int64)
    targets = np.full(shape, IGNORE_INDEX, dtype=np.int64)
    positions = np.zeros(shape, dtype=np.int64)
    segments = np.full(shape, PAD_SEGMENT, dtype=np.int64)
    lengths = np.ones(shape, dtype=np.float32)
    for r, row in enumerate(rows):
        start = 0
        for number, example in enumerate(row.examples, start=1):
            end = start + len(example)
            input_ids[r, start:end] = example.inputs
            targets[r, start:end] = example.targets
            positions[r, start:end] = np.arange(len(example))
            segments[r, start:end] = number
            lengths[r, start:end] = len(example)
            start = end
        positions[r, start:] = np.arange(width - start)  # padding: harmless, ignored positions
    return SFTBatch(
        *(torch.from_numpy(a) for a in (input_ids, targets, positions, segments, lengths))
    )


class RowSampler:
    """Step s's global batch: rows of an epoch-wise permutation seeded by (seed, epoch)."""

    def __init__(self, rows: list[Row], seed: int) -> None:
        if not rows:
            raise ValueError("no training rows")
        self.rows = rows
        self.seed = seed

    def batch_rows(self, step: int, global_rows: int) -> list[Row]:
        picked = []
        for index in range(step * global_rows, (step + 1) * global_rows):
            epoch, offset = divmod(index, len(self.rows))
            order = np.random.default_rng([self.seed, epoch]).permutation(len(self.rows))
            picked.append(self.rows[order[offset]])
        return picked
