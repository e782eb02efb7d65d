"""The output folder of a run: refuse to mix runs, clean up after one."""

from __future__ import annotations

import json
import os
import uuid

from apache_beam.io.filesystems import FileSystems

OUTPUT_PARTS = (
    "kept",
    "rejected",
    "errors",
    "_tmp",
    "stats.json",
    "clusters.json",
    "clusters.md",
)


class OutputExistsError(RuntimeError):
    """The output folder already holds a run and --overwrite was not given."""


def prepare_output(output_dir: str, overwrite: bool) -> None:
    """Refuses a non-empty output folder unless overwriting, then creates the layout."""
    existing = _entries(output_dir)
    if existing and not overwrite:
        raise OutputExistsError(
            f"output folder {output_dir} is not empty ({len(existing)} entries); "
            "pass --overwrite to replace its previous run"
        )
    if existing:
        stale = [FileSystems.join(output_dir, part) for part in OUTPUT_PARTS]
        FileSystems.delete([path for path in stale if FileSystems.exists(path)])
    if _is_local(output_dir):  # object stores have no folders to create
        for part in ("kept", "rejected", "errors", "_tmp"):
            os.makedirs(os.path.join(output_dir, part), exist_ok=True)


def finish_output(output_dir: str, stats: dict) -> str:
    """Writes stats.json (atomically: it marks a complete run) and removes the temp folder."""
    final = FileSystems.join(output_dir, "stats.json")
    temp = FileSystems.join(output_dir, "_tmp", f"stats-{uuid.uuid4().hex}.json")
    with FileSystems.create(temp) as stream:
        stream.write(json.dumps(stats, indent=2, sort_keys=False, default=str).encode())
    FileSystems.rename([temp], [final])
    temp_dir = FileSystems.join(output_dir, "_tmp")
    if FileSystems.exists(temp_dir):
        FileSystems.delete([temp_dir])
    return final


def _entries(output_dir: str) -> list[str]:
    if not FileSystems.exists(output_dir):
        return []
    pattern = FileSystems.join(output_dir, "*")
    return [meta.path for result in FileSystems.match([pattern]) for meta in result.metadata_list]


def _is_local(path: str) -> bool:
    return "://" not in path
