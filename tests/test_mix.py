"""`yisieve mix`: per-cluster sampling rates over kept shards."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yisieve.jobs.cli import main
from yisieve.train.mixture import MixtureError, copies, parse_weights


def _kept(tmp_path):
    kept = tmp_path / "run" / "kept"
    kept.mkdir(parents=True)
    rows = [{"id": f"d{i}", "text": f"word {i} here", "cluster.id": i % 3} for i in range(300)]
    pq.write_table(pa.Table.from_pylist(rows), kept / "part-00000.parquet")
    return tmp_path / "run"


def test_rates_drop_keep_and_repeat_clusters(tmp_path):
    run = _kept(tmp_path)
    out = tmp_path / "mix"
    code = main(["mix", "-i", str(run), "-o", str(out), "-w", "0=0", "-w", "1=2",
                 "-w", "default=0.5"])  # fmt: skip
    assert code == 0
    summary = json.loads((out / "mixture.json").read_text())
    groups = summary["groups"]
    assert groups["0"]["docs_out"] == 0
    assert groups["1"]["docs_out"] == 200 and groups["1"]["tokens_out"] == 600
    assert 30 <= groups["2"]["docs_out"] <= 70  # about half of 100
    table = pq.read_table(out / "mixture.parquet")
    assert table.num_rows == summary["totals"]["docs_out"]
    assert set(table.column("cluster.id").to_pylist()) == {1, 2}


def test_same_seed_same_mixture_and_fraction_is_deterministic():
    assert [copies(f"d{i}", 0.5, 7) for i in range(50)] == [
        copies(f"d{i}", 0.5, 7) for i in range(50)
    ]
    assert copies("x", 3.0, 0) == 3


def test_bad_weights_are_clear_errors(tmp_path):
    with pytest.raises(MixtureError, match="GROUP=RATE"):
        parse_weights(["oops"], None)
    with pytest.raises(MixtureError, match=">= 0"):
        parse_weights(["1=-2"], None)
    run = _kept(tmp_path)
    assert main(["mix", "-i", str(run), "-o", str(tmp_path / "m"), "--group-by", "nope"]) == 2
