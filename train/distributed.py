"""Process group set-up for `torchrun`: DDP for models that fit, FSDP for large presets."""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn

# Beyond ~3B parameters fp32 AdamW state (16 bytes/param) no longer fits one 80 GB device with
# activations, so large presets shard parameters, gradients and optimizer state (FSDP).
FSDP_MIN_PARAMETERS = 3_000_000_000


@dataclass(frozen=True)
class Distributed:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def enabled(self) -> bool:
        return self.world > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def init_distributed(device_type: str) -> Distributed:
    """Reads torchrun's RANK/WORLD_SIZE/LOCAL_RANK; starts NCCL on GPUs, gloo on CPU."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return Distributed()
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device_type == "cuda" else "gloo")
    return Distributed(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", 0)))


def resolve_parallel(parallel: str, parameters: int, setup: Distributed) -> str:
    """'none' on one process; else 'ddp' or 'fsdp' ('auto' picks by model size)."""
    if not setup.enabled:
        return "none"
    if parallel == "auto":
        return "fsdp" if parameters >= FSDP_MIN_PARAMETERS else "ddp"
    return parallel


def wrap_model(model: nn.Module, parallel: str, device: torch.device):
    """DDP, or FSDP (fully_shard per decoder layer, then the root), per resolved `parallel`."""
    if parallel == "none":
        return model
    if parallel == "fsdp":
        from torch.distributed.fsdp import fully_shard

        layers = model.decoder_layers
        if not isinstance(layers, nn.ModuleList):
            raise TypeError("FSDP shards a model by its decoder_layers (an nn.ModuleList)")
        for layer in layers:
            fully_shard(layer)
        fully_shard(model)
        return model
    device_ids = [device.index] if device.type == "cuda" else None
    return nn.parallel.DistributedDataParallel(model, device_ids=device_ids)


def mean_across_ranks(value: torch.Tensor, setup: Distributed) -> torch.Tensor:
    if setup.enabled:
        value = value.clone()
        dist.all_reduce(value, op=dist.ReduceOp.SUM)
        value /= setup.world
    return value


def shutdown(setup: Distributed) -> None:
    if setup.enabled and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
