"""Sampling from a trained model: greedy, or temperature with nucleus (top-p) truncation."""

from __future__ import annotations

import torch

from yisieve.models.model import YiForCausalLM


def next_token(
    logits: torch.Tensor, temperature: float, top_p: float, generator: torch.Generator | None
) -> int:
    """Greedy when temperature == 0; else sample from the smallest set with mass >= top_p."""
    if temperature <= 0:
        return int(logits.argmax())
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    if top_p < 1.0:
        sorted_probs, order = probs.sort(descending=True)
        keep = sorted_probs.cumsum(-1) - sorted_probs < top_p  # always keeps the top token
        sorted_probs = sorted_probs * keep
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
    return int(torch.multinomial(probs / probs.sum(), 1, generator=generator))


@torch.no_grad()
def generate(
    model: YiForCausalLM,
    prompt_ids: list[int],
    max_new_tokens: int,
    temperature: float = 0.0,
    top_p: float = 1.0,
    eos_id: int | None = None,
    seed: int = 0,
    use_cache: bool = True,
) -> list[int]:
    """New token ids after the prompt (the context slides past the model's maximum).

    With `use_cache` the prompt is encoded once and each new token costs one position of
    attention over the KV cache instead of a forward over the whole context; the tokens are
    the same. Past the context limit the window slides (positions restart at the window's
    start), which a cache cannot express, so from there on every token is a full forward.
    """
    model.eval()
    device = next(model.parameters()).device
    generator = torch.Generator(device=device).manual_seed(seed)
    ids = list(prompt_ids)
    limit = model.config.max_position_embeddings
    cache = model.new_cache(min(limit, len(ids) + max_new_tokens)) if use_cache else None
    pending = ids[-limit:]  # tokens the cache has not seen yet
    new: list[int] = []
    for _ in range(max_new_tokens):
        if cache is not None and cache.length + len(pending) <= cache.capacity:
            logits = model(torch.tensor([pending], device=device), cache=cache).logits[0, -1]
        else:  # no cache, or the window slides: recompute the last `limit` tokens
            cache = None
            logits = model(torch.tensor([ids[-limit:]], device=device)).logits[0, -1]
        token = next_token(logits, temperature, top_p, generator)
        if token == eos_id:
            break
        ids.append(token)
        new.append(token)
        pending = [token]
    return new
