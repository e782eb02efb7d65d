"""Evaluations: perplexity + quantization delta, ICL probe, needle heat map (tiny model)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tests.post_training_helpers import tiny_checkpoint
from tests.test_upscale import make_shards
from yisieve.jobs.cli import main
from yisieve.models.checkpoint import load_pretrained
from yisieve.train.icl_probe import build_prompt, parse_answer, run_probe
from yisieve.train.needle import NEEDLE, haystack_prompt

pytest_plugins = ["tests.post_training_support"]


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return make_shards(tmp_path_factory.mktemp("shards"))


def test_perplexity_and_quantization_delta(tmp_path, tokenizer_dir, shards, capsys):
    model_dir = tiny_checkpoint(tmp_path / "m", tokenizer_dir, intermediate_size=192)
    out = tmp_path / "q.json"
    assert (
        main(
            [
                "eval",
                "quant-delta",
                "--checkpoint",
                str(model_dir),
                "--shards",
                str(shards),
                "--sequence-length",
                "32",
                "--windows",
                "4",
                "--json",
                str(out),
            ]
        )
        == 0
    )
    rows = {r["weights"]: r for r in json.loads(out.read_text())["rows"]}
    assert list(rows) == ["fp32", "bf16", "q8_0", "q4_0", "int4"]
    assert rows["fp32"]["relative_loss_change"] == 0
    assert math.isclose(rows["fp32"]["perplexity"], math.exp(rows["fp32"]["loss"]))
    assert (
        abs(rows["q8_0"]["relative_loss_change"]) < abs(rows["q4_0"]["relative_loss_change"]) + 1e-3
    )
    capsys.readouterr()
    assert main(["export", "int4", "--checkpoint", str(model_dir), "-o", str(tmp_path / "i4")]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "eval",
                "perplexity",
                "--checkpoint",
                str(tmp_path / "i4"),
                "--int4",
                "--shards",
                str(shards),
                "--sequence-length",
                "32",
                "--windows",
                "4",
            ]
        )
        == 0
    )
    int4 = json.loads(capsys.readouterr().out)
    assert int4["loss"] == pytest.approx(rows["int4"]["loss"], rel=1e-5)


def test_icl_prompts_follow_the_weight_vector():
    rng = np.random.default_rng(0)
    prompt, expected = build_prompt((1, 1, 1, 1, 1), 3, rng)
    lines = prompt.split("\n")
    assert len(lines) == 4 and lines[-1].endswith("->")
    for line in lines[:3]:
        xs, y = line.split(" -> ")
        assert sum(int(v) for v in xs.split(", ")) == int(y)
    assert expected == sum(int(v) for v in lines[-1].removesuffix(" ->").split(", "))
    assert parse_answer(" -7\n3, 4 -> 7") == -7 and parse_answer(" x") is None


def test_icl_probe_table(tiny_model_dir, tokenizer):
    rows = run_probe(load_pretrained(tiny_model_dir), tokenizer, shots=(1, 4), trials=2)
    assert [(r.weights, r.shots) for r in rows] == [
        ((1, -1), 1),
        ((1, -1), 4),
        ((1, 1, 1, 1, 1), 1),
        ((1, 1, 1, 1, 1), 4),
    ]
    assert all(0 <= r.exact_match <= 1 and 0 <= r.parsed <= 1 for r in rows)


def test_needle_prompt_places_the_needle_at_depth(tokenizer):
    filler = tokenizer.encode("Grass is green. The sky is blue. " * 40)
    needle = tokenizer.encode(" " + NEEDLE.format(number=4242) + " ")
    for depth in (0.0, 0.5, 1.0):
        ids = haystack_prompt(tokenizer, filler, 120, depth, 4242)
        assert len(ids) == 120
        filler_tokens = (
            120
            - len(needle)
            - len(
                tokenizer.encode("\nWhat is the special magic number? The special magic number is")
            )
        )
        start = round(depth * filler_tokens)
        assert ids[start : start + len(needle)] == needle
        assert ids[:start] == filler[:start]


def test_needle_command_writes_the_heat_map(tiny_model_dir, tmp_path):
    haystack = tmp_path / "hay.txt"
    haystack.write_text("Rivers run to the sea, and the sea is never full. " * 30)
    png = tmp_path / "needle.png"
    out = tmp_path / "needle.json"
    assert (
        main(
            [
                "eval",
                "needle",
                "--checkpoint",
                str(tiny_model_dir),
                "--haystack",
                str(haystack),
                "--lengths",
                "96,120",
                "--depths",
                "0,0.5,1",
                "--trials",
                "1",
                "--png",
                str(png),
                "--json",
                str(out),
            ]
        )
        == 0
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    cells = json.loads(out.read_text())["cells"]
    assert len(cells) == 6 and {c["context_tokens"] for c in cells} == {96, 120}
