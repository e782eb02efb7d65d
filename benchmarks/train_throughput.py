"""Training throughput: our Yi model vs transformers' LlamaForCausalLM, same shape and batch.

Both models get the same weights, the same batch and an AdamW step; steps alternate between the
two (ours, theirs, ours, ...) so load from other processes hits both alike, and the median step
time gives tokens/s. On a GPU it also reports MFU (FLOPs/token from the shape, bf16 peak from
train/mfu.py's device table).

  .venv/bin/python benchmarks/train_throughput.py                       # CPU, yi-small shape
  .venv/bin/python benchmarks/train_throughput.py --device cuda --preset yi-1b \
      --batch 8 --seq 2048 --compile                                      # GPU MFU
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time

import torch
from transformers import LlamaConfig, LlamaForCausalLM

from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.train.mfu import device_peak_flops, model_flops_utilization


def build_pair(name: str, vocab: int | None, device: torch.device):
    overrides = {"vocab_size": vocab} if vocab else {}
    config = preset(name, **overrides)
    torch.manual_seed(0)
    ours = YiForCausalLM(config).to(device)
    hf_config = LlamaConfig(
        **{k: v for k, v in config.to_hf_dict().items() if k != "architectures"}
    )
    theirs = LlamaForCausalLM(hf_config).to(device)
    theirs.load_state_dict(ours.state_dict())
    theirs.config._attn_implementation = "sdpa"
    return config, ours, theirs


def step_fn(model, ids, optimizer, autocast, is_hf: bool):
    def step() -> None:
        with autocast():
            if is_hf:
                loss = model(input_ids=ids[:, :-1], labels=ids[:, :-1]).loss
            else:
                loss = model(ids[:, :-1], ids[:, 1:]).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return step


def timed(step, device: torch.device) -> float:
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="yi-small")
    parser.add_argument("--vocab", type=int, default=None, help="override the preset's vocab")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=256)
    parser.add_argument("--steps", type=int, default=10, help="timed steps per model")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compile", action="store_true", help="torch.compile both models")
    parser.add_argument("--only-ours", action="store_true", help="skip transformers (MFU runs)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    config, ours, theirs = build_pair(args.preset, args.vocab, device)
    bf16 = device.type == "cuda"
    autocast = (
        (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if bf16 else contextlib.nullcontext
    )
    ids = torch.randint(0, config.vocab_size, (args.batch, args.seq + 1), device=device)
    fused = device.type == "cuda"
    models = {"ours": ours} if args.only_ours else {"ours": ours, "transformers": theirs}
    steps = {}
    for name, model in models.items():
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=fused or None)
        runnable = torch.compile(model) if args.compile else model
        steps[name] = step_fn(runnable, ids, optimizer, autocast, name == "transformers")
        for _ in range(args.warmup):
            steps[name]()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.steps):
        for name, step in steps.items():
            times[name].append(timed(step, device))
    tokens = args.batch * args.seq
    peak = device_peak_flops(device, "bf16" if bf16 else "fp32")
    result = {
        "preset": args.preset,
        "parameters": config.parameter_count(),
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "seq": args.seq,
        "precision": "bf16 autocast" if bf16 else "fp32",
        "compile": args.compile,
    }
    for name, samples in times.items():
        speed = tokens / statistics.median(samples)
        result[f"{name}_tokens_per_second"] = round(speed, 1)
        mfu = model_flops_utilization(speed, config.flops_per_token(args.seq), peak)
        if mfu is not None:
            result[f"{name}_mfu"] = round(mfu, 4)
    if "transformers" in times:
        result["ratio_ours_over_transformers"] = round(
            result["ours_tokens_per_second"] / result["transformers_tokens_per_second"], 3
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
