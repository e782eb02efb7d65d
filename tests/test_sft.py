"""SFT: ChatML loss mask token by token, NEFTune scale and eval-off, packed == padded loss."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from tests.post_training_helpers import VOCAB
from yisieve.jobs.cli import main
from yisieve.models.chat_template import (
    IGNORE_INDEX,
    IM_END_ID,
    IM_START_ID,
    ConversationError,
    chatml_text,
    render_conversation,
    render_prompt,
)
from yisieve.models.checkpoint import load_pretrained
from yisieve.models.config import preset
from yisieve.models.model import YiForCausalLM
from yisieve.train.neftune import NEFTuneEmbedding, yi_neftune_alpha
from yisieve.train.sft import sft_loss_sum
from yisieve.train.sft_data import (
    collate,
    example_from_messages,
    load_conversations,
    pack_rows,
    pad_rows,
)

pytest_plugins = ["tests.post_training_support"]

REPO = Path(__file__).resolve().parents[1]
CONVERSATION = [
    {"role": "system", "content": "You answer briefly."},
    {"role": "user", "content": "What is the capital of France?"},
    {"role": "assistant", "content": "Paris."},
    {"role": "user", "content": "和德国呢？"},
    {"role": "assistant", "content": "Berlin, 柏林."},
]


def test_chatml_renders_the_template_text(tokenizer):
    rendered = render_conversation(CONVERSATION, tokenizer)
    assert tokenizer.decode(rendered.ids) == chatml_text(CONVERSATION)
    assert rendered.ids.count(IM_START_ID) == 5 and rendered.ids.count(IM_END_ID) == 5


def test_loss_mask_covers_exactly_assistant_tokens(tokenizer):
    """Token by token: trained <=> inside an assistant content or its closing <|im_end|>."""
    rendered = render_conversation(CONVERSATION, tokenizer)
    expected: list[bool] = []
    for message in CONVERSATION:
        reply = message["role"] == "assistant"
        header = [IM_START_ID, *tokenizer.encode(message["role"] + "\n")]
        body = tokenizer.encode(message["content"])
        expected += [False] * len(header) + [reply] * len(body) + [reply]
        expected += [False] * len(tokenizer.encode("\n"))
    assert rendered.trained == expected
    trained_text = tokenizer.decode(
        [i for i, t in zip(rendered.ids, rendered.trained, strict=True) if t]
    )
    assert trained_text == "Paris.<|im_end|>Berlin, 柏林.<|im_end|>"
    # every <|im_end|> closing an assistant turn is trained, the others are not
    ends = [t for i, t in zip(rendered.ids, rendered.trained, strict=True) if i == IM_END_ID]
    assert ends == [False, False, True, False, True]


def test_shifted_targets_keep_the_mask(tokenizer):
    example, truncated = example_from_messages(CONVERSATION, tokenizer, 10_000)
    rendered = render_conversation(CONVERSATION, tokenizer)
    assert not truncated and example.inputs == rendered.ids[:-1]
    for position, target in enumerate(example.targets):
        if rendered.trained[position + 1]:
            assert target == rendered.ids[position + 1]
        else:
            assert target == IGNORE_INDEX


def test_generation_prompt_matches_the_training_template(tokenizer):
    prompt = render_prompt(CONVERSATION[:2], tokenizer)
    assert tokenizer.decode(prompt) == chatml_text(CONVERSATION[:2], add_generation_prompt=True)
    full = render_conversation(CONVERSATION[:3], tokenizer).ids
    assert full[: len(prompt)] == prompt  # the reply continues exactly where training put it


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [{"role": "user", "content": "hi"}],
        [{"role": "robot", "content": "x"}],
        [
            {"role": "user", "content": "a"},
            {"role": "system", "content": "b"},
            {"role": "assistant", "content": "c"},
        ],
    ],
)
def test_bad_conversations_are_rejected(tokenizer, bad):
    with pytest.raises(ConversationError):
        render_conversation(bad, tokenizer)


def test_bad_lines_are_counted_not_fatal(tokenizer, tmp_path):
    path = tmp_path / "data.jsonl"
    lines = [
        json.dumps({"messages": CONVERSATION}),
        "{not json",
        json.dumps({"messages": []}),
        json.dumps([1, 2]),
        "",
    ]
    path.write_text("\n".join(lines) + "\n")
    examples, report = load_conversations(path, tokenizer, 4096)
    assert len(examples) == report.loaded == 1
    assert report.rejected == {"malformed_json": 1, "bad_conversation": 2}


def test_neftune_scale_and_off_in_eval():
    torch.manual_seed(0)
    embedding = torch.nn.Embedding(50, 64)
    ids = torch.randint(0, 50, (4, 100))
    clean = embedding(ids).detach()
    hook = NEFTuneEmbedding(embedding, alpha=5.0)
    embedding.train()
    noise = embedding(ids).detach() - clean
    scale = 5.0 / math.sqrt(100 * 64)  # alpha / sqrt(L * d)
    assert noise.abs().max() <= scale * (1 + 1e-5)
    assert noise.abs().max() > 0.95 * scale  # uniform over the whole [-scale, scale]
    assert abs(noise.std().item() - scale / math.sqrt(3)) < 0.02 * scale  # Uniform(-s, s)
    hook.lengths = torch.full((4, 100), 25.0)  # per-instance L: 4x shorter -> 2x larger noise
    assert (embedding(ids).detach() - clean).abs().max() > 1.9 * scale
    embedding.eval()
    assert torch.equal(embedding(ids), clean)
    hook.remove()
    embedding.train()
    assert torch.equal(embedding(ids), clean)


def test_neftune_alpha_follows_the_report():
    assert yi_neftune_alpha(preset("yi-6b").hidden_size) == 5.0
    assert yi_neftune_alpha(preset("yi-9b").hidden_size) == 5.0
    assert yi_neftune_alpha(preset("yi-34b").hidden_size) == 45.0


def test_packed_and_padded_batches_give_the_same_loss(tokenizer):
    torch.manual_seed(0)
    model = YiForCausalLM(preset("yi-tiny", vocab_size=VOCAB)).eval()
    conversations = [
        CONVERSATION,
        [{"role": "user", "content": "Name a prime."}, {"role": "assistant", "content": "7"}],
        [
            {"role": "user", "content": "天空是什么颜色？"},
            {"role": "assistant", "content": "蓝色。"},
        ],
        CONVERSATION[1:3],
    ]
    examples = [example_from_messages(c, tokenizer, 128)[0] for c in conversations]
    packed_rows = pack_rows(examples, 128)
    assert len(packed_rows) < len(examples)  # really packed: several conversations per row
    packed, padded = collate(packed_rows), collate(pad_rows(examples))
    assert packed.trained_tokens == padded.trained_tokens
    with torch.no_grad():
        loss_packed = sft_loss_sum(model, packed, packing=True) / packed.trained_tokens
        loss_padded = sft_loss_sum(model, padded, packing=False) / padded.trained_tokens
        # without the block-diagonal mask and position resets, packing would change the loss
        naive = model(packed.input_ids, packed.targets).loss
    assert abs(loss_packed.item() - loss_padded.item()) < 1e-5
    assert abs(naive.item() - loss_padded.item()) > 1e-4


def test_sft_command_trains_and_chat_uses_the_template(tiny_model_dir, tmp_path, capsys):
    data = tmp_path / "train.jsonl"
    pairs = [("What is two plus two?", "Four."), ("Say hello.", "Hello!"), ("颜色？", "蓝色。")]
    data.write_text(
        "".join(
            json.dumps(
                {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
            )
            + "\n"
            for q, a in pairs * 4
        )
    )
    out = tmp_path / "sft"
    code = main(
        [
            "sft",
            "--set",
            f"model.init={tiny_model_dir}",
            "--set",
            f"data.train={data}",
            "--set",
            f"data.validation={data}",
            "--set",
            "data.sequence_length=64",
            "--set",
            "data.micro_batch_size=2",
            "--set",
            "data.gradient_accumulation=2",
            "--set",
            "optimizer.lr=3e-3",
            "--set",
            "run.max_steps=16",
            "--set",
            f"run.output={out}",
            "--set",
            "run.eval_interval=8",
            "--set",
            "run.progress=false",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["neftune_alpha"] == 5.0 and summary["packing"] is True
    assert summary["val_loss"] < summary["val_loss_before"]
    assert (out / "loss_curve.png").stat().st_size > 0
    load_pretrained(out / "final")
    code = main(
        [
            "chat",
            "--checkpoint",
            str(out / "final"),
            "--message",
            "What is two plus two?",
            "--max-new-tokens",
            "8",
            "--show-prompt",
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "<|im_start|>user\nWhat is two plus two?<|im_end|>\n<|im_start|>assistant\n" in text


def test_defaults_are_the_yi_sft_recipe(tmp_path):
    from yisieve.train.sft_config import load_sft_config

    config = load_sft_config(
        REPO / "jobs" / "configs" / "sft-yi.yaml", ["optimizer.weight_decay=0.1"]
    )
    bare = load_sft_config(None, ["model.init=x", "data.train=y"])
    for cfg in (config, bare):
        opt = cfg.optimizer
        assert (opt.lr, tuple(opt.betas), opt.eps) == (1e-5, (0.9, 0.999), 1e-8)
        assert (opt.weight_decay, opt.grad_clip, opt.schedule, opt.warmup_steps) == (
            0.1,
            1.0,
            "constant",
            0,
        )
        assert cfg.data.sequence_length == 4096 and cfg.run.max_steps == 300
        assert cfg.data.micro_batch_size * cfg.data.gradient_accumulation == 64
        assert cfg.neftune.alpha == "auto"
