"""Depth up-scaling: layer/parameter counts, block choice, loss right after duplication;
continued pretraining from the result, with RoPE ABF and long-document upsampling."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from tests.post_training_helpers import tiny_checkpoint
from yisieve.jobs.cli import main
from yisieve.models.checkpoint import load_config, load_pretrained
from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.models.token_shards import write_token_shard
from yisieve.train.long_documents import LongDocumentSampler
from yisieve.train.token_data import TokenStream
from yisieve.train.upscale import (
    most_similar_block,
    upscale,
    upscale_state_dict,
    upscaled_layer_order,
)

pytest_plugins = ["tests.post_training_support"]

VOCAB = 2048


def make_shards(folder: Path, long_every: int = 0) -> Path:
    rng = np.random.default_rng(0)
    splits = {}
    for split, count in (("train", 40), ("validation", 8)):
        (folder / split).mkdir(parents=True)
        docs = []
        for i in range(count):
            size = 400 if long_every and i % long_every == 0 else int(rng.integers(20, 60))
            docs.append(np.append(rng.integers(9, VOCAB, size), 2))
        with open(folder / split / "part-00000-of-00001.bin", "wb") as stream:
            tokens = write_token_shard(stream, docs, np.uint16)
        splits[split] = {"shards": [f"{split}/part-00000-of-00001.bin"], "tokens": tokens}
    (folder / "manifest.json").write_text(json.dumps({"vocab_size": VOCAB, "splits": splits}))
    (folder / "tokenizer").mkdir()
    return folder


def test_yi_9b_layer_order_from_yi_6b():
    order = upscaled_layer_order(32, 12, 28)
    assert len(order) == 48
    assert order[:28] == list(range(28)) and order[28:44] == list(range(12, 28))
    assert order[44:] == list(range(28, 32))
    config = preset("yi-6b")
    assert abs(config.with_overrides(num_hidden_layers=48).parameter_count() - 8.8e9) / 8.8e9 < 0.02


def test_block_choice_takes_the_most_similar_run():
    similarity = [0.2, 0.5, 0.9, 0.95, 0.92, 0.4, 0.3, 0.1]
    assert most_similar_block(similarity, 3) == (2, 5)
    with pytest.raises(ValueError):
        most_similar_block(similarity, 8)


def test_upscale_counts_and_loss_right_after_duplication():
    torch.manual_seed(0)
    config = preset("yi-tiny", vocab_size=VOCAB, num_hidden_layers=4)
    model = YiForCausalLM(config)
    windows = [torch.randint(9, VOCAB, (33,)) for _ in range(4)]
    deeper, report = upscale(model, windows)
    assert len(report.similarity) == 4 and all(-1 <= s <= 1 for s in report.similarity)
    assert report.layers_after == 6 == deeper.config.num_hidden_layers
    per_layer = (
        config.parameter_count()
        - preset("yi-tiny", vocab_size=VOCAB, num_hidden_layers=0).parameter_count()
    ) // 4
    assert report.parameters_after == report.parameters_before + 2 * per_layer
    assert report.parameters_after == sum(p.numel() for p in deeper.parameters())
    start, end = report.block
    assert end - start == 2 and start >= 1 and end <= 3
    torch.testing.assert_close(
        deeper.model.layers[end].self_attn.q_proj.weight,
        model.model.layers[start].self_attn.q_proj.weight,
    )
    # duplicated near-identity layers: the loss right after duplication stays close
    assert abs(report.val_loss_after - report.val_loss_before) / report.val_loss_before < 0.05


def test_duplicated_state_dict_matches_running_the_layers_in_that_order():
    torch.manual_seed(1)
    model = YiForCausalLM(preset("yi-tiny", vocab_size=VOCAB, num_hidden_layers=3)).eval()
    state, config = upscale_state_dict(model.state_dict(), model.config, 1, 2)
    deeper = YiForCausalLM(config).eval()
    deeper.load_state_dict(state)
    ids = torch.randint(9, VOCAB, (1, 16))
    x = model.model.embed_tokens(ids)
    cos, sin = model.model.rotary_emb(torch.arange(16), x.dtype)
    for source in (0, 1, 1, 2):
        x = model.model.layers[source](x, cos, sin)
    expected = model.lm_head(model.model.norm(x))
    torch.testing.assert_close(deeper(ids).logits, expected)


def test_upscale_command_then_continued_pretraining_with_rope_abf(tmp_path, tokenizer_dir):
    shards = make_shards(tmp_path / "shards", long_every=4)
    base = tiny_checkpoint(tmp_path / "base", tokenizer_dir, num_hidden_layers=4)
    up = tmp_path / "up"
    assert (
        main(
            [
                "upscale",
                "--checkpoint",
                str(base),
                "--shards",
                str(shards),
                "-o",
                str(up),
                "--sequence-length",
                "32",
                "--windows",
                "4",
            ]
        )
        == 0
    )
    report = json.loads((up / "upscale.json").read_text())
    assert report["layers"] == [4, 6] and report["val_loss_after"] is not None
    assert load_config(up).num_hidden_layers == 6
    config = {
        "model": {"preset": "yi-tiny"},
        "data": {"shards": str(shards), "sequence_length": 32, "micro_batch_size": 2},
        "optimizer": {"lr": 1e-3, "warmup_steps": 1},
        "run": {
            "output": str(tmp_path / "cont"),
            "max_steps": 3,
            "log_interval": 1,
            "eval_interval": 3,
            "eval_windows": 2,
            "checkpoint_interval": 100,
            "progress": False,
        },
    }
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(config))
    assert (
        main(
            [
                "continue-pretrain",
                "--init",
                str(up),
                "--config",
                str(tmp_path / "c.yaml"),
                "--rope-theta",
                "1e7",
                "--sequence-length",
                "160",
                "--upsample-long",
                "8",
            ]
        )
        == 0
    )
    final = tmp_path / "cont" / "checkpoints" / "step-000003"
    continued = load_config(final)
    assert continued.num_hidden_layers == 6 and continued.rope_theta == 1e7
    assert continued.max_position_embeddings == 160
    # it started from the up-scaled weights, not from a fresh init: small steps, close weights
    a = load_pretrained(up).model.embed_tokens.weight
    b = load_pretrained(final).model.embed_tokens.weight
    assert (a - b).abs().max() < 0.01


def test_long_document_upsampling_shifts_windows_to_long_documents(tmp_path):
    shards = make_shards(tmp_path / "s", long_every=4)
    stream = TokenStream.from_manifest(shards, "train")
    plain = LongDocumentSampler(stream, 32, 0, min_tokens=300, factor=1.0)
    boosted = LongDocumentSampler(stream, 32, 0, min_tokens=300, factor=8.0)
    long_tokens = plain.long_token_share  # factor 1: the plain token share of long documents
    expected = 8 * long_tokens / (8 * long_tokens + (1 - long_tokens))
    assert boosted.long_token_share == pytest.approx(expected)
    assert boosted.long_token_share > long_tokens
    starts = boosted.rows(5, 0, 64, 64)  # windows now come mostly from the long documents
    assert len(starts) == 64
    rows = boosted.micro_batch(0, 0, 0, 1, 4, 1)[0]
    assert rows.shape == (4, 32)
    assert torch.equal(rows, boosted.micro_batch(0, 0, 0, 1, 4, 1)[0])  # deterministic per step
