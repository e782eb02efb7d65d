"""Perplexity on validation shards, and the quantization delta of exported weights.

Yi reports < 1% accuracy loss from int4; here the delta is measured directly as
the relative change of validation loss and perplexity when the same model runs with weights
rounded through each export format (bf16, GGUF q8_0 / q4_0 read back, int4 g128).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch

from yisieve.models.checkpoint import load_pretrained, load_state_dict
from yisieve.models.model import YiForCausalLM
from yisieve.train.token_data import TokenStream, validation_windows
from yisieve.train.upscale import mean_loss


def shard_windows(shards: str | Path, sequence_length: int, max_windows: int) -> list[torch.Tensor]:
    return validation_windows(
        TokenStream.from_manifest(shards, "validation"), sequence_length, max_windows
    )


@dataclass(frozen=True)
class PerplexityRow:
    weights: str
    loss: float
    perplexity: float
    relative_loss_change: float
    relative_perplexity_change: float


def quantized_states(
    checkpoint: str | Path, formats: list[str]
) -> dict[str, dict[str, torch.Tensor]]:
    """Float32 state dicts of the checkpoint's weights after each format's rounding."""
    from yisieve.models.gguf_export import dequantized_state_dict, export_gguf
    from yisieve.models.int4 import export_int4, load_int4_state_dict

    base = load_state_dict(checkpoint)
    states: dict[str, dict[str, torch.Tensor]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name in formats:
            if name == "fp32":
                states[name] = base
            elif name == "bf16":
                states[name] = {k: v.to(torch.bfloat16).float() for k, v in base.items()}
            elif name in ("q8_0", "q4_0", "f16"):
                path = export_gguf(checkpoint, Path(scratch) / f"{name}.gguf", name)
                states[name] = dequantized_state_dict(path, checkpoint)
            elif name == "int4":
                states[name] = load_int4_state_dict(export_int4(checkpoint, Path(scratch) / "int4"))
            else:
                raise ValueError(f"unknown weight format {name!r}")
    return states


def quantization_delta(
    checkpoint: str | Path,
    windows: list[torch.Tensor],
    formats: tuple[str, ...] = ("fp32", "bf16", "q8_0", "q4_0", "int4"),
) -> list[PerplexityRow]:
    """Validation loss/perplexity per weight format, relative to fp32."""
    model = load_pretrained(checkpoint)
    rows: list[PerplexityRow] = []
    reference = None
    for name, state in quantized_states(checkpoint, list(formats)).items():
        model.load_state_dict(state)
        loss = mean_loss(model, windows)
        reference = loss if reference is None else reference
        rows.append(
            PerplexityRow(
                name,
                loss,
                math.exp(loss),
                (loss - reference) / reference,
                (math.exp(loss) - math.exp(reference)) / math.exp(reference),
            )
        )
    return rows


def perplexity(model: YiForCausalLM, windows: list[torch.Tensor]) -> tuple[float, float]:
    loss = mean_loss(model, windows)
    return loss, math.exp(loss)
