"""Reading the documents a `fit` command trains on: JSONL, Parquet or plain text files.

JSONL and Parquet give one document per record (the `text_field`); a `.txt` file gives one
document per line, the convention of fastText and KenLM training files. Empty documents are
skipped; a file that cannot be read is an error naming it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from pathlib import Path


class TrainingDataError(ValueError):
    """A training file that is missing, unreadable or has no usable documents."""


def read_texts(path: str | Path, text_field: str = "text") -> list[str]:
    path = Path(path)
    if not path.is_file():
        raise TrainingDataError(f"training file not found: {path}")
    name = path.name.lower()
    try:
        if name.endswith(".parquet"):
            texts = list(_parquet_texts(path, text_field))
        elif name.endswith((".jsonl", ".jsonl.gz", ".json.gz", ".ndjson")):
            texts = list(_jsonl_texts(path, text_field))
        else:
            texts = list(_line_texts(path))
    except TrainingDataError:
        raise
    except Exception as error:
        raise TrainingDataError(f"could not read training file {path}: {error}") from None
    texts = [text for text in texts if text and text.strip()]
    if not texts:
        raise TrainingDataError(f"no documents with text in {path} (field {text_field!r})")
    return texts


def read_all(paths: Sequence[str | Path], text_field: str = "text") -> list[str]:
    return [text for path in paths for text in read_texts(path, text_field)]


def _open_text(path: Path):
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _jsonl_texts(path: Path, text_field: str) -> Iterator[str]:
    with _open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise TrainingDataError(f"{path}:{number}: not JSON: {error}") from None
            if text_field not in record:
                raise TrainingDataError(f"{path}:{number}: no field {text_field!r}")
            yield str(record[text_field] or "")


def _parquet_texts(path: Path, text_field: str) -> Iterator[str]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if text_field not in table.column_names:
        raise TrainingDataError(f"{path}: no column {text_field!r} (has {table.column_names})")
    for value in table.column(text_field).to_pylist():
        yield str(value or "")


def _line_texts(path: Path) -> Iterator[str]:
    with _open_text(path) as handle:
        for line in handle:
            yield line.rstrip("\n")


def describe_sources(
    paths: Sequence[str | Path], role: str, text_field: str = "text"
) -> list[dict[str, object]]:
    """Manifest entries for training files: path, role, sha256 and number of documents."""
    from yisieve.scorers.model_files import sha256_of

    return [
        {
            "role": role,
            "path": str(path),
            "sha256": sha256_of(Path(path)),
            "documents": len(read_texts(path, text_field)),
        }
        for path in paths
    ]
