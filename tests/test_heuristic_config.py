"""`stages.lid` / `stages.heuristic` config: defaults, per-language overrides, validation."""

from __future__ import annotations

import pytest

from yisieve.filters.heuristics.config import HeuristicConfig
from yisieve.pipeline.config import ConfigError, load_config


def test_default_yaml_matches_the_code_defaults():
    config = load_config()
    assert config.stages.heuristic == HeuristicConfig()
    names = [name for name, _ in config.enabled_stages()]
    assert names.index("lid") < names.index("heuristic")
    assert config.stages.lid.languages == {"en": 0.5, "zh": 0.5}


def test_english_defaults_are_the_field_values_and_zh_follows_roots():
    table = HeuristicConfig().thresholds()
    en = table.for_language("en")
    assert (en.min_words, en.min_mean_word_length, en.max_ellipsis_lines_ratio) == (50, 3.0, 0.3)
    assert (en.max_top_2gram_char_ratio, en.max_dup_10gram_char_ratio) == (0.20, 0.10)
    zh = table.for_language("zh")
    assert (zh.max_special_char_ratio, zh.char_repetition_n, zh.max_char_repetition_ratio) == (
        0.3,
        3,
        0.2,
    )
    assert (zh.min_stop_words_ratio, zh.max_flagged_words_ratio) == (0.1691, 0.001)
    assert zh.min_words == en.min_words  # not overridden: inherited from defaults
    assert table.for_language("de") == en == table.for_language(None)


def test_overrides_merge_per_key_and_null_switches_a_check_off():
    config = load_config(
        overrides=[
            "stages.heuristic.languages.de.min_words=20",
            "stages.heuristic.defaults.max_words=null",
        ]
    )
    table = config.stages.heuristic.thresholds()
    assert table.for_language("de").min_words == 20
    assert table.for_language("de").max_words is None
    assert table.for_language("en").max_words is None
    assert table.for_language("zh").char_repetition_n == 3


@pytest.mark.parametrize(
    "override,message",
    [
        (
            "stages.heuristic.languages.zh.bogus=1",
            "stages.heuristic.languages.zh.bogus: unknown key",
        ),
        ("stages.heuristic.defaults.min_words=many", "min_words"),
        ("stages.heuristic.languages.zh.drop_curly_bracket=null", "drop_curly_bracket"),
        ("stages.heuristic.defaults.short_line_chars=0", "short_line_chars"),
        ("stages.lid.languages.en=2", "threshold must be in [0, 1]"),
        ("stages.lid.unknown=1", "stages.lid.unknown: unknown key"),
    ],
)
def test_bad_values_are_clear_errors_before_any_data(override, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(overrides=[override])


def test_missing_blocklist_file_is_a_config_error(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(ConfigError, match="URL blocklist file not found"):
        load_config(overrides=[f"stages.heuristic.url_blocklist_files=[{missing}]"])
