"""Yi model: presets, parameter counts and logit parity with transformers' LlamaForCausalLM."""

from __future__ import annotations

import json

import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM

from yisieve.models.checkpoint import INDEX_FILE, load_pretrained, save_pretrained
from yisieve.models.config import PRESETS, PUBLISHED_PARAMETERS, YiConfig, preset
from yisieve.models.model import YiForCausalLM

TINY = preset("yi-tiny", vocab_size=320, rope_theta=5_000_000.0)


def tiny_batch(vocab: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(0)
    return torch.randint(0, vocab, (2, 24), generator=generator)


@pytest.mark.parametrize("name", sorted(PUBLISHED_PARAMETERS))
def test_published_presets_match_reported_sizes(name):
    count = PRESETS[name].parameter_count()
    assert abs(count - PUBLISHED_PARAMETERS[name]) / PUBLISHED_PARAMETERS[name] <= 0.02


def test_parameter_count_matches_the_module():
    model = YiForCausalLM(TINY)
    assert sum(p.numel() for p in model.parameters()) == TINY.parameter_count()


def test_yi_34b_shape_is_the_published_one():
    config = PRESETS["yi-34b"]
    assert (config.hidden_size, config.num_hidden_layers, config.head_dim) == (7168, 60, 128)
    assert (config.num_attention_heads, config.num_key_value_heads) == (56, 8)
    assert config.rope_theta == 5e6 and config.vocab_size == 64000


def test_ours_saved_loads_in_transformers_with_same_logits(tmp_path):
    torch.manual_seed(0)
    ours = YiForCausalLM(TINY).eval()
    save_pretrained(ours, tmp_path)
    theirs = LlamaForCausalLM.from_pretrained(tmp_path, attn_implementation="eager").eval()
    assert theirs.config.rope_parameters["rope_theta"] == TINY.rope_theta
    ids = tiny_batch(TINY.vocab_size)
    with torch.no_grad():
        difference = (ours(ids).logits - theirs(ids).logits).abs().max().item()
    assert difference <= 1e-4


def test_transformers_initialized_model_loads_in_ours(tmp_path):
    torch.manual_seed(1)
    hf_config = LlamaConfig(**{k: v for k, v in TINY.to_hf_dict().items() if k != "architectures"})
    theirs = LlamaForCausalLM(hf_config).eval()
    theirs.save_pretrained(tmp_path)
    ours = load_pretrained(tmp_path).eval()
    assert ours.config == TINY
    ids = tiny_batch(TINY.vocab_size)
    with torch.no_grad():
        difference = (ours(ids).logits - theirs(ids).logits).abs().max().item()
    assert difference <= 1e-4


def test_sharded_checkpoint_round_trips(tmp_path):
    torch.manual_seed(2)
    model = YiForCausalLM(TINY)
    save_pretrained(model, tmp_path, max_shard_bytes=64 * 1024)
    index = json.loads((tmp_path / INDEX_FILE).read_text())
    assert len(set(index["weight_map"].values())) > 1
    loaded = load_pretrained(tmp_path)
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, loaded.state_dict()[name]), name


def test_gqa_attention_equals_reference_math():
    """SDPA path vs an explicit softmax(QK^T/sqrt(d) + causal mask) V with repeated kv heads."""
    torch.manual_seed(3)
    model = YiForCausalLM(TINY).eval()
    attention = model.model.layers[0].self_attn
    x = torch.randn(1, 10, TINY.hidden_size)
    cos, sin = model.model.rotary_emb(torch.arange(10), x.dtype)
    from yisieve.models.model import apply_rotary, repeat_kv

    q = attention.q_proj(x).view(1, 10, 4, -1).transpose(1, 2)
    k = attention.k_proj(x).view(1, 10, 2, -1).transpose(1, 2)
    v = attention.v_proj(x).view(1, 10, 2, -1).transpose(1, 2)
    q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
    k, v = repeat_kv(k, 2), repeat_kv(v, 2)
    scores = q @ k.transpose(-1, -2) / q.shape[-1] ** 0.5
    scores = scores.masked_fill(torch.ones(10, 10).triu(1).bool(), float("-inf"))
    expected = attention.o_proj((scores.softmax(-1) @ v).transpose(1, 2).reshape(1, 10, -1))
    with torch.no_grad():
        assert torch.allclose(attention(x, cos, sin), expected, atol=1e-5)


def test_config_rejects_tied_embeddings():
    with pytest.raises(ValueError, match="tied"):
        YiConfig.from_hf_dict({**TINY.to_hf_dict(), "tie_word_embeddings": True})


def test_params_command_lists_presets_against_published(capsys):
    from yisieve.jobs.cli import main

    assert main(["model", "params"]) == 0
    out = capsys.readouterr().out
    for name in ("yi-6b", "yi-9b", "yi-34b", "yi-1b", "yi-tiny"):
        assert name in out
    assert "34.4B" in out


def test_activation_checkpointing_gives_the_same_gradients():
    torch.manual_seed(4)
    model = YiForCausalLM(TINY)
    ids = tiny_batch(TINY.vocab_size)
    grads = []
    for enabled in (False, True):
        model.zero_grad()
        model.set_activation_checkpointing(enabled)
        model(ids[:, :-1], ids[:, 1:]).loss.backward()
        grads.append([p.grad.clone() for p in model.parameters()])
    for plain, recomputed in zip(*grads, strict=True):
        assert torch.allclose(plain, recomputed, atol=1e-6)


def test_segment_ids_give_each_packed_sequence_its_own_logits():
    """One row holding two sequences (positions restarting, segment ids) = each run alone."""
    torch.manual_seed(5)
    model = YiForCausalLM(TINY).eval()
    first, second = torch.randint(0, 320, (1, 9)), torch.randint(0, 320, (1, 7))
    packed = torch.cat([first, second], dim=1)
    positions = torch.cat([torch.arange(9), torch.arange(7)])[None]
    segments = torch.tensor([[1] * 9 + [2] * 7])
    with torch.no_grad():
        together = model(packed, position_ids=positions, segment_ids=segments).logits
        alone = torch.cat([model(first).logits, model(second).logits], dim=1)
        plain = model(packed).logits
    assert torch.allclose(together, alone, atol=1e-5)
    assert not torch.allclose(plain[:, 9:], alone[:, 9:], atol=1e-3)  # the mask matters


def test_kv_cache_logits_equal_the_full_forward():
    """Prefill, a multi-token chunk (offset causal mask) and single tokens through the cache."""
    torch.manual_seed(6)
    model = YiForCausalLM(TINY).eval()
    ids = torch.randint(0, 320, (1, 20))
    cache = model.new_cache(20)
    with torch.no_grad():
        full = model(ids).logits
        pieces = [model(ids[:, :8], cache=cache).logits, model(ids[:, 8:13], cache=cache).logits]
        pieces += [model(ids[:, i : i + 1], cache=cache).logits for i in range(13, 20)]
    assert cache.length == 20
    assert torch.allclose(torch.cat(pieces, dim=1), full, atol=1e-5)
    with pytest.raises(ValueError, match="cache full"):
        model(ids[:, :1], cache=cache)
