"""Export: HF loads in transformers with equal logits; GGUF read-back; int4 layout and loader."""

from __future__ import annotations

import json

import gguf
import numpy as np
import pytest
import torch
from safetensors import safe_open

from tests.post_training_helpers import VOCAB, tiny_checkpoint
from yisieve.jobs.cli import main
from yisieve.models.checkpoint import load_pretrained
from yisieve.models.gguf_export import (
    dequantized_state_dict,
    export_gguf,
    permute_for_llama_cpp,
    read_back,
    read_metadata,
    unpermute_from_llama_cpp,
)
from yisieve.models.int4 import (
    INT4_FILE,
    dequantize_groupwise,
    export_int4,
    load_int4,
    quantize_groupwise,
)
from yisieve.models.model import apply_rotary

pytest_plugins = ["tests.post_training_support"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer_dir):
    """Tiny model with widths that split into whole 32-blocks (so every matrix is quantized)."""
    return tiny_checkpoint(
        tmp_path_factory.mktemp("m"), tokenizer_dir, seed=3, intermediate_size=192, rope_theta=5e6
    )


def test_hf_export_loads_in_transformers_with_equal_logits(model_dir, tmp_path, tokenizer):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    out = tmp_path / "hf"
    assert main(["export", "hf", "--checkpoint", str(model_dir), "-o", str(out)]) == 0
    hf_model = AutoModelForCausalLM.from_pretrained(out).eval()
    hf_tokenizer = AutoTokenizer.from_pretrained(out)
    text = "The history of 中文 is long, 1989."
    ids = tokenizer.encode(text)
    assert hf_tokenizer(text)["input_ids"] == ids
    batch = torch.tensor([ids])
    ours = load_pretrained(model_dir).eval()
    with torch.no_grad():
        diff = (hf_model(batch).logits - ours(batch).logits).abs().max().item()
    assert diff <= 1e-4
    chat = [{"role": "user", "content": "hi"}]
    rendered = hf_tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
    assert rendered == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"


def test_llama_cpp_permutation_is_rope_in_interleaved_pairs():
    """q.k after rotate-half RoPE == q'.k' after interleaved RoPE on permuted rows."""
    torch.manual_seed(0)
    heads, head_dim, width, seq = 2, 8, 16, 5
    weight = torch.randn(heads * head_dim, width)
    assert np.array_equal(
        unpermute_from_llama_cpp(permute_for_llama_cpp(weight.numpy(), heads), heads),
        weight.numpy(),
    )
    x = torch.randn(seq, width)
    positions = torch.arange(seq).float()
    inv = 1.0 / (10000 ** (torch.arange(0, head_dim, 2).float() / head_dim))
    angles = positions[:, None] * inv
    cos, sin = torch.cat([angles, angles], -1).cos(), torch.cat([angles, angles], -1).sin()
    q = (x @ weight.T).view(seq, heads, head_dim).transpose(0, 1)
    rotated = apply_rotary(q[None], cos, sin)[0]
    permuted = torch.from_numpy(permute_for_llama_cpp(weight.numpy(), heads))
    qp = (x @ permuted.T).view(seq, heads, head_dim).transpose(0, 1)
    pairs = qp.reshape(heads, seq, head_dim // 2, 2)  # llama.cpp: rotate (x0,x1), (x2,x3), ...
    c, s = angles.cos()[None], angles.sin()[None]
    interleaved = torch.stack(
        [pairs[..., 0] * c - pairs[..., 1] * s, pairs[..., 0] * s + pairs[..., 1] * c], -1
    ).reshape(heads, seq, head_dim)
    torch.testing.assert_close(
        rotated @ rotated.transpose(1, 2),
        interleaved @ interleaved.transpose(1, 2),
        rtol=1e-4,
        atol=1e-4,
    )


@pytest.mark.parametrize("kind, bound", [("f16", 1e-3), ("q8_0", 0.01), ("q4_0", 0.15)])
def test_gguf_read_back_matches(model_dir, tmp_path, kind, bound):
    path = export_gguf(model_dir, tmp_path / f"m-{kind}.gguf", kind)
    checks = read_back(path, model_dir)
    assert len(checks) == 2 + 9 * 2 + 1  # embed, norm, head + 9 per layer
    matrices = [c for c in checks if not c.name.endswith("norm.weight")]
    assert {c.gguf_type for c in matrices} == {kind.upper()}
    assert max(c.relative_error for c in checks) <= bound
    meta = read_metadata(path)
    assert meta["general.architecture"] == "llama"
    assert meta["llama.block_count"] == 2 and meta["llama.attention.head_count_kv"] == 2
    assert meta["llama.rope.freq_base"] == 5e6
    assert meta["tokenizer.ggml.model"] == "llama" and meta["tokenizer.ggml.tokens"] == VOCAB
    assert (
        meta["tokenizer.ggml.eos_token_id"] == 2 and "im_start" in meta["tokenizer.chat_template"]
    )
    tokens = gguf.GGUFReader(str(path)).fields["tokenizer.ggml.tokens"]
    assert bytes(tokens.parts[tokens.data[7]]).decode() == "<|im_end|>"


def test_gguf_dequantized_model_runs_close_to_the_original(model_dir, tmp_path):
    path = export_gguf(model_dir, tmp_path / "m.gguf", "q8_0")
    model = load_pretrained(model_dir).eval()
    reference = model(torch.arange(20)[None] + 9).logits
    model.load_state_dict(dequantized_state_dict(path, model_dir))
    with torch.no_grad():
        logits = model(torch.arange(20)[None] + 9).logits
    assert ((logits - reference).norm() / reference.norm()).item() < 0.02


def test_int4_round_trip_and_layout():
    torch.manual_seed(0)
    weight = torch.randn(8, 300)  # 300 = 2 full groups of 128 + a padded partial group
    packed, scales, zeros = quantize_groupwise(weight, 128)
    assert packed.dtype == torch.uint8 and packed.shape == (8, 192)
    assert scales.dtype == torch.float16 and scales.shape == (8, 3) and zeros.shape == (8, 3)
    restored = dequantize_groupwise(packed, scales, zeros, 300)
    # round to nearest: each value within half a step of its group
    step = scales.float().repeat_interleave(128, 1)[:, :300]
    assert ((restored - weight).abs() <= step / 2 + 1e-3).all()


def test_int4_export_loads_and_runs(model_dir, tmp_path):
    out = tmp_path / "int4"
    assert main(["export", "int4", "--checkpoint", str(model_dir), "-o", str(out)]) == 0
    assert (out / INT4_FILE).exists() and (out / "tokenizer.model").exists()
    config = json.loads((out / "config.json").read_text())
    assert config["quantization_config"]["group_size"] == 128
    model = load_int4(out).eval()
    reference = load_pretrained(model_dir).eval()
    ids = torch.arange(30)[None] + 9
    with torch.no_grad():
        error = (model(ids).logits - reference(ids).logits).norm() / reference(ids).logits.norm()
    assert 0 < error.item() < 0.2
    export_int4(model_dir, tmp_path / "int4h", quantize_head=True)
    with safe_open(str(tmp_path / "int4h" / INT4_FILE), "pt") as handle:
        assert "lm_head.qweight" in set(handle.keys())
