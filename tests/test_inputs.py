"""Input expansion: clear errors before anything runs."""

from __future__ import annotations

import pytest

from yisieve.pipeline.io.inputs import InputError, detect_format, expand_inputs


def test_globs_and_folders_expand_to_sorted_files(sample_crawl):
    by_glob = expand_inputs([str(sample_crawl / "*.warc.gz")])
    by_folder = expand_inputs([str(sample_crawl)])
    assert by_glob and all(path.endswith(".warc.gz") for path in by_glob)
    assert by_glob == sorted(by_glob)
    assert set(by_glob) < set(by_folder)


def test_missing_path_and_empty_glob_are_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        expand_inputs([str(tmp_path / "nope.warc.gz")])
    with pytest.raises(InputError, match="glob matched no file"):
        expand_inputs([str(tmp_path / "*.warc.gz")])
    with pytest.raises(InputError, match="no --input"):
        expand_inputs([])


def test_duplicate_file_names_are_refused(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.jsonl").write_text("{}\n")
    with pytest.raises(InputError, match="share the file name"):
        expand_inputs([str(tmp_path / "a" / "x.jsonl"), str(tmp_path / "b" / "x.jsonl")])


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.warc.gz", "warc"),
        ("CC-MAIN-x.warc.wet.gz", "warc"),
        ("a.warc", "warc"),
        ("a.jsonl.gz", "jsonl"),
        ("a.jsonl", "jsonl"),
        ("a.parquet", "parquet"),
    ],
)
def test_format_from_file_name(name, fmt):
    assert detect_format(name) == fmt


def test_unknown_format_names_the_setting():
    with pytest.raises(InputError, match="input.format"):
        detect_format("data.bin")
    assert detect_format("data.bin", "jsonl") == "jsonl"
