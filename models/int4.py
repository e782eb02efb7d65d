"""Group-wise int4 weights in safetensors, and a loader that runs them (dequantize on load).

Layout of `model.int4.safetensors` (beside the usual config.json and tokenizer files):
  for every quantized linear weight `P.weight` of shape (out, in), groups of g input columns
  (g = 128 by default; the last group zero-padded when in % g != 0):
    `P.qweight`  uint8 (out, ceil(in/g)*g/2): 4-bit codes, column 2j in the low nibble and
                 column 2j+1 in the high nibble of byte j;
    `P.scales`   float16 (out, ceil(in/g)): step size s of each group;
    `P.zeros`    uint8 (out, ceil(in/g)): zero point z in 0..15 of each group;
  dequantized as W[r, c] = (q[r, c] - z[r, c // g]) * s[r, c // g]  (asymmetric min/max,
  the GPTQ/AWQ storage convention without their error-compensating search: round to nearest).
  Every other tensor (embeddings, norms, lm_head unless quantized) is stored as float16.
  Header metadata: quantization=int4-groupwise, bits=4, group_size, quantized_head.
The decoder's linear layers are quantized; the output head stays float16 by default, as
AWQ/GPTQ do (it is one matrix and the most sensitive one).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from yisieve.models.checkpoint import CONFIG_NAME, load_config, load_state_dict
from yisieve.models.model import YiForCausalLM

INT4_FILE = "model.int4.safetensors"
DEFAULT_GROUP_SIZE = 128  # the common int4 group size (GPTQ/AWQ g128)
_DECODER_LINEAR = re.compile(r"model\.layers\.\d+\.(self_attn|mlp)\.\w+_proj\.weight")


def quantize_groupwise(weight: torch.Tensor, group_size: int = DEFAULT_GROUP_SIZE):
    """(out, in) float -> (qweight uint8 packed, scales f16, zeros uint8), asymmetric 4-bit."""
    rows, columns = weight.shape
    groups = -(-columns // group_size)
    padded = torch.zeros(rows, groups * group_size, dtype=torch.float32)
    padded[:, :columns] = weight.float()
    grouped = padded.view(rows, groups, group_size)
    if columns % group_size:  # padding must not widen the last group's range
        last = columns - (groups - 1) * group_size
        tail = grouped[:, -1, :last]
        low = torch.cat([grouped[:, :-1].amin(-1), tail.amin(-1, keepdim=True)], 1)
        high = torch.cat([grouped[:, :-1].amax(-1), tail.amax(-1, keepdim=True)], 1)
    else:
        low, high = grouped.amin(-1), grouped.amax(-1)
    low, high = low.clamp(max=0), high.clamp(min=0)  # zero stays exactly representable
    scales = ((high - low) / 15).clamp(min=1e-8).half().float()
    zeros = torch.round(-low / scales).clamp(0, 15)
    codes = torch.round(grouped / scales[..., None] + zeros[..., None]).clamp(0, 15)
    codes = codes.view(rows, -1).to(torch.uint8)
    packed = codes[:, 0::2] | (codes[:, 1::2] << 4)
    return packed.contiguous(), scales.half(), zeros.to(torch.uint8)


def dequantize_groupwise(
    packed: torch.Tensor, scales: torch.Tensor, zeros: torch.Tensor, columns: int
) -> torch.Tensor:
    rows = packed.shape[0]
    codes = torch.stack([packed & 0x0F, packed >> 4], dim=-1).view(rows, -1).float()
    groups = scales.shape[1]
    grouped = codes.view(rows, groups, -1)
    values = (grouped - zeros.float()[..., None]) * scales.float()[..., None]
    return values.view(rows, -1)[:, :columns].contiguous()


def export_int4(
    checkpoint: str | Path,
    output: str | Path,
    group_size: int = DEFAULT_GROUP_SIZE,
    quantize_head: bool = False,
) -> Path:
    """Writes OUTPUT/{config.json, model.int4.safetensors} (copy the tokenizer separately)."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    state = load_state_dict(checkpoint)
    tensors: dict[str, torch.Tensor] = {}
    for name, weight in state.items():
        if _DECODER_LINEAR.fullmatch(name) or (quantize_head and name == "lm_head.weight"):
            packed, scales, zeros = quantize_groupwise(weight, group_size)
            base = name.removesuffix(".weight")
            tensors[f"{base}.qweight"] = packed
            tensors[f"{base}.scales"] = scales
            tensors[f"{base}.zeros"] = zeros
        else:
            tensors[name] = weight.half().contiguous()
    metadata = {
        "format": "pt",
        "quantization": "int4-groupwise",
        "bits": "4",
        "group_size": str(group_size),
        "quantized_head": str(quantize_head).lower(),
    }
    save_file(tensors, str(output / INT4_FILE), metadata=metadata)
    config = json.loads((Path(checkpoint) / CONFIG_NAME).read_text())
    config["quantization_config"] = {
        "quant_method": "yisieve-int4",
        "bits": 4,
        "group_size": group_size,
        "quantized_head": quantize_head,
    }
    (output / CONFIG_NAME).write_text(json.dumps(config, indent=2) + "\n")
    return output


def load_int4_state_dict(folder: str | Path) -> dict[str, torch.Tensor]:
    """The float32 state dict of an int4 folder (every quantized weight dequantized)."""
    folder = Path(folder)
    with safe_open(str(folder / INT4_FILE), framework="pt") as handle:
        metadata = handle.metadata() or {}
        if metadata.get("quantization") != "int4-groupwise":
            raise ValueError(f"{folder / INT4_FILE}: not a yisieve int4 file")
        raw = {name: handle.get_tensor(name) for name in handle.keys()}  # noqa: SIM118
    config = load_config(folder)
    state: dict[str, torch.Tensor] = {}
    for name, tensor in raw.items():
        if name.endswith((".scales", ".zeros")):
            continue
        if name.endswith(".qweight"):
            base = name.removesuffix(".qweight")
            columns = config.intermediate_size if base.endswith("down_proj") else config.hidden_size
            state[f"{base}.weight"] = dequantize_groupwise(
                tensor, raw[f"{base}.scales"], raw[f"{base}.zeros"], columns
            )
        else:
            state[name] = tensor.float()
    return state


def load_int4(folder: str | Path, device: str | torch.device = "cpu") -> YiForCausalLM:
    """A runnable model from an int4 folder (weights dequantized to float32 on load)."""
    config = load_config(folder)
    with torch.device("meta"):
        model = YiForCausalLM(config)
    model.load_state_dict(load_int4_state_dict(folder), strict=True, assign=True)
    return model.to(device)
