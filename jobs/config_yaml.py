"""A config as YAML with each key's description as a comment: the config documented once.

The descriptions are the `Field(description=...)` of the config models, so the listing printed
by `yisieve config --show` and the shipped `jobs/configs/default.yaml` say what the code says.
The output loads back to the same config.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml
from pydantic import BaseModel

from yisieve.filters.config_section import PartialSection

INDENT = "  "
WIDTH = 100


def described_yaml(config: BaseModel) -> str:
    """`config` as YAML, every key preceded by its description as a comment."""
    return "\n".join(_section_lines(config, 0)) + "\n"


def _section_lines(section: BaseModel, depth: int) -> list[str]:
    dumped = section.model_dump(mode="json")
    only_set = isinstance(section, PartialSection)
    lines: list[str] = []
    for name, field in type(section).model_fields.items():
        if only_set and name not in section.model_fields_set:
            continue
        lines += _comment(field.description, depth)
        lines += _key_lines(name, getattr(section, name), dumped[name], depth)
    return lines


def _key_lines(key: str, value: Any, dumped: Any, depth: int) -> list[str]:
    pad = INDENT * depth
    if isinstance(value, BaseModel):
        return [f"{pad}{key}:", *_section_lines(value, depth + 1)]
    if isinstance(value, dict) and any(isinstance(item, BaseModel) for item in value.values()):
        lines = [f"{pad}{key}:"]
        for name, item in value.items():
            lines += _key_lines(str(name), item, dumped[name], depth + 1)
        return lines
    line = f"{pad}{key}: {_flow(dumped)}"
    if len(line) > WIDTH and isinstance(dumped, list):  # one item a line
        return [f"{pad}{key}:", *(f"{pad}{INDENT}- {_flow(item)}" for item in dumped)]
    return [line]


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return text.removesuffix("...\n").strip()


def _comment(description: str | None, depth: int) -> list[str]:
    if not description:
        return []
    prefix = INDENT * depth + "# "
    return textwrap.wrap(description, WIDTH, initial_indent=prefix, subsequent_indent=prefix)
