"""The Yi decoder in PyTorch, with HF `LlamaForCausalLM` parameter names.

RMSNorm -> GQA self-attention (rotate-half RoPE) -> RMSNorm -> SwiGLU MLP, pre-norm residuals,
untied output head. Module names mirror transformers' Llama so that
`state_dict()` keys (`model.layers.0.self_attn.q_proj.weight`, ...) load in transformers and
in llama.cpp's converter unchanged.

One forward serves three uses: plain causal training (SDPA `is_causal=True`, no mask tensor),
packed rows (`segment_ids` -> block-diagonal causal mask, `position_ids` restarting per
segment) and incremental decoding (`cache`: a KVCache holding past keys/values).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from yisieve.models.config import YiConfig


class RMSNorm(nn.Module):
    """Root-mean-square norm (Zhang & Sennrich 2019), computed in fp32 as LLaMA does."""

    def __init__(self, size: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


class RotaryEmbedding(nn.Module):
    """cos/sin tables of rotate-half RoPE (Su et al. 2021) with a configurable base (theta).

    The tables are recomputed per forward from the config (cheap next to the matmuls) and are
    not buffers: they never enter the state dict (as in HF) and survive loading weights onto a
    meta-initialized model.
    """

    def __init__(self, head_dim: int, theta: float) -> None:
        super().__init__()
        self.head_dim = head_dim
        self.theta = theta

    def forward(self, positions: torch.Tensor, dtype: torch.dtype):
        exponent = torch.arange(0, self.head_dim, 2, device=positions.device).float()
        inv_freq = 1.0 / (self.theta ** (exponent / self.head_dim))
        freqs = positions.float()[..., :, None] * inv_freq
        angles = torch.cat((freqs, freqs), dim=-1)
        return angles.cos().to(dtype), angles.sin().to(dtype)


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    first, second = x.chunk(2, dim=-1)
    return torch.cat((-second, first), dim=-1)


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x: (batch, heads, seq, head_dim); cos/sin: (seq, head_dim) or (batch, seq, head_dim)."""
    if cos.dim() == 3:
        cos, sin = cos[:, None], sin[:, None]
    return x * cos + rotate_half(x) * sin


def repeat_kv(x: torch.Tensor, groups: int) -> torch.Tensor:
    """(batch, kv_heads, seq, d) -> (batch, kv_heads * groups, seq, d): GQA as plain MHA."""
    if groups == 1:
        return x
    batch, heads, seq, dim = x.shape
    return x[:, :, None].expand(batch, heads, groups, seq, dim).reshape(batch, -1, seq, dim)


def segment_causal_mask(segment_ids: torch.Tensor) -> torch.Tensor:
    """(B, T) segment ids -> (B, 1, T, T) bool: causal within a segment, nothing across.

    Each query sees at least itself, so no row of the mask is empty (an all-False row would
    make softmax NaN); padding given its own segment id attends to padding only.
    """
    length = segment_ids.shape[1]
    causal = torch.ones(length, length, dtype=torch.bool, device=segment_ids.device).tril()
    same = segment_ids[:, :, None] == segment_ids[:, None, :]
    return (same & causal)[:, None]


def offset_causal_mask(queries: int, keys: int, device: torch.device) -> torch.Tensor:
    """(T, S) bool for T new queries after S - T cached keys: query i sees keys <= S - T + i.

    SDPA's `is_causal` aligns the triangle top-left, which is wrong once a cache holds keys.
    """
    return torch.ones(queries, keys, dtype=torch.bool, device=device).tril(keys - queries)


class KVCache:
    """Keys/values of the tokens decoded so far, one (k, v) per layer, after RoPE.

    Preallocated to `capacity` tokens (at the first write, in the dtype the layer computes in)
    so that each decoding step writes in place instead of concatenating the whole cache.
    """

    def __init__(self, num_layers: int, capacity: int) -> None:
        self.keys: list[torch.Tensor | None] = [None] * num_layers
        self.values: list[torch.Tensor | None] = [None] * num_layers
        self.capacity = capacity
        self.length = 0  # tokens cached; advanced by YiModel once every layer has written

    def layer(self, index: int) -> LayerCache:
        return LayerCache(self, index)

    def update(self, index: int, k: torch.Tensor, v: torch.Tensor):
        """Stores new k/v (B, kv_heads, T, d) of layer `index`; returns its k/v so far."""
        end = self.length + k.shape[2]
        if end > self.capacity:
            raise ValueError(f"KV cache full: {end} tokens > capacity {self.capacity}")
        keys, values = self.keys[index], self.values[index]
        if keys is None or values is None:
            shape = (*k.shape[:2], self.capacity, k.shape[3])
            keys, values = k.new_empty(shape), v.new_empty(shape)
            self.keys[index], self.values[index] = keys, values
        keys[:, :, self.length : end] = k
        values[:, :, self.length : end] = v
        return keys[:, :, :end], values[:, :, :end]


@dataclass
class LayerCache:
    """One layer's view of a KVCache (layers need not know their index)."""

    cache: KVCache
    index: int

    def update(self, k: torch.Tensor, v: torch.Tensor):
        return self.cache.update(self.index, k, v)


class Attention(nn.Module):
    """Grouped-query causal self-attention through `F.scaled_dot_product_attention`."""

    def __init__(self, config: YiConfig) -> None:
        super().__init__()
        self.heads = config.num_attention_heads
        self.kv_heads = config.num_key_value_heads
        self.head_dim = config.head_dim
        h, kv = config.hidden_size, config.num_key_value_heads * config.head_dim
        self.q_proj = nn.Linear(h, h, bias=False)
        self.k_proj = nn.Linear(h, kv, bias=False)
        self.v_proj = nn.Linear(h, kv, bias=False)
        self.o_proj = nn.Linear(h, h, bias=False)

    def forward(
        self,
        x: torch.Tensor,
        cos: torch.Tensor,
        sin: torch.Tensor,
        mask: torch.Tensor | None = None,
        cache: LayerCache | None = None,
    ) -> torch.Tensor:
        """mask: bool (B or 1, 1, T, S), True = may attend; None = plain causal (or, for one
        new token after a cache, every cached key)."""
        batch, seq, _ = x.shape
        q = self.q_proj(x).view(batch, seq, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(batch, seq, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(batch, seq, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        if cache is not None:
            k, v = cache.update(k, v)
        # no mask and as many keys as queries: the causal kernel, no mask tensor built
        is_causal = mask is None and k.shape[2] == seq
        if x.is_cuda and mask is None:  # fused kernels take the kv groups directly
            out = F.scaled_dot_product_attention(q, k, v, is_causal=is_causal, enable_gqa=True)
        else:  # the CPU flash kernel (and masked kernels) want equal head counts
            groups = self.heads // self.kv_heads
            k, v = repeat_kv(k, groups), repeat_kv(v, groups)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=is_causal)
        return self.o_proj(out.transpose(1, 2).reshape(batch, seq, -1))


class SwiGLU(nn.Module):
    """down(silu(gate(x)) * up(x)) (Shazeer 2020); Yi's width is ~8/3 h."""

    def __init__(self, config: YiConfig) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, config: YiConfig) -> None:
        super().__init__()
        self.input_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.self_attn = Attention(config)
        self.post_attention_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.mlp = SwiGLU(config)

    def forward(
        self,
        x: torch.Tensor,
        cos: torch.Tensor,
        sin: torch.Tensor,
        mask: torch.Tensor | None = None,
        cache: LayerCache | None = None,
    ) -> torch.Tensor:
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask, cache)
        return x + self.mlp(self.post_attention_layernorm(x))


class YiModel(nn.Module):
    """The decoder stack (HF `LlamaModel`): embeddings, layers, final norm."""

    def __init__(self, config: YiConfig) -> None:
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(DecoderLayer(config) for _ in range(config.num_hidden_layers))
        self.norm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.rotary_emb = RotaryEmbedding(config.head_dim, config.rope_theta)
        self.gradient_checkpointing = False

    def forward(
        self,
        input_ids: torch.Tensor,
        position_ids: torch.Tensor | None = None,
        segment_ids: torch.Tensor | None = None,
        cache: KVCache | None = None,
    ) -> torch.Tensor:
        x = self.embed_tokens(input_ids)
        seq = input_ids.shape[1]
        past = cache.length if cache is not None else 0
        if position_ids is None:
            position_ids = torch.arange(past, past + seq, device=input_ids.device)
        cos, sin = self.rotary_emb(position_ids, x.dtype)
        mask = None
        if segment_ids is not None:
            if past:
                raise ValueError("segment_ids with a non-empty KV cache is not supported")
            mask = segment_causal_mask(segment_ids)
        elif past and seq > 1:  # several new tokens after cached ones
            mask = offset_causal_mask(seq, past + seq, input_ids.device)
        for index, layer in enumerate(self.layers):
            layer_cache = cache.layer(index) if cache is not None else None
            if self.gradient_checkpointing and self.training:
                x = checkpoint(layer, x, cos, sin, mask, layer_cache, use_reentrant=False)
            else:
                x = layer(x, cos, sin, mask, layer_cache)
        if cache is not None:
            cache.length += seq
        return self.norm(x)


@dataclass
class CausalLMOutput:
    logits: torch.Tensor
    loss: torch.Tensor | None = None


class YiForCausalLM(nn.Module):
    """Decoder + untied output head (HF `LlamaForCausalLM` names: `model.*`, `lm_head`)."""

    def __init__(self, config: YiConfig) -> None:
        super().__init__()
        self.config = config
        self.model = YiModel(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.apply(self._init_weights)

    def _init_weights(self, module: nn.Module) -> None:
        """Normal(0, initializer_range) for matrices, ones for norm gains, as HF Llama does."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=self.config.initializer_range)
        elif isinstance(module, RMSNorm):
            nn.init.ones_(module.weight)

    @torch.no_grad()
    def init_weights(self) -> None:
        """(Re)initializes every weight: for models built on the meta device, then sharded."""
        self.apply(self._init_weights)

    def set_activation_checkpointing(self, enabled: bool) -> None:
        """Recompute each layer in backward: memory per layer drops to its input."""
        self.model.gradient_checkpointing = enabled

    @property
    def decoder_layers(self) -> nn.ModuleList:
        return self.model.layers

    def new_cache(self, capacity: int) -> KVCache:
        """An empty KV cache for up to `capacity` tokens (filled in place by `forward`)."""
        return KVCache(len(self.model.layers), capacity)

    def forward(
        self,
        input_ids: torch.Tensor,
        targets: torch.Tensor | None = None,
        position_ids: torch.Tensor | None = None,
        segment_ids: torch.Tensor | None = None,
        cache: KVCache | None = None,
    ) -> CausalLMOutput:
        """Logits for every position; with `targets` (ids, -100 = ignore) also the mean loss.

        position_ids: (T) or (B, T), default 0.. (after the cached tokens). segment_ids: (B, T)
        ints; tokens attend causally within their own segment only (packed rows). cache: a
        KVCache from `new_cache`, extended in place by these tokens.
        """
        hidden = self.model(input_ids, position_ids, segment_ids, cache)
        logits = self.lm_head(hidden)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(
                logits.float().view(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100
            )
        return CausalLMOutput(logits=logits, loss=loss)
