"""GGUF export (llama.cpp's format) with the `gguf` package, and its read-back check.

Tensor names, metadata keys and the Q/K row permutation are those of llama.cpp's
`convert_hf_to_gguf.py` for the `llama` architecture (Yi is a LlamaForCausalLM): llama.cpp
applies RoPE to interleaved pairs (x0, x1), (x2, x3)... while HF Llama rotates halves
(x_i, x_{i+d/2}), so the rows of q_proj and k_proj are permuted head by head. 1-D tensors
(norms) stay F32 as in llama.cpp; a 2-D tensor whose rows do not split into whole 32-value
quantization blocks falls back to F16, as the converter does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import gguf
import numpy as np
import torch

from yisieve.models.chat_template import CHATML_JINJA
from yisieve.models.checkpoint import load_config, load_state_dict
from yisieve.models.config import YiConfig
from yisieve.models.tokenizer import SPECIAL_TOKEN_IDS, YiTokenizer

GGUF_TYPES = {
    "f32": (gguf.GGMLQuantizationType.F32, gguf.LlamaFileType.ALL_F32),
    "f16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
    "q8_0": (gguf.GGMLQuantizationType.Q8_0, gguf.LlamaFileType.MOSTLY_Q8_0),
    "q4_0": (gguf.GGMLQuantizationType.Q4_0, gguf.LlamaFileType.MOSTLY_Q4_0),
}
_LAYER = re.compile(r"model\.layers\.(\d+)\.(.+)")
_LAYER_NAMES = {
    "self_attn.q_proj.weight": "attn_q.weight",
    "self_attn.k_proj.weight": "attn_k.weight",
    "self_attn.v_proj.weight": "attn_v.weight",
    "self_attn.o_proj.weight": "attn_output.weight",
    "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight",
    "mlp.down_proj.weight": "ffn_down.weight",
    "input_layernorm.weight": "attn_norm.weight",
    "post_attention_layernorm.weight": "ffn_norm.weight",
}
_TOP_NAMES = {
    "model.embed_tokens.weight": "token_embd.weight",
    "model.norm.weight": "output_norm.weight",
    "lm_head.weight": "output.weight",
}


def gguf_name(hf_name: str) -> str:
    """HF Llama name -> llama.cpp name (`model.layers.3.mlp.up_proj.weight` -> `blk.3.ffn_up`)."""
    if hf_name in _TOP_NAMES:
        return _TOP_NAMES[hf_name]
    match = _LAYER.fullmatch(hf_name)
    if not match or match.group(2) not in _LAYER_NAMES:
        raise ValueError(f"no GGUF name for tensor {hf_name!r}")
    return f"blk.{match.group(1)}.{_LAYER_NAMES[match.group(2)]}"


def permute_for_llama_cpp(weight: np.ndarray, heads: int) -> np.ndarray:
    """Rotate-half row order -> llama.cpp's interleaved pairs (convert_hf_to_gguf's `permute`)."""
    rows = weight.shape[0]
    return (
        weight.reshape(heads, 2, rows // heads // 2, *weight.shape[1:])
        .swapaxes(1, 2)
        .reshape(weight.shape)
    )


def unpermute_from_llama_cpp(weight: np.ndarray, heads: int) -> np.ndarray:
    """Inverse of permute_for_llama_cpp."""
    rows = weight.shape[0]
    return (
        weight.reshape(heads, rows // heads // 2, 2, *weight.shape[1:])
        .swapaxes(1, 2)
        .reshape(weight.shape)
    )


def heads_for(hf_name: str, config: YiConfig) -> int | None:
    if hf_name.endswith("self_attn.q_proj.weight"):
        return config.num_attention_heads
    if hf_name.endswith("self_attn.k_proj.weight"):
        return config.num_key_value_heads
    return None


def tensor_type_for(array: np.ndarray, wanted: gguf.GGMLQuantizationType):
    """F32 for 1-D tensors; F16 fallback when rows are not whole quantization blocks."""
    if array.ndim < 2:
        return gguf.GGMLQuantizationType.F32
    block, _ = gguf.GGML_QUANT_SIZES[wanted]
    if array.shape[-1] % block:
        return gguf.GGMLQuantizationType.F16
    return wanted


def add_tokenizer_metadata(
    writer: gguf.GGUFWriter, tokenizer: YiTokenizer, chat_template: str
) -> None:
    """SentencePiece vocabulary as llama.cpp's `llama` tokenizer: tokens, scores, types, ids."""
    processor = tokenizer.processor
    tokens, scores, types = [], [], []
    user_defined = set(SPECIAL_TOKEN_IDS.values()) - {0, 1, 2}
    for i in range(processor.get_piece_size()):
        tokens.append(processor.id_to_piece(i).encode("utf-8"))
        scores.append(processor.get_score(i))
        if processor.is_unknown(i):
            types.append(gguf.TokenType.UNKNOWN)
        elif processor.is_control(i):
            types.append(gguf.TokenType.CONTROL)
        elif processor.is_byte(i):
            types.append(gguf.TokenType.BYTE)
        elif processor.is_unused(i):
            types.append(gguf.TokenType.UNUSED)
        elif i in user_defined:
            types.append(gguf.TokenType.USER_DEFINED)
        else:
            types.append(gguf.TokenType.NORMAL)
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(tokenizer.bos_id)
    writer.add_eos_token_id(tokenizer.eos_id)
    writer.add_unk_token_id(SPECIAL_TOKEN_IDS["<unk>"])
    writer.add_pad_token_id(tokenizer.pad_id)
    writer.add_add_bos_token(False)  # Yi's tokenizer_config: add_bos_token false
    writer.add_add_eos_token(False)
    writer.add_add_space_prefix(False)  # no dummy prefix
    writer.add_chat_template(chat_template)


def export_gguf(
    checkpoint: str | Path,
    output: str | Path,
    kind: str = "f16",
    tokenizer_path: str | Path | None = None,
) -> Path:
    """Writes one .gguf file from an HF-layout checkpoint folder."""
    if kind not in GGUF_TYPES:
        raise ValueError(f"unknown GGUF type {kind!r}; choose one of {list(GGUF_TYPES)}")
    wanted, file_type = GGUF_TYPES[kind]
    config = load_config(checkpoint)
    state = load_state_dict(checkpoint)
    tokenizer = YiTokenizer(tokenizer_path or checkpoint)
    if tokenizer.vocab_size > config.vocab_size:
        raise ValueError(f"tokenizer has {tokenizer.vocab_size} pieces, model {config.vocab_size}")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(output), "llama")
    writer.add_name(Path(checkpoint).resolve().name)
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_head_count(config.num_attention_heads)
    writer.add_head_count_kv(config.num_key_value_heads)
    writer.add_rope_dimension_count(config.head_dim)
    writer.add_rope_freq_base(config.rope_theta)
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    writer.add_vocab_size(config.vocab_size)
    writer.add_file_type(file_type)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    add_tokenizer_metadata(writer, tokenizer, CHATML_JINJA)
    for hf_name, tensor in state.items():
        array = tensor.float().numpy()
        heads = heads_for(hf_name, config)
        if heads is not None:
            array = permute_for_llama_cpp(array, heads)
        qtype = tensor_type_for(array, wanted)
        if qtype == gguf.GGMLQuantizationType.F32:
            writer.add_tensor(gguf_name(hf_name), array.astype(np.float32))
        elif qtype == gguf.GGMLQuantizationType.F16:
            writer.add_tensor(gguf_name(hf_name), array.astype(np.float16))
        else:
            writer.add_tensor(
                gguf_name(hf_name), gguf.quants.quantize(array, qtype), raw_dtype=qtype
            )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return output


@dataclass(frozen=True)
class TensorCheck:
    """Read-back of one tensor: its GGUF type and relative Frobenius error vs the original."""

    name: str
    gguf_type: str
    relative_error: float


def read_back(path: str | Path, checkpoint: str | Path) -> list[TensorCheck]:
    """Reads a .gguf, dequantizes, un-permutes Q/K, and compares with the checkpoint's weights.

    relative_error = ||W_gguf - W|| / ||W|| (Frobenius), per tensor.
    """
    config = load_config(checkpoint)
    originals = {
        gguf_name(name): (name, t.float().numpy())
        for name, t in load_state_dict(checkpoint).items()
    }
    reader = gguf.GGUFReader(str(path))
    checks = []
    for tensor in reader.tensors:
        hf_name, original = originals[tensor.name]
        values = gguf.quants.dequantize(np.asarray(tensor.data), tensor.tensor_type)
        values = values.reshape(original.shape).astype(np.float32)
        heads = heads_for(hf_name, config)
        if heads is not None:
            values = unpermute_from_llama_cpp(values, heads)
        error = float(
            np.linalg.norm(values - original) / max(float(np.linalg.norm(original)), 1e-30)
        )
        checks.append(TensorCheck(tensor.name, tensor.tensor_type.name, error))
    missing = set(originals) - {c.name for c in checks}
    if missing:
        raise ValueError(f"{path}: tensors missing from the GGUF file: {sorted(missing)[:5]}")
    return checks


def dequantized_state_dict(path: str | Path, checkpoint: str | Path) -> dict[str, torch.Tensor]:
    """The HF state dict as the GGUF file stores it (dequantized, un-permuted): for evals."""
    config = load_config(checkpoint)
    names = {gguf_name(name): name for name in load_state_dict(checkpoint)}
    state = {}
    for tensor in gguf.GGUFReader(str(path)).tensors:
        hf_name = names[tensor.name]
        values = gguf.quants.dequantize(np.asarray(tensor.data), tensor.tensor_type)
        shape = [int(n) for n in reversed(tensor.shape)]
        values = values.reshape(shape).astype(np.float32)
        heads = heads_for(hf_name, config)
        if heads is not None:
            values = unpermute_from_llama_cpp(values, heads)
        state[hf_name] = torch.from_numpy(np.ascontiguousarray(values))
    return state


def read_metadata(path: str | Path) -> dict[str, object]:
    """Scalar and string metadata of a .gguf file (arrays summarized by length)."""
    reader = gguf.GGUFReader(str(path))
    out: dict[str, object] = {}
    for key, field in reader.fields.items():
        if key.startswith("GGUF."):
            continue
        kind = field.types[0] if field.types else None
        if kind == gguf.GGUFValueType.ARRAY:
            out[key] = len(field.data)
        elif kind == gguf.GGUFValueType.STRING:
            out[key] = bytes(field.parts[field.data[0]]).decode("utf-8")
        else:
            out[key] = field.parts[field.data[0]].tolist()[0]
    return out
