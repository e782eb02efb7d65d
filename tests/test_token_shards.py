"""`yisieve tokenize`: the Beam job writing token shards, the format, the memory-mapped loader."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch

from yisieve.jobs.cli import main
from yisieve.jobs.runners import RunnerChoice
from yisieve.jobs.tokenize_job import run_tokenize
from yisieve.models.token_shards import TokenShard, read_header, token_dtype, write_token_shard
from yisieve.models.tokenizer import YiTokenizer, train_tokenizer
from yisieve.pipeline.token_shards import split_of
from yisieve.train.token_data import TokenStream, WindowSampler

SAMPLE = (
    Path(__file__).resolve().parents[1] / "jobs" / "sample_crawl" / "data" / "wiki-en-zh.parquet"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """Kept shards (with one empty document) and a small tokenizer trained on them."""
    table = pq.read_table(SAMPLE, columns=["id", "text"]).slice(0, 60)
    empty = pa.table({"id": ["empty-doc"], "text": ["   "]})
    root = tmp_path_factory.mktemp("tokenize")
    kept = root / "clean" / "kept"
    kept.mkdir(parents=True)
    pq.write_table(table.slice(0, 30), kept / "part-00000-of-00002.parquet")
    pq.write_table(pa.concat_tables([table.slice(30), empty]), kept / "part-00001-of-00002.parquet")
    texts = dict(zip(table.column("id").to_pylist(), table.column("text").to_pylist(), strict=True))
    model = train_tokenizer(texts.values(), root / "tok", 900, character_coverage=0.98, threads=1)
    files = sorted(str(p) for p in kept.glob("*.parquet"))
    return {"root": root, "files": files, "tokenizer": str(model), "texts": texts}


def tokenize(corpus, name: str, runner: str = "direct", **options) -> Path:
    out = corpus["root"] / name
    run_tokenize(
        corpus["files"],
        str(out),
        corpus["tokenizer"],
        RunnerChoice(runner, 2),
        validation_fraction=0.2,
        docs_per_shard=16,
        overwrite=True,
        **options,
    )
    return out


def shard_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.glob("*/*.bin"))}


def test_documents_round_trip_through_shards(corpus):
    out = tokenize(corpus, "direct")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["totals"] == {
        "input": 61,
        "kept": 60,
        "rejected": 1,
        "errors": 0,
        "balanced": True,
    }
    assert manifest["reasons"] == {"tokenize.empty": 1}
    assert manifest["dtype"] == "uint16"
    tokenizer = YiTokenizer(out / "tokenizer")
    seen = {}
    for split in ("train", "validation"):
        for name in manifest["splits"][split]["shards"]:
            shard = TokenShard(out / name)
            assert shard.tokens.dtype == np.uint16
            for index in range(shard.header.document_count):
                doc = shard.document(index)
                assert doc[-1] == tokenizer.eos_id
                text = tokenizer.decode(doc[:-1].tolist())
                document_id = next(k for k, v in corpus["texts"].items() if v == text)
                assert split_of(document_id, 0.2) == split
                seen[document_id] = split
    assert set(seen) == set(corpus["texts"])
    assert 0 < sum(s == "validation" for s in seen.values()) < len(seen)
    assert len(manifest["splits"]["train"]["shards"]) >= 2


def test_rerun_gives_identical_shards(corpus):
    assert shard_bytes(tokenize(corpus, "again-a")) == shard_bytes(tokenize(corpus, "again-b"))


@pytest.mark.slow
@pytest.mark.parametrize("runner", ["multiprocess", "portable"])
def test_runners_write_the_same_shards(corpus, runner):
    assert shard_bytes(tokenize(corpus, f"r-{runner}", runner)) == shard_bytes(
        tokenize(corpus, "r-direct")
    )


def test_cli_refuses_to_overwrite_and_reports_missing_input(corpus, capsys):
    out = tokenize(corpus, "cli")
    args = ["tokenize", "-i", corpus["files"][0], "-o", str(out), "-t", corpus["tokenizer"]]
    assert main(args) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["tokenize", "-i", "/nonexistent/*.parquet", "-o", str(out), "-t", "x"]) == 2


def test_unreadable_shard_is_counted_and_reported(corpus):
    bad = corpus["root"] / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    out = corpus["root"] / "with-bad"
    manifest = run_tokenize(
        [*corpus["files"], str(bad)],
        str(out),
        corpus["tokenizer"],
        RunnerChoice("direct"),
        validation_fraction=0.2,
        overwrite=True,
    )
    assert manifest["totals"]["errors"] == 1 and manifest["totals"]["balanced"]
    assert manifest["totals"]["kept"] == 60
    assert manifest["reasons"]["tokenize.unreadable_parquet"] == 1
    (line,) = (out / "errors" / "errors.jsonl").read_text().splitlines()
    assert json.loads(line)["path"] == str(bad)


def test_header_and_wide_vocabularies(tmp_path):
    assert token_dtype(64_000) == np.uint16 and token_dtype(100_000) == np.uint32
    docs = [np.array([70_000, 5, 2]), np.array([1, 2])]
    path = tmp_path / "wide.bin"
    with open(path, "wb") as stream:
        write_token_shard(stream, docs, token_dtype(100_000))
    header = read_header(path)
    assert (header.itemsize, header.token_count, header.document_count) == (4, 5, 2)
    shard = TokenShard(path)
    assert shard.document(0).tolist() == [70_000, 5, 2]
    path.write_bytes(b"NOTASHARD" + bytes(40))
    with pytest.raises(ValueError, match="not a token shard"):
        read_header(path)


def test_loader_windows_cross_shard_boundaries_and_are_deterministic(tmp_path):
    paths = []
    for i, tokens in enumerate(([3, 4, 5, 2], [6, 7, 2], [8, 9, 10, 11, 2])):
        paths.append(tmp_path / f"part-{i}.bin")
        with open(paths[-1], "wb") as stream:
            write_token_shard(stream, [np.array(tokens)], np.uint16)
    stream = TokenStream(paths)
    assert len(stream) == 12
    assert stream.window(2, 6).tolist() == [5, 2, 6, 7, 2, 8]
    sampler = WindowSampler(stream, sequence_length=4, seed=7)
    x1, y1 = sampler.micro_batch(3, 0, 0, 1, 2, 1)
    x2, _ = sampler.micro_batch(3, 0, 0, 1, 2, 1)
    assert x1.equal(x2) and x1[:, 1:].equal(y1[:, :-1])
    whole = sampler.rows(3, 0, 4, 4)
    halves = [sampler.micro_batch(3, 0, rank, 2, 2, 1)[0] for rank in (0, 1)]
    assert whole[:, :-1].equal(torch.cat(halves))
