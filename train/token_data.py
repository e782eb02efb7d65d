"""Training batches from token shards: memory-mapped, deterministic, resumable by step.

The shards of a split are one virtual token stream. Batch rows are windows of
`sequence_length + 1` tokens starting at offsets drawn from a generator seeded with
(seed, step): the batch of any step is a pure function of the step, so the data position of a
run is its step counter, a resumed run sees exactly the batches it would have seen, and ranks
of a data-parallel run take disjoint rows of the same global batch (nanoGPT's random-window
sampling, made reproducible).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import numpy as np
import torch

from yisieve.models.token_shards import TokenShard


class TokenStream:
    """The shards of one split, concatenated without copying."""

    def __init__(self, paths: list[str | Path]) -> None:
        if not paths:
            raise ValueError("no token shards given")
        self.shards = [TokenShard(path) for path in paths]
        self.starts = np.cumsum([0] + [len(shard) for shard in self.shards])

    @classmethod
    def from_manifest(cls, folder: str | Path, split: str) -> TokenStream:
        folder = Path(folder)
        manifest = json.loads((folder / "manifest.json").read_text())
        paths = [folder / name for name in manifest["splits"][split]["shards"]]
        if not paths:
            raise ValueError(f"{folder}: no {split} shards (is the corpus too small?)")
        return cls(paths)

    def __len__(self) -> int:
        return int(self.starts[-1])

    def window(self, start: int, length: int) -> np.ndarray:
        """`length` tokens from global offset `start`, across shard boundaries if needed."""
        out = np.empty(length, dtype=np.int64)
        filled = 0
        shard_index = int(np.searchsorted(self.starts, start, side="right")) - 1
        offset = start - int(self.starts[shard_index])
        while filled < length:
            tokens = self.shards[shard_index].tokens
            take = min(length - filled, len(tokens) - offset)
            out[filled : filled + take] = tokens[offset : offset + take]
            filled += take
            shard_index, offset = shard_index + 1, 0
        return out


class MicroBatchSampler(Protocol):
    """What the trainer draws its micro-batches from (windows, or long documents upsampled)."""

    def micro_batch(
        self, step: int, micro_step: int, rank: int, world: int, micro_rows: int, accumulation: int
    ) -> tuple[torch.Tensor, torch.Tensor]: ...


class WindowSampler:
    """Global batch of step s = `global_rows` windows drawn with seed (seed, s)."""

    def __init__(self, stream: TokenStream, sequence_length: int, seed: int) -> None:
        if len(stream) <= sequence_length + 1:
            raise ValueError(f"{len(stream)} tokens cannot fill one window of {sequence_length}")
        self.stream = stream
        self.sequence_length = sequence_length
        self.seed = seed

    def rows(self, step: int, first: int, count: int, global_rows: int) -> torch.Tensor:
        """Rows [first, first + count) of step's global batch, as (count, seq + 1) int64."""
        generator = np.random.default_rng([self.seed, step])
        high = len(self.stream) - self.sequence_length - 1
        starts = generator.integers(0, high + 1, size=global_rows)[first : first + count]
        windows = [self.stream.window(int(s), self.sequence_length + 1) for s in starts]
        return torch.from_numpy(np.stack(windows))

    def micro_batch(
        self, step: int, micro_step: int, rank: int, world: int, micro_rows: int, accumulation: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """(inputs, targets) of one rank's micro-batch; all ranks and micro-steps tile the step."""
        global_rows = micro_rows * world * accumulation
        first = (micro_step * world + rank) * micro_rows
        rows = self.rows(step, first, micro_rows, global_rows)
        return rows[:, :-1], rows[:, 1:]


def validation_windows(
    stream: TokenStream, sequence_length: int, max_windows: int
) -> list[torch.Tensor]:
    """Fixed, non-overlapping windows from the start of the validation stream."""
    count = min(max_windows, (len(stream) - 1) // sequence_length)
    return [
        torch.from_numpy(stream.window(i * sequence_length, sequence_length + 1))
        for i in range(count)
    ]


def token_counts(stream: TokenStream, vocab_size: int) -> np.ndarray:
    counts = np.zeros(vocab_size, dtype=np.int64)
    for shard in stream.shards:
        counts += np.bincount(shard.tokens, minlength=vocab_size)[:vocab_size]
    return counts


def unigram_entropy(stream: TokenStream, vocab_size: int) -> float:
    """Entropy (nats/token) of the stream's token frequencies: the loss of a unigram model."""
    counts = token_counts(stream, vocab_size)
    probs = counts[counts > 0] / counts.sum()
    return float(-(probs * np.log(probs)).sum())


def unigram_cross_entropy(train: TokenStream, held_out: TokenStream, vocab_size: int) -> float:
    """Loss (nats/token) on held_out of the unigram model of train (add-one smoothed)."""
    probs = (token_counts(train, vocab_size) + 1) / (len(train) + vocab_size)
    held = token_counts(held_out, vocab_size)
    return float(-(held * np.log(probs)).sum() / held.sum())
