"""Forward pass of the Yi model with a block-diagonal causal mask, for packed SFT rows.

The model's own forward is plain causal attention (`is_causal=True`), which would let a packed
conversation attend to the one before it. This runs the same modules (same weights, same
RMSNorm/RoPE/SwiGLU code) but passes an explicit boolean mask to
`F.scaled_dot_product_attention`: query i may attend to key j iff j <= i and both tokens
belong to the same conversation. Together with positions restarting per conversation, a packed
row gives the logits each conversation would get alone.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

from models.model import Attention, DecoderLayer, YiForCausalLM, apply_rotary, repeat_kv


def segment_causal_mask(segments: torch.Tensor) -> torch.Tensor:
    """(B, T) segment ids -> (B, 1, T, T) bool: causal within a segment, nothing across.

    Padding (segment 0) attends causally to padding only, so no row of the mask is empty
    (an all-False row would make softmax NaN).
    """
    length = segments.shape[1]
    causal = torch.ones(length, length, dtype=torch.bool, device=segments.device).tril()
    same = segments[:, :, None] == segments[:, None, :]
    return (same & causal)[:, None]


def masked_attention(
    attention: Attention,
    x: torch.Tensor,
    cos: torch.Tensor,
    sin: torch.Tensor,
    mask: torch.Tensor,
) -> torch.Tensor:
    batch, seq, _ = x.shape
    q = attention.q_proj(x).view(batch, seq, attention.heads, attention.head_dim).transpose(1, 2)
    k = attention.k_proj(x).view(batch, seq, attention.kv_heads, attention.head_dim)
    v = attention.v_proj(x).view(batch, seq, attention.kv_heads, attention.head_dim)
    k, v = k.transpose(1, 2), v.transpose(1, 2)
    q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
    groups = attention.heads // attention.kv_heads
    k, v = repeat_kv(k, groups), repeat_kv(v, groups)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return attention.o_proj(out.transpose(1, 2).reshape(batch, seq, -1))


def masked_layer(layer: DecoderLayer, x, cos, sin, mask) -> torch.Tensor:
    x = x + masked_attention(layer.self_attn, layer.input_layernorm(x), cos, sin, mask)
    return x + layer.mlp(layer.post_attention_layernorm(x))


def packed_logits(
    model: YiForCausalLM,
    input_ids: torch.Tensor,
    positions: torch.Tensor,
    segments: torch.Tensor,
    activation_checkpointing: bool = False,
) -> torch.Tensor:
    """Logits (B, T, V) with attention confined to each segment and per-segment positions."""
    inner = model.model
    x = inner.embed_tokens(input_ids)
    cos, sin = inner.rotary_emb(positions, x.dtype)
    mask = segment_causal_mask(segments)
    for layer in inner.layers:
        if activation_checkpointing and model.training:
            x = checkpoint(masked_layer, layer, x, cos, sin, mask, use_reentrant=False)
        else:
            x = masked_layer(layer, x, cos, sin, mask)
    return model.lm_head(inner.norm(x))
