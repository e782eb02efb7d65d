"""The base classes of every section of the run configuration.

Every section refuses unknown keys, so a typo in a config file is an error that names the key
instead of a setting silently ignored. A stage's section also carries `enabled`, which the
pipeline builder reads to switch the stage on or off; nothing else in a stage needs to know.
Here, not in `pipeline/`, because the stages' own config models live beside their Beam-free
logic in `filters/` and `scorers/`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ConfigSection(BaseModel):
    """A config section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class StageSection(ConfigSection):
    """The config section of a stage (or of one step of a stage): it can be switched off."""

    enabled: bool = Field(default=True, description="run this stage (or step); false skips it")


class PartialSection(ConfigSection):
    """A section of overrides: only the keys given apply, the others stay unset (None)."""
