"""`yisieve profile` (a Beam job) and `yisieve thresholds` (CulturaX percentiles -> config)."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import SAMPLE_CRAWL
from yisieve.filters.heuristics.thresholds_from_profile import (
    ProfileError,
    language_thresholds,
    thresholds_config,
)
from yisieve.jobs.cli import main
from yisieve.pipeline.config import load_config

WIKI = str(SAMPLE_CRAWL / "wiki-en-zh.parquet")  # 40 en + 40 zh Wikipedia articles


@pytest.fixture(scope="module")
def profile_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("profile") / "profile.json"
    assert main(["profile", "--input", WIKI, "--output", str(path)]) == 0
    return path


def test_profile_has_quantiles_per_language_and_metric(profile_path):
    profile = json.loads(profile_path.read_text("utf-8"))
    assert {lang: entry["documents"] for lang, entry in profile["languages"].items()} == {
        "en": 40,
        "zh": 40,
    }
    words = profile["languages"]["zh"]["metrics"]["heuristic.words"]
    assert len(words) == 101 and words == sorted(words)
    score = profile["languages"]["en"]["metrics"]["lid.lang_score"]
    assert 0.5 < score[50] <= 1.0
    assert profile["config"]["lid_languages"] == {"en": 0.5, "zh": 0.5}
    assert profile["config"]["heuristic_languages"]["zh"]["char_repetition_n"] == 3


def test_thresholds_command_emits_a_valid_config(profile_path, tmp_path, capsys):
    assert (
        main(
            [
                "thresholds",
                str(profile_path),
                "--low",
                "10",
                "--high",
                "90",
                "--min-documents",
                "20",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    section = yaml.safe_load(text)
    zh = section["stages"]["heuristic"]["languages"]["zh"]
    assert zh["char_repetition_n"] == 3  # the measurement parameter the profile used
    assert 1.0 < zh["min_mean_word_length"] < zh["max_mean_word_length"] < 4.0
    assert set(section["stages"]["lid"]["languages"]) == {"en", "zh"}
    config_file = tmp_path / "thresholds.yaml"
    config_file.write_text(text, encoding="utf-8")
    config = load_config(config_file)  # the exact shape of the config: it validates
    table = config.stages.heuristic.thresholds()
    assert table.for_language("zh").min_words == zh["min_words"]
    assert table.for_language("en").max_words == 100_000  # never derived from p90


def test_percentile_directions_and_degenerate_maxima():
    ramp = [float(i) for i in range(101)]  # quantile i has value i
    zeros = [0.0] * 101
    derived = language_thresholds(
        {
            "heuristic.stop_words_ratio": ramp,
            "heuristic.special_char_ratio": ramp,
            "heuristic.flagged_words_ratio": zeros,
            "heuristic.gopher_stop_words": [i / 7 for i in range(101)],
        },
        low=10,
        high=90,
    )
    assert derived["min_stop_words_ratio"] == 10.0  # high is good: keep above p10
    assert derived["max_special_char_ratio"] == 90.0  # low is good: keep below p90
    assert "max_flagged_words_ratio" not in derived  # p90 = 0 would reject any occurrence
    assert derived["min_gopher_stop_words"] == 1  # integer thresholds round towards keeping


def test_bad_profiles_and_bounds_are_clear_errors(tmp_path, capsys):
    with pytest.raises(ProfileError):
        thresholds_config({"something": 1})
    with pytest.raises(ValueError, match="low < high"):
        thresholds_config({"languages": {}, "config": {}}, low=90, high=10)
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    assert main(["thresholds", str(bad)]) == 2
    assert "yisieve thresholds: error" in capsys.readouterr().err
    assert main(["thresholds", str(tmp_path / "missing.json")]) == 2


def test_profile_rejects_a_bad_sample_fraction(capsys, tmp_path):
    assert (
        main(["profile", "--input", WIKI, "--output", str(tmp_path / "p.json"), "--sample", "0"])
        == 2
    )
    assert "--sample" in capsys.readouterr().err
