"""The config is documented once, in the models: `yisieve config --show` and default.yaml."""

from __future__ import annotations

import typing

import pytest
import yaml
from pydantic import BaseModel

from yisieve.jobs.cli import main
from yisieve.pipeline.config import DEFAULT_CONFIG, RunConfig, load_config
from yisieve.train.config import PretrainConfig
from yisieve.train.sft_config import SFTConfig

# The safety stage's sections document their keys in the module docstring of
# scorers/safety_stage.py.
UNDESCRIBED_MODULES = {"yisieve.scorers.safety_stage"}


def show(capsys, *args: str) -> str:
    assert main(["config", "--show", *args]) == 0
    return capsys.readouterr().out


def test_default_yaml_equals_the_models_defaults():
    assert load_config(DEFAULT_CONFIG).model_dump() == RunConfig().model_dump()


def test_show_prints_a_valid_config_with_descriptions(capsys, tmp_path):
    text = show(capsys, "--defaults")
    assert RunConfig.model_validate(yaml.safe_load(text)).model_dump() == RunConfig().model_dump()
    lines = text.splitlines()
    min_chars = lines.index("    min_chars: 50")
    assert lines[min_chars - 1] == "    # fewer characters (stripped): rejected as length.too_short"
    assert "  # empty and gigantic documents" in lines
    assert "    # run this stage (or step); false skips it" in lines


def test_show_applies_the_config_file_and_overrides(capsys, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("stages:\n  length:\n    max_chars: 5000\n", encoding="utf-8")
    text = show(capsys, "-c", str(path), "--set", "stages.length.min_chars=77")
    shown = yaml.safe_load(text)
    assert shown["stages"]["length"] == {"enabled": True, "min_chars": 77, "max_chars": 5000}
    assert load_config(path, ["stages.length.min_chars=77"]).model_dump() == (
        RunConfig.model_validate(shown).model_dump()
    )


def test_show_refuses_defaults_with_overrides(capsys):
    assert main(["config", "--show", "--defaults", "--set", "stages.length.min_chars=1"]) == 2
    assert "--defaults" in capsys.readouterr().err


@pytest.mark.parametrize("config", [RunConfig, PretrainConfig, SFTConfig])
def test_every_config_key_has_a_description(config):
    missing = [
        f"{model.__name__}.{name}"
        for model in _section_models(config)
        if model.__module__ not in UNDESCRIBED_MODULES
        for name, field in model.model_fields.items()
        if not field.description
    ]
    assert missing == []


def _section_models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """`model` and every section model reachable from its fields."""
    found = {model}
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            if inner not in found:
                found |= _section_models(inner)
    return found


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]
