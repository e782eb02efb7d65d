"""Decoding speed of `train.sampling.generate` with and without the KV cache, same tokens.

A randomly initialized model of the pretrain-tiny shape (jobs/configs/pretrain-tiny.yaml) or a
preset; greedy decoding from a random prompt, both ways in one run, best of `--repeats`.
    .venv/bin/python benchmarks/generate_kv_cache.py [--preset yi-tiny] [--new 192]
"""

from __future__ import annotations

import argparse
import time

import torch

from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.train.sampling import generate

# the pretrain-tiny shape (jobs/configs/pretrain-tiny.yaml)
PRETRAIN_TINY = {
    "hidden_size": 128,
    "intermediate_size": 352,
    "num_hidden_layers": 4,
    "max_position_embeddings": 256,
}


def best_seconds(model, prompt, new, use_cache, repeats) -> tuple[float, list[int]]:
    best, tokens = float("inf"), []
    for _ in range(repeats):
        start = time.perf_counter()
        tokens = generate(model, prompt, new, use_cache=use_cache)
        best = min(best, time.perf_counter() - start)
    return best, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="yi-tiny")
    parser.add_argument("--prompt", type=int, default=48, help="prompt tokens")
    parser.add_argument("--new", type=int, default=192, help="new tokens")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    overrides = PRETRAIN_TINY if args.preset == "yi-tiny" else {}
    model = YiForCausalLM(preset(args.preset, **overrides)).eval()
    prompt = torch.randint(9, model.config.vocab_size, (args.prompt,)).tolist()
    full, full_tokens = best_seconds(model, prompt, args.new, False, args.repeats)
    cached, cached_tokens = best_seconds(model, prompt, args.new, True, args.repeats)
    assert cached_tokens == full_tokens, "the cache changed the tokens"
    print(f"preset {args.preset}, prompt {args.prompt}, new {args.new}, threads {args.threads}")
    print(f"no cache: {args.new / full:8.1f} tokens/s")
    print(f"KV cache: {args.new / cached:8.1f} tokens/s  (x{full / cached:.2f}, same tokens)")


if __name__ == "__main__":
    main()
