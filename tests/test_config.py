"""Config loading: validated before any data is read; errors name the key."""

from __future__ import annotations

import pytest

from yisieve.pipeline.config import ConfigError, load_config


def test_the_default_config_is_valid():
    config = load_config()
    assert config.stages.length.min_chars >= 0
    assert [name for name, _ in config.enabled_stages()]


def test_unknown_key_is_an_error_naming_it(bad_input):
    with pytest.raises(ConfigError, match=r"stages\.length\.min_charz: unknown key"):
        load_config(bad_input / "bad_config.yaml")


def test_bad_value_names_the_key(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("output:\n  docs_per_shard: lots\n")
    with pytest.raises(ConfigError, match=r"output\.docs_per_shard"):
        load_config(path)


def test_overrides_are_typed_and_validated():
    config = load_config(overrides=["stages.length.min_chars=7", "input.format=jsonl"])
    assert config.stages.length.min_chars == 7
    assert config.input.format == "jsonl"
    with pytest.raises(ConfigError, match=r"input\.format"):
        load_config(overrides=["input.format=pdf"])
    with pytest.raises(ConfigError, match=r"stages\.nosuchstage: unknown key"):
        load_config(overrides=["stages.nosuchstage.enabled=false"])
    with pytest.raises(ConfigError, match="key=value"):
        load_config(overrides=["stages.length.min_chars"])


def test_disabled_stages_are_left_out():
    config = load_config(overrides=["stages.length.enabled=false"])
    assert "length" not in [name for name, _ in config.enabled_stages()]


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "none.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("stages: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken)


def test_minhash_num_perm_without_threshold_is_rejected():
    with pytest.raises(ConfigError, match=r"stages\.dedup\.minhash.*num_perm.*threshold"):
        load_config(overrides=["stages.dedup.minhash.num_perm=256"])


def test_minhash_num_perm_bounds_the_threshold_split():
    config = load_config(
        overrides=["stages.dedup.minhash.threshold=0.8", "stages.dedup.minhash.num_perm=32"]
    )
    minhash = config.stages.dedup.minhash
    assert minhash.bands * minhash.rows <= 32


def test_minhash_bands_and_rows_alone_set_the_signature():
    config = load_config(overrides=["stages.dedup.minhash.bands=20"])
    assert (config.stages.dedup.minhash.bands, config.stages.dedup.minhash.rows) == (20, 8)
    consistent = load_config(overrides=["stages.dedup.minhash.num_perm=112"])
    assert consistent.stages.dedup.minhash.num_perm == 112
