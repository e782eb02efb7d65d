"""Model FLOPs utilization: achieved training FLOP/s over the accelerator's dense peak."""

from __future__ import annotations

import torch

# Dense (no sparsity) peak TFLOP/s by precision, from the vendors' datasheets:
# NVIDIA H100 SXM / H200 (Hopper datasheet), A100 SXM, L4, RTX 4090 (Ada whitepaper).
PEAK_TFLOPS: dict[str, dict[str, float]] = {
    "H200": {"bf16": 989.0, "fp32": 67.0},
    "H100": {"bf16": 989.0, "fp32": 67.0},
    "H100 PCIe": {"bf16": 756.0, "fp32": 51.0},
    "A100": {"bf16": 312.0, "fp32": 19.5},
    "L4": {"bf16": 121.0, "fp32": 30.3},
    "4090": {"bf16": 165.2, "fp32": 82.6},
}


def device_peak_flops(device: torch.device, precision: str) -> float | None:
    """Peak FLOP/s of one device, or None when unknown (CPUs: MFU is not reported)."""
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    matches = [key for key in PEAK_TFLOPS if key in name]
    if not matches:
        return None
    key = max(matches, key=len)  # "H100 PCIe" before "H100"
    return PEAK_TFLOPS[key][precision] * 1e12


def model_flops_utilization(
    tokens_per_second: float, flops_per_token: float, peak_flops: float | None
) -> float | None:
    if not peak_flops:
        return None
    return tokens_per_second * flops_per_token / peak_flops
