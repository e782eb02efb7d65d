"""Turning the user's paths and globs into the list of input files, before anything runs."""

from __future__ import annotations

import os
import posixpath

from apache_beam.io.filesystems import FileSystems

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz", ".wet", ".wet.gz", ".wat", ".wat.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".ndjson", ".ndjson.gz", ".jsonl.bz2")
PARQUET_SUFFIXES = (".parquet",)


class InputError(ValueError):
    """The inputs cannot be read at all: a missing path, an empty glob, an unknown format."""


def expand_inputs(patterns: list[str]) -> list[str]:
    """Every file matched by the patterns (any Beam filesystem), sorted; errors if one is empty."""
    if not patterns:
        raise InputError("no --input given")
    files: list[str] = []
    for pattern in patterns:
        matched = _match(pattern)
        if not matched:
            kind = "glob matched no file" if _is_glob(pattern) else "input path does not exist"
            raise InputError(f"{kind}: {pattern}")
        files.extend(matched)
    files = sorted(set(files))
    _refuse_duplicate_names(files)
    return files


def detect_format(path: str, configured: str = "auto") -> str:
    """'warc', 'jsonl' or 'parquet' from the configured format or the file name."""
    if configured != "auto":
        return "warc" if configured == "wet" else configured
    name = path.lower()
    for fmt, suffixes in (
        ("warc", WARC_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("parquet", PARQUET_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return fmt
    raise InputError(
        f"cannot tell the format of {path} from its name; set input.format "
        "(warc, wet, jsonl, parquet)"
    )


def source_name(path: str) -> str:
    """The base name that ids and error records refer to."""
    return posixpath.basename(path.rstrip("/"))


def _match(pattern: str) -> list[str]:
    if not _is_glob(pattern) and FileSystems.exists(pattern) and _is_directory(pattern):
        pattern = FileSystems.join(pattern, "*")
    try:
        results = FileSystems.match([pattern])
    except Exception as error:  # filesystems raise their own error types
        raise InputError(f"cannot list {pattern}: {error}") from None
    return [meta.path for result in results for meta in result.metadata_list]


def _is_directory(path: str) -> bool:
    return "://" not in path and os.path.isdir(path)


def _is_glob(pattern: str) -> bool:
    return any(char in pattern for char in "*?[")


def _refuse_duplicate_names(files: list[str]) -> None:
    seen: dict[str, str] = {}
    for path in files:
        name = source_name(path)
        if name in seen:
            raise InputError(
                f"two inputs share the file name {name!r} ({seen[name]}, {path}); document ids "
                "are derived from file names, so rename one"
            )
        seen[name] = path
