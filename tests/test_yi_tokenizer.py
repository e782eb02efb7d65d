"""Yi-style tokenizer: special ids, exact round trips, HF export giving the same ids."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yisieve.jobs.cli import main
from yisieve.models.tokenizer import SPECIAL_TOKEN_IDS, YiTokenizer

SAMPLE = (
    Path(__file__).resolve().parents[1] / "jobs" / "sample_crawl" / "data" / "wiki-en-zh.parquet"
)

ROUND_TRIPS = {
    "en": "The quick brown fox jumps over the lazy dog.",
    "zh": "《三国之歌》是锡伯族佚名诗人改编而成的长篇叙事诗。",
    "digits": "In 1989, 3.14159 and 0000042 and 1,234,567.",
    "emoji": "Yi 😀🚀👍🏽 emoji, and a ZWJ family 👨‍👩‍👧.",
    "full-width punctuation": "全角：（括号）、“引号”！？；Ａ１２",
    "runs of spaces": "a  b   c    d\t\ttab\n\n\n  indented   ",
    "leading space": " starts with a space",
}


@pytest.fixture(scope="module")
def kept_shards(tmp_path_factory) -> Path:
    """A kept-shard folder (id, text) from the bundled en + zh Wikipedia sample."""
    table = pq.read_table(SAMPLE, columns=["id", "text"])
    folder = tmp_path_factory.mktemp("clean") / "kept"
    folder.mkdir()
    pq.write_table(table.slice(0, 40), folder / "part-00000-of-00002.parquet")
    pq.write_table(table.slice(40), folder / "part-00001-of-00002.parquet")
    return folder.parent


@pytest.fixture(scope="module")
def tokenizer_dir(kept_shards, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tokenizer")
    code = main(
        [
            "tokenizer",
            "train",
            "-i",
            str(kept_shards),
            "-o",
            str(out),
            "--vocab-size",
            "1200",
            "--character-coverage",
            "0.995",
            "--threads",
            "1",
        ]
    )
    assert code == 0
    return out


def test_special_tokens_have_yi_ids(tokenizer_dir):
    tokenizer = YiTokenizer(tokenizer_dir)
    assert tokenizer.vocab_size == 1200
    for token, expected in SPECIAL_TOKEN_IDS.items():
        assert tokenizer.processor.piece_to_id(token) == expected
    assert (tokenizer.bos_id, tokenizer.eos_id, tokenizer.pad_id) == (1, 2, 0)
    assert SPECIAL_TOKEN_IDS["<|im_start|>"] == 6 and SPECIAL_TOKEN_IDS["<|im_sep|>"] == 8


@pytest.mark.parametrize("kind", sorted(ROUND_TRIPS))
def test_exact_round_trip(tokenizer_dir, kind):
    tokenizer = YiTokenizer(tokenizer_dir)
    text = ROUND_TRIPS[kind]
    assert tokenizer.decode(tokenizer.encode(text)) == text


def test_digits_are_split_and_no_dummy_prefix(tokenizer_dir):
    tokenizer = YiTokenizer(tokenizer_dir)
    pieces = [tokenizer.processor.id_to_piece(i) for i in tokenizer.encode("x 2024")]
    assert pieces[-4:] == ["2", "0", "2", "4"]
    assert not pieces[0].startswith("▁")


def test_hf_export_gives_same_ids_and_round_trips(tokenizer_dir, kept_shards):
    from transformers import AutoTokenizer

    ours = YiTokenizer(tokenizer_dir)
    hf = AutoTokenizer.from_pretrained(tokenizer_dir)
    assert (hf.bos_token_id, hf.eos_token_id, hf.pad_token_id, hf.unk_token_id) == (1, 2, 0, 0)
    assert hf.convert_tokens_to_ids(["<|im_start|>", "<|im_end|>", "<|im_sep|>"]) == [6, 7, 8]
    texts = list(ROUND_TRIPS.values())
    texts += pq.read_table(SAMPLE, columns=["text"]).column("text").to_pylist()[::8]
    # HF tokenizers match special-token strings inside raw text ("<unk>" in WikiText, say);
    # SentencePiece encodes them as plain text. Elsewhere the two must agree exactly.
    texts = [t for t in texts if not any(token in t for token in SPECIAL_TOKEN_IDS)]
    assert len(texts) >= 12
    for text in texts:
        ids = ours.encode(text)
        assert hf(text, add_special_tokens=False).input_ids == ids
        assert hf.decode(ids) == text


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    code = main(["tokenizer", "train", "-i", str(tmp_path / "nothing"), "-o", str(tmp_path)])
    assert code == 2
    assert "no Parquet shards" in capsys.readouterr().err


def test_round_trip_through_beam_is_not_needed_for_kept_texts(kept_shards):
    """The kept-shard reader yields every non-empty text of every shard, in file order."""
    from yisieve.jobs.kept_shards import expand_kept_shards, iter_kept_texts

    files = expand_kept_shards([str(kept_shards)])
    assert [Path(f).name for f in files] == [
        "part-00000-of-00002.parquet",
        "part-00001-of-00002.parquet",
    ]
    texts = list(iter_kept_texts(files))
    assert texts == pa.concat_tables([pq.read_table(f) for f in files]).column("text").to_pylist()
