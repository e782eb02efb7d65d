"""Sampling: greedy/top-p token choice and `yisieve generate` on a saved checkpoint."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
import torch

from yisieve.jobs.cli import main
from yisieve.models.checkpoint import save_pretrained
from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.models.tokenizer import train_tokenizer
from yisieve.train.sampling import generate, next_token

SAMPLE = (
    Path(__file__).resolve().parents[1] / "jobs" / "sample_crawl" / "data" / "wiki-en-zh.parquet"
)


def test_greedy_and_top_p_choices():
    logits = torch.tensor([0.0, 3.0, 1.0, 2.9])
    assert next_token(logits, 0.0, 1.0, None) == 1
    generator = torch.Generator().manual_seed(0)
    # top_p tiny keeps only the most likely token, whatever the temperature
    assert {next_token(logits, 5.0, 1e-6, generator) for _ in range(20)} == {1}
    drawn = {next_token(logits, 5.0, 1.0, generator) for _ in range(200)}
    assert drawn == {0, 1, 2, 3}


def test_generate_is_reproducible_and_stops_at_eos():
    torch.manual_seed(0)
    model = YiForCausalLM(preset("yi-tiny"))
    first = generate(model, [5, 6, 7], 10, temperature=1.0, top_p=0.9, seed=3)
    assert first == generate(model, [5, 6, 7], 10, temperature=1.0, top_p=0.9, seed=3)
    greedy = generate(model, [5, 6, 7], 10)
    assert len(greedy) == 10
    stop = greedy[0]
    assert generate(model, [5, 6, 7], 10, eos_id=stop) == []


@pytest.mark.parametrize("temperature, top_p", [(0.0, 1.0), (1.0, 0.9), (0.7, 1.0)])
def test_kv_cache_gives_the_same_tokens(temperature, top_p):
    """Cached decoding = recomputing the context every token, also once the window slides."""
    torch.manual_seed(1)
    model = YiForCausalLM(preset("yi-tiny", max_position_embeddings=24))
    for prompt in ([5, 6, 7], list(range(9, 30))):  # the second slides past 24 positions
        kwargs = {"temperature": temperature, "top_p": top_p, "seed": 4}
        cached = generate(model, prompt, 16, use_cache=True, **kwargs)
        assert cached == generate(model, prompt, 16, use_cache=False, **kwargs)
        assert len(cached) == 16


def test_generate_command_prints_prompt_and_continuation(tmp_path, capsys):
    texts = (
        pq.read_table(SAMPLE, columns=["text"]).column("text").to_pylist()[-20:]
    )  # English WikiText rows
    train_tokenizer(texts, tmp_path, vocab_size=700, character_coverage=0.98, threads=1)
    torch.manual_seed(0)
    save_pretrained(YiForCausalLM(preset("yi-tiny", vocab_size=700)), tmp_path)
    code = main(
        ["generate", "--checkpoint", str(tmp_path), "--prompt", "The game", "--max-new-tokens", "5"]
    )
    assert code == 0
    assert capsys.readouterr().out.startswith("The game")
