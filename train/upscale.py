"""Depth up-scaling (Yi-9B; SOLAR, Kim et al. 2023): duplicate a block of similar layers.

A layer whose output hidden state points where its input did (cosine similarity ~1) changes
the residual stream little, so a copy of it is the cheapest depth to add: Yi-9B duplicated
layers 12..28 of Yi-6B's 32 to get 48, chosen by this similarity, then continued
pretraining. The new order is layers [0, end) + copy of [start, end) + [end, L), so the copy
runs right after the original block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from yisieve.models.config import YiConfig
from yisieve.models.model import YiForCausalLM

_LAYER_PREFIX = "model.layers."


@torch.no_grad()
def layer_cosine_similarity(model: YiForCausalLM, batches: list[torch.Tensor]) -> list[float]:
    """Mean over tokens of cos(layer input, layer output), per decoder layer."""
    sums = [0.0] * len(model.decoder_layers)
    count = 0
    captured: dict[int, torch.Tensor] = {}

    def hook(index):
        def record(module, args, output):
            cos = F.cosine_similarity(args[0].float(), output.float(), dim=-1)
            captured[index] = cos.sum()

        return record

    handles = [layer.register_forward_hook(hook(i)) for i, layer in enumerate(model.decoder_layers)]
    model.eval()
    try:
        for batch in batches:
            model(batch)
            for index, value in captured.items():
                sums[index] += float(value)
            count += batch.numel()
    finally:
        for handle in handles:
            handle.remove()
    return [total / max(count, 1) for total in sums]


def most_similar_block(similarity: list[float], length: int) -> tuple[int, int]:
    """[start, end) of the contiguous `length` layers with the highest mean similarity.

    The first and last layers are excluded (they map embeddings in and logits out; Yi and
    SOLAR keep them single).
    """
    layers = len(similarity)
    if not 1 <= length <= layers - 2:
        raise ValueError(f"block length {length} must be in 1..{layers - 2} for {layers} layers")
    best = max(range(1, layers - length), key=lambda s: sum(similarity[s : s + length]))
    return best, best + length


def upscaled_layer_order(layers: int, start: int, end: int) -> list[int]:
    """Source layer of each new layer: [0, end) + [start, end) + [end, layers)."""
    if not 0 <= start < end <= layers:
        raise ValueError(f"block [{start}, {end}) outside 0..{layers}")
    return list(range(end)) + list(range(start, end)) + list(range(end, layers))


def upscale_state_dict(
    state: dict[str, torch.Tensor], config: YiConfig, start: int, end: int
) -> tuple[dict[str, torch.Tensor], YiConfig]:
    """New state dict (layers renumbered, the block copied) and config with the new depth."""
    order = upscaled_layer_order(config.num_hidden_layers, start, end)
    new: dict[str, torch.Tensor] = {}
    for name, tensor in state.items():
        if not name.startswith(_LAYER_PREFIX):
            new[name] = tensor.clone()
    for new_index, source in enumerate(order):
        prefix = f"{_LAYER_PREFIX}{source}."
        for name, tensor in state.items():
            if name.startswith(prefix):
                new[f"{_LAYER_PREFIX}{new_index}.{name[len(prefix) :]}"] = tensor.clone()
    return new, config.with_overrides(num_hidden_layers=len(order))


@dataclass
class UpscaleReport:
    similarity: list[float]
    block: tuple[int, int]
    layers_before: int
    layers_after: int
    parameters_before: int
    parameters_after: int
    val_loss_before: float | None = None
    val_loss_after: float | None = None

    def as_dict(self) -> dict:
        relative = None
        if self.val_loss_before and self.val_loss_after is not None:
            relative = (self.val_loss_after - self.val_loss_before) / self.val_loss_before
        return {
            "per_layer_cosine_similarity": [round(s, 6) for s in self.similarity],
            "duplicated_block": list(self.block),
            "layers": [self.layers_before, self.layers_after],
            "parameters": [self.parameters_before, self.parameters_after],
            "val_loss_before": self.val_loss_before,
            "val_loss_after": self.val_loss_after,
            "val_loss_relative_change": relative,
        }


@torch.no_grad()
def mean_loss(model: YiForCausalLM, windows: list[torch.Tensor], batch_size: int = 8) -> float:
    """Mean next-token loss over (seq + 1)-token windows."""
    model.eval()
    total, count = 0.0, 0
    for first in range(0, len(windows), batch_size):
        rows = torch.stack(windows[first : first + batch_size])
        total += model(rows[:, :-1], rows[:, 1:]).loss.item() * len(rows)
        count += len(rows)
    return total / max(count, 1)


def upscale(
    model: YiForCausalLM,
    windows: list[torch.Tensor],
    block_length: int | None = None,
    block: Sequence[int] | None = None,
) -> tuple[YiForCausalLM, UpscaleReport]:
    """Measures similarity on `windows`, duplicates the chosen block, measures both losses.

    `block` is the (start, end) layer range to duplicate; None: the most similar one."""
    config = model.config
    similarity = layer_cosine_similarity(model, [w[None, :-1] for w in windows])
    if block is None:
        block = most_similar_block(similarity, block_length or config.num_hidden_layers // 2)
    if len(block) != 2:
        raise ValueError(f"block is START:END, got {len(block)} numbers")
    start, end = block
    state, new_config = upscale_state_dict(model.state_dict(), config, start, end)
    with torch.device("meta"):
        deeper = YiForCausalLM(new_config)
    deeper.load_state_dict(state, assign=True)
    report = UpscaleReport(
        similarity,
        (start, end),
        config.num_hidden_layers,
        new_config.num_hidden_layers,
        config.parameter_count(),
        new_config.parameter_count(),
    )
    if windows:
        report.val_loss_before = mean_loss(model, windows)
        report.val_loss_after = mean_loss(deeper, windows)
    return deeper, report
