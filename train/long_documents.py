"""Long-document upsampling for long-context continued pretraining.

Yi extends context by continued pretraining on long documents with a larger RoPE base (ABF);
most web documents are short, so windows are drawn with documents of at least `min_tokens`
weighted `factor` times more per token than the rest. Same interface and determinism as
train/token_data.py's WindowSampler: the batch of step s is a function of (seed, s).
"""

from __future__ import annotations

import numpy as np
import torch

from yisieve.train.token_data import TokenStream


class LongDocumentSampler:
    def __init__(
        self, stream: TokenStream, sequence_length: int, seed: int, min_tokens: int, factor: float
    ) -> None:
        if len(stream) <= sequence_length + 1:
            raise ValueError(f"{len(stream)} tokens cannot fill one window of {sequence_length}")
        starts, lengths = [], []
        for base, shard in zip(stream.starts[:-1], stream.shards, strict=True):
            offsets = np.asarray(shard.document_offsets, dtype=np.int64)
            starts.append(offsets[:-1] + int(base))
            lengths.append(np.diff(offsets))
        self.doc_starts = np.concatenate(starts)
        self.doc_lengths = np.concatenate(lengths)
        weights = self.doc_lengths * np.where(self.doc_lengths >= min_tokens, factor, 1.0)
        self.probabilities = weights / weights.sum()
        self.stream = stream
        self.sequence_length = sequence_length
        self.seed = seed
        self.long_token_share = float(self.probabilities[self.doc_lengths >= min_tokens].sum())

    def rows(self, step: int, first: int, count: int, global_rows: int) -> torch.Tensor:
        generator = np.random.default_rng([self.seed, step])
        docs = generator.choice(len(self.doc_lengths), size=global_rows, p=self.probabilities)
        offsets = generator.random(global_rows)
        high = len(self.stream) - self.sequence_length - 1
        windows = []
        for doc, offset in list(zip(docs, offsets, strict=True))[first : first + count]:
            span = max(1, int(self.doc_lengths[doc]) - self.sequence_length - 1)
            start = min(int(self.doc_starts[doc]) + int(offset * span), high)
            windows.append(self.stream.window(start, self.sequence_length + 1))
        return torch.from_numpy(np.stack(windows))

    def micro_batch(self, step, micro_step, rank, world, micro_rows, accumulation):
        global_rows = micro_rows * world * accumulation
        first = (micro_step * world + rank) * micro_rows
        rows = self.rows(step, first, micro_rows, global_rows)
        return rows[:, :-1], rows[:, 1:]
