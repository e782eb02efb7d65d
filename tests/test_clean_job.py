"""End to end: `yisieve clean` on real crawl files, accounting, outputs, runners, bad input."""

from __future__ import annotations

import json

import pytest

from tests.clean_runs import read_rows
from tests.conftest import BAD_INPUT, SAMPLE_CRAWL
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.cli import main
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import load_config

FIXTURES = (
    "truncated_tail.warc.gz",
    "clipped.warc.gz",
    "old_version.warc.gz",
    "revisits.warc.gz",
    "non_utf8.warc.gz",
    "binary_payloads.warc.gz",
    "empty_docs.jsonl",
    "malformed.jsonl",
)


def assert_balanced(stats, out):
    totals = stats["totals"]
    assert totals["balanced"], totals
    assert totals["input"] == totals["kept"] + totals["rejected"] + totals["errors"]
    assert totals["kept"] == len(read_rows(out, "kept"))
    assert totals["rejected"] == len(read_rows(out, "rejected"))
    assert totals["errors"] == len(read_rows(out, "errors"))
    assert sum(stats["rejected_by_reason"].values()) == totals["rejected"]
    assert sum(stats["errors_by_kind"].values()) == totals["errors"]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "out"
    stats = run_clean([str(SAMPLE_CRAWL)], str(out), load_config(), RunnerChoice("direct"))
    return stats, out


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bad") / "out"
    inputs = [str(BAD_INPUT / name) for name in FIXTURES]
    stats = run_clean(inputs, str(out), load_config(), RunnerChoice("direct"))
    return stats, out


def test_sample_crawl_balances_and_writes_every_output(sample_run):
    stats, out = sample_run
    assert_balanced(stats, out)
    assert stats["totals"]["kept"] > 30
    assert (out / "stats.json").is_file()
    assert not (out / "_tmp").exists()
    assert json.loads((out / "stats.json").read_text())["totals"] == stats["totals"]


def test_output_rows_carry_document_fields_and_annotations(sample_run):
    _, out = sample_run
    kept, rejected = read_rows(out, "kept"), read_rows(out, "rejected")
    columns = set(kept[0])
    assert {"id", "url", "text", "source", "crawl_date", "lang", "lang_score"} <= columns
    assert "length.chars" in columns
    assert "extract.title" in set(rejected[0]), "one schema across the shards of an output"
    assert len({row["id"] for row in kept + rejected}) == len(kept) + len(rejected)
    titled = [row for row in kept + rejected if row.get("extract.title")]
    assert titled, "HTML pages keep their title as an annotation"


def test_rejected_rows_have_a_stage_dot_rule_reason(sample_run):
    _, out = sample_run
    rejected = read_rows(out, "rejected")
    assert rejected
    assert all("." in row["reason"] for row in rejected)


def test_stats_report_config_versions_timings_and_skips(sample_run):
    stats, _ = sample_run
    assert stats["config"]["stages"]["length"]["min_chars"] >= 0
    assert stats["versions"]["apache-beam"]
    assert "extract" in stats["timings"]
    assert stats["skipped_records"]["request"] > 0


def test_bad_input_is_counted_never_lost(bad_run):
    stats, out = bad_run
    assert_balanced(stats, out)
    errors = stats["errors_by_kind"]
    assert errors["read.clipped_record"] == 2  # clipped + truncated tail
    assert errors["read.malformed_json"] == 1
    assert errors["read.not_an_object"] == 1
    assert errors["read.missing_text_field"] == 1
    reasons = stats["rejected_by_reason"]
    assert reasons["extract.binary"] == 1  # PNG served as text/html
    assert reasons["read.not_html"] == 3 + 3  # binary payloads + empty scripts
    assert reasons["length.empty"] >= 3
    error_rows = read_rows(out, "errors")
    clipped = [row for row in error_rows if row["error"] == "clipped_record"]
    assert {row["source"] for row in clipped} == {"truncated_tail.warc.gz", "clipped.warc.gz"}
    assert all(row["offset"] is not None for row in clipped)


def test_non_utf8_pages_survive_with_correct_text(bad_run):
    _, out = bad_run
    expected = json.loads((BAD_INPUT / "non_utf8.expected.json").read_text())
    everything = read_rows(out, "kept") + read_rows(out, "rejected")
    texts = {row["url"]: row["text"] for row in everything if row["url"] in expected}
    assert set(texts) == set(expected)
    for url, snippet in expected.items():
        assert snippet in texts[url], url


def test_output_folder_is_not_reused_without_overwrite(sample_run, capsys, bad_input):
    _, out = sample_run
    code = main(["clean", "-i", str(bad_input / "malformed.jsonl"), "-o", str(out)])
    assert code == 2
    assert "--overwrite" in capsys.readouterr().err


def test_missing_input_fails_before_writing_anything(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["clean", "-i", str(tmp_path / "missing.warc.gz"), "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not out.exists()
    assert main(["clean", "-i", str(tmp_path / "*.jsonl"), "-o", str(out)]) == 2
    assert "glob matched no file" in capsys.readouterr().err
    assert not out.exists()


def test_bad_config_key_fails_before_reading(tmp_path, capsys, bad_input):
    out = tmp_path / "out"
    code = main(
        [
            "clean",
            "-i",
            str(bad_input / "malformed.jsonl"),
            "-o",
            str(out),
            "--config",
            str(bad_input / "bad_config.yaml"),
        ]
    )
    assert code == 2
    assert "min_charz: unknown key" in capsys.readouterr().err
    assert not out.exists()


def test_overrides_change_the_run(tmp_path, bad_input):
    out = tmp_path / "out"
    code = main(
        [
            "clean",
            "-i",
            str(bad_input / "empty_docs.jsonl"),
            "-o",
            str(out),
            "--set",
            "stages.length.min_chars=100000",
            "--no-progress",
        ]
    )
    assert code == 0
    stats = json.loads((out / "stats.json").read_text())
    assert stats["totals"]["kept"] == 0
    assert stats["rejected_by_reason"]["length.too_short"] == 2


def test_small_shards_split_rows_deterministically(tmp_path, bad_input):
    config = load_config(overrides=["output.docs_per_shard=2"])
    inputs = [str(bad_input / "non_utf8.warc.gz")]
    first = run_clean(inputs, str(tmp_path / "a"), config, RunnerChoice("direct"))
    second = run_clean(inputs, str(tmp_path / "b"), config, RunnerChoice("direct"))
    shards = sorted(path.name for path in (tmp_path / "a" / "kept").iterdir())
    kept = first["totals"]["kept"]
    assert len(shards) == -(-kept // 2)
    for name in shards:
        assert (tmp_path / "a" / "kept" / name).read_bytes() == (
            tmp_path / "b" / "kept" / name
        ).read_bytes()
    assert second["totals"] == first["totals"]


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_bundle_size_must_be_a_positive_number(size, tmp_path, capsys, bad_input):
    out = tmp_path / "out"
    argv = ["clean", "-i", str(bad_input / "malformed.jsonl"), "-o", str(out)]
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--runner", "multiprocess", "--max-bundle-mb", size])
    assert exit_info.value.code == 2
    assert "--max-bundle-mb" in capsys.readouterr().err
    assert not out.exists()
