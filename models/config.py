"""Yi model shapes: the published presets and small ones for CPU work, as plain data.

The field names are those of HF `LlamaConfig` so `config.json` is written and read without a
translation table; Yi is the LLaMA structure with GQA everywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

# Yi's special token ids: bos=1 eos=2 pad=0 (pad shares id 0 with <unk>).
BOS_TOKEN_ID = 1
EOS_TOKEN_ID = 2
PAD_TOKEN_ID = 0


@dataclass(frozen=True)
class YiConfig:
    """Shape of a Yi (LLaMA-architecture) decoder; defaults are Yi-6B's."""

    vocab_size: int = 64_000
    hidden_size: int = 4096
    intermediate_size: int = 11_008
    num_hidden_layers: int = 32
    num_attention_heads: int = 32
    num_key_value_heads: int = 4
    max_position_embeddings: int = 4096
    # Yi: RoPE base 5e6 ("ABF", a larger base than LLaMA's 1e4); RMSNorm eps 1e-5.
    rope_theta: float = 5_000_000.0
    rms_norm_eps: float = 1e-5
    # HF LlamaConfig default; the std of the normal init of every weight matrix.
    initializer_range: float = 0.02

    def __post_init__(self) -> None:
        if self.hidden_size % self.num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError("num_attention_heads must be a multiple of num_key_value_heads")
        if self.head_dim % 2:
            raise ValueError("head_dim must be even for rotate-half RoPE")

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_attention_heads

    def with_overrides(self, **overrides: Any) -> YiConfig:
        return replace(self, **overrides)

    def parameter_count(self, include_embedding: bool = True) -> int:
        """Exact number of parameters, computed from the shape (no weights allocated)."""
        h, kv = self.hidden_size, self.num_key_value_heads * self.head_dim
        attention = 2 * h * h + 2 * h * kv  # q, o and k, v projections, no biases
        mlp = 3 * h * self.intermediate_size  # gate, up, down
        norms = 2 * h
        per_layer = attention + mlp + norms
        head = self.vocab_size * h  # untied output head
        embedding = self.vocab_size * h if include_embedding else 0
        return self.num_hidden_layers * per_layer + h + head + embedding

    def flops_per_token(self, sequence_length: int) -> float:
        """Training FLOPs per token: 6 N (matmul params, head included) + 12 L H T attention.

        PaLM appendix B (Chowdhery et al. 2022), the formula nanoGPT and torchtitan use for MFU;
        the embedding lookup is a gather, not a matmul, so it is left out of N.
        """
        matmul_params = self.parameter_count(include_embedding=False)
        attention = 12 * self.num_hidden_layers * self.hidden_size * sequence_length
        return 6.0 * matmul_params + attention

    def to_hf_dict(self) -> dict[str, Any]:
        """`config.json` content for transformers' LlamaForCausalLM and llama.cpp's converter."""
        return {
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            **asdict(self),
            "head_dim": self.head_dim,
            "rope_parameters": {"rope_type": "default", "rope_theta": self.rope_theta},
            "hidden_act": "silu",
            "attention_bias": False,
            "attention_dropout": 0.0,
            "mlp_bias": False,
            "tie_word_embeddings": False,
            "bos_token_id": BOS_TOKEN_ID,
            "eos_token_id": EOS_TOKEN_ID,
            "pad_token_id": PAD_TOKEN_ID,
            "pretraining_tp": 1,
            "use_cache": True,
            "torch_dtype": "float32",
        }

    @classmethod
    def from_hf_dict(cls, data: dict[str, Any]) -> YiConfig:
        """Reads a LlamaForCausalLM `config.json` (ours or one written by transformers)."""
        if data.get("tie_word_embeddings"):
            raise ValueError("tied embeddings are not a Yi layout (Yi unties the output head)")
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        rope = data.get("rope_parameters") or data.get("rope_scaling") or {}
        if "rope_theta" not in values and "rope_theta" in rope:
            values["rope_theta"] = rope["rope_theta"]
        if rope.get("rope_type", "default") != "default":
            raise ValueError(f"rope scaling {rope.get('rope_type')!r} is not supported")
        head_dim = data.get("head_dim")
        config = cls(**values)
        if head_dim is not None and head_dim != config.head_dim:
            raise ValueError(f"head_dim {head_dim} != hidden_size / num_attention_heads")
        return config


PRESETS: dict[str, YiConfig] = {
    # Published Yi shapes (HF configs of 01-ai/Yi-6B, Yi-9B, Yi-34B).
    "yi-6b": YiConfig(),
    "yi-9b": YiConfig(num_hidden_layers=48),
    "yi-34b": YiConfig(
        hidden_size=7168,
        intermediate_size=20_480,
        num_hidden_layers=60,
        num_attention_heads=56,
        num_key_value_heads=8,
    ),
    # ~1.15B, Yi proportions (head_dim 128, 4 q heads per kv head, SwiGLU ~8/3 h): GPU MFU runs.
    "yi-1b": YiConfig(
        hidden_size=2048,
        intermediate_size=5504,
        num_hidden_layers=20,
        num_attention_heads=16,
        num_key_value_heads=4,
    ),
    # Small shapes for CPU work and tests; vocab follows the small tokenizers trained in tests.
    "yi-small": YiConfig(
        vocab_size=4096,
        hidden_size=256,
        intermediate_size=688,
        num_hidden_layers=4,
        num_attention_heads=8,
        num_key_value_heads=2,
        max_position_embeddings=512,
        rope_theta=10_000.0,
    ),
    "yi-tiny": YiConfig(
        vocab_size=512,
        hidden_size=64,
        intermediate_size=176,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=128,
        rope_theta=10_000.0,
    ),
}

# Published sizes the presets are checked against (Yi report, arXiv 2403.04652; Yi-9B card).
PUBLISHED_PARAMETERS: dict[str, float] = {"yi-6b": 6.0e9, "yi-9b": 8.8e9, "yi-34b": 34.4e9}


def preset(name: str, **overrides: Any) -> YiConfig:
    """A preset by name, with optional field overrides (e.g. a tokenizer's vocab_size)."""
    try:
        config = PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None
    return config.with_overrides(**overrides) if overrides else config
