"""Where scorer models live, how they are checked on load, and the manifest that travels with them.

A model path in the config may be relative: it is resolved against the `scorers/` package
folder, so a fresh clone finds the bundled defaults under `scorers/models/` wherever it runs.
A missing or unreadable model is a `ModelFileError` that names the path, never a crash deep
inside a native library.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
MANIFEST_NAME = "manifest.json"

T = TypeVar("T")


class ModelFileError(RuntimeError):
    """A scorer model that is missing, truncated or not the format its loader expects."""


def resolve_model_path(path: str | Path) -> Path:
    """Absolute paths as given; relative ones against the `scorers/` package folder."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PACKAGE_DIR / path


def require_file(path: str | Path, what: str) -> Path:
    """The resolved path of an existing, non-empty model file, or a clear error naming it."""
    resolved = resolve_model_path(path)
    if not resolved.is_file():
        raise ModelFileError(f"{what} model not found: {resolved}")
    if resolved.stat().st_size == 0:
        raise ModelFileError(f"{what} model is empty: {resolved}")
    return resolved


def check_against_manifest(resolved: Path, what: str) -> None:
    """A model listed in a manifest.json beside it must still have the recorded sha256.

    Native loaders do not all detect a truncated file (fastText can loop on one), so a damaged
    copy of a bundled model is caught here, before the loader sees it.
    """
    manifest_path = resolved.parent / MANIFEST_NAME
    if not manifest_path.is_file():
        return
    try:
        entries = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as error:
        raise ModelFileError(f"unreadable model manifest {manifest_path}: {error}") from None
    for entry in entries:
        if entry.get("file") == resolved.name and entry.get("sha256") != sha256_of(resolved):
            raise ModelFileError(
                f"{what} model {resolved} does not match the sha256 in {manifest_path} "
                "(truncated or corrupt copy)"
            )


def load_checked(path: str | Path, what: str, loader: Callable[[str], T]) -> T:
    """Run a native loader, turning its failure on a corrupt file into a `ModelFileError`."""
    resolved = require_file(path, what)
    check_against_manifest(resolved, what)
    try:
        return loader(str(resolved))
    except Exception as error:  # native loaders raise ValueError, RuntimeError, OSError...
        raise ModelFileError(f"{what} model could not be loaded from {resolved}: {error}") from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe_file(path: Path, root: Path) -> dict[str, Any]:
    return {
        "file": str(path.relative_to(root)) if path.is_relative_to(root) else str(path),
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
    }


def write_manifest(
    out_dir: Path,
    files: Sequence[Path],
    data_sources: Sequence[dict[str, Any]],
    metrics: dict[str, Any],
    licence: str,
    settings: dict[str, Any],
    argv: Sequence[str] | None = None,
) -> Path:
    """manifest.json beside the model: files with sha256/size, the command, data and licence."""
    command = "yisieve " + shlex.join(argv if argv is not None else sys.argv[1:])
    manifest = {
        "files": [describe_file(path, out_dir) for path in files],
        "command": command,
        "data_sources": list(data_sources),
        "licence": licence,
        "settings": settings,
        "held_out_metrics": metrics,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    target = out_dir / MANIFEST_NAME
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def verify_manifest(out_dir: Path) -> list[str]:
    """Files whose sha256 no longer matches the manifest (empty when all is well)."""
    manifest = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return [
        entry["file"]
        for entry in manifest["files"]
        if sha256_of(out_dir / entry["file"]) != entry["sha256"]
    ]
