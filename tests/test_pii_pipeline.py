"""The pii stage inside a real `clean` run: masked text in kept/, per-type tallies in
stats.json, every record accounted for."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import yaml

from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.runners import RunnerChoice
from yisieve.jobs.summary import format_summary
from yisieve.pipeline.config import load_config
from yisieve.pipeline.stage_registry import STAGES

DOCS = [
    "Für Rückfragen erreichen Sie das Sekretariat unter sekretariat@uni-beispiel.de. "
    "The faculty office answers calls at (283) 182 3829 on weekdays between nine and five.",
    "本公司专业生产聚丙烯酰胺，欢迎来电咨询。联系人：王经理，手机13812345678，"
    "邮箱wang.jl@163.com，地址：河南省巩义市站街镇工业园区。",
    "A plain paragraph about river ecology, with no contact details at all, only prose "
    "about sediment, flow rates and the birds that nest along the banks in spring.",
    "Contact list: a1@mail.com, a2@mail.com, a3@mail.com, a4@mail.com, a5@mail.com, "
    "a6@mail.com, a7@mail.com -- scraped directory page with nothing else on it.",
]


def test_pii_stage_in_a_clean_run(tmp_path):
    source = tmp_path / "pages.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"text": text, "url": f"https://x.test/{i}"}) for i, text in enumerate(DOCS)
        )
        + "\n",
        encoding="utf-8",
    )
    # Only this stage runs (a config file of its own: other stages are off).
    settings = {spec.name: {"enabled": spec.name == "pii"} for spec in STAGES}
    settings["pii"]["density"] = {"enabled": True}
    config_path = tmp_path / "pii_only.yaml"
    config_path.write_text(yaml.safe_dump({"stages": settings}), encoding="utf-8")
    config = load_config(config_path)
    out = tmp_path / "out"
    stats = run_clean([str(source)], str(out), config, RunnerChoice("direct"))

    assert stats["totals"]["balanced"]
    assert stats["totals"]["input"] == 4 and stats["totals"]["kept"] == 3
    assert stats["rejected_by_reason"] == {"pii.too_dense": 1}
    tallies = stats["tallies"]
    assert tallies["pii.email"] == 2 + 7 and tallies["pii.phone"] == 1
    assert tallies["pii.cn_mobile"] == 1 and tallies["pii.spans"] == 4 + 7
    assert json.loads((out / "stats.json").read_text())["tallies"] == tallies
    assert "pii.email" in format_summary(stats, str(out))

    kept = [
        row
        for path in sorted((out / "kept").glob("*.parquet"))
        for row in pq.read_table(path).to_pylist()
    ]
    texts = sorted(row["text"] for row in kept)
    assert any("sekretariat" not in t and "<EMAIL>" in t and "<PHONE>" in t for t in texts)
    assert any("手机<PHONE>，邮箱<EMAIL>" in t for t in texts)
    assert DOCS[2] in texts
