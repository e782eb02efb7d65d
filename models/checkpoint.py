"""Checkpoint I/O in the HF layout: `config.json` + safetensors (sharded when large).

A folder written here loads with `transformers.LlamaForCausalLM.from_pretrained(folder)` and
converts with llama.cpp's `convert_hf_to_gguf.py` without renaming; folders written by
transformers load here.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from yisieve.models.config import YiConfig
from yisieve.models.model import YiForCausalLM

CONFIG_NAME = "config.json"
SINGLE_FILE = "model.safetensors"
INDEX_FILE = "model.safetensors.index.json"
# transformers' default max_shard_size for save_pretrained is 5GB (50GB since v5); 5 GB keeps
# shards small enough for object stores and for hosts with little RAM.
DEFAULT_MAX_SHARD_BYTES = 5 * 1024**3


def save_pretrained(
    model: YiForCausalLM,
    folder: str | Path,
    max_shard_bytes: int = DEFAULT_MAX_SHARD_BYTES,
    dtype: torch.dtype | None = None,
) -> Path:
    """Writes config.json and the weights; one file, or shards + index beyond max_shard_bytes."""
    return save_state_dict(model.state_dict(), model.config, folder, max_shard_bytes, dtype)


def save_state_dict(
    state: dict[str, torch.Tensor],
    config: YiConfig,
    folder: str | Path,
    max_shard_bytes: int = DEFAULT_MAX_SHARD_BYTES,
    dtype: torch.dtype | None = None,
) -> Path:
    """As save_pretrained, from a (full, e.g. FSDP-gathered) state dict and its config."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {
        name: (tensor.to(dtype) if dtype else tensor).detach().contiguous().cpu()
        for name, tensor in state.items()
    }
    hf_config = config.to_hf_dict()
    if dtype is not None:
        hf_config["torch_dtype"] = str(dtype).removeprefix("torch.")
    (folder / CONFIG_NAME).write_text(json.dumps(hf_config, indent=2) + "\n")
    shards = _split_into_shards(state, max_shard_bytes)
    metadata = {"format": "pt"}
    for stale in list(folder.glob("model*.safetensors")) + [folder / INDEX_FILE]:
        stale.unlink(missing_ok=True)
    if len(shards) == 1:
        save_file(shards[0], str(folder / SINGLE_FILE), metadata=metadata)
        return folder
    weight_map = {}
    for number, shard in enumerate(shards, start=1):
        name = f"model-{number:05d}-of-{len(shards):05d}.safetensors"
        save_file(shard, str(folder / name), metadata=metadata)
        weight_map.update(dict.fromkeys(shard, name))
    total = sum(t.numel() * t.element_size() for t in state.values())
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    (folder / INDEX_FILE).write_text(json.dumps(index, indent=2) + "\n")
    return folder


def _split_into_shards(state: dict[str, torch.Tensor], max_bytes: int) -> list[dict]:
    shards: list[dict] = [{}]
    size = 0
    for name, tensor in state.items():
        nbytes = tensor.numel() * tensor.element_size()
        if shards[-1] and size + nbytes > max_bytes:
            shards.append({})
            size = 0
        shards[-1][name] = tensor
        size += nbytes
    return shards


def load_config(folder: str | Path) -> YiConfig:
    return YiConfig.from_hf_dict(json.loads((Path(folder) / CONFIG_NAME).read_text()))


def load_state_dict(folder: str | Path) -> dict[str, torch.Tensor]:
    """All tensors of a single-file or sharded safetensors checkpoint."""
    folder = Path(folder)
    if (folder / SINGLE_FILE).exists():
        return load_file(str(folder / SINGLE_FILE))
    if not (folder / INDEX_FILE).exists():
        raise FileNotFoundError(f"no {SINGLE_FILE} or {INDEX_FILE} in {folder}")
    weight_map = json.loads((folder / INDEX_FILE).read_text())["weight_map"]
    state: dict[str, torch.Tensor] = {}
    for name in sorted(set(weight_map.values())):
        state.update(load_file(str(folder / name)))
    return state


def load_pretrained(
    folder: str | Path, device: str | torch.device = "cpu", dtype: torch.dtype | None = None
) -> YiForCausalLM:
    """Builds the model on the meta device and assigns the stored tensors (no double memory)."""
    config = load_config(folder)
    with torch.device("meta"):
        model = YiForCausalLM(config)
    state = load_state_dict(folder)
    missing, unexpected = model.load_state_dict(state, strict=False, assign=True)
    unexpected = [k for k in unexpected if not k.endswith("rotary_emb.inv_freq")]
    if missing or unexpected:
        raise ValueError(f"checkpoint mismatch: missing {missing[:5]}, unexpected {unexpected[:5]}")
    return model.to(device=device, dtype=dtype) if dtype else model.to(device)
