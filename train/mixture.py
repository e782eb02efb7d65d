"""Training mixtures from kept shards: per-group sampling rates (group = cluster by default).

A group's weight is its sampling rate: 0 leaves it out, 0.5 keeps about half of its documents,
2 repeats each twice (Yi's mixing treats clusters as the units to up- or down-sample). A rate's
fractional part is decided per document by a hash of (seed, id, copy), so the same weights and
seed give the same mixture on every machine.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from yisieve.scorers.cluster_statistics import token_count

DEFAULT_GROUP = "cluster.id"


class MixtureError(ValueError):
    """Bad weights, a missing group column or an existing output."""


def parse_weights(items: list[str], weights_file: str | None) -> dict[str, float]:
    """`GROUP=RATE` items (and a JSON/YAML file of {group: rate}); key `default` for the rest."""
    weights: dict[str, str | float] = {}  # as given: numbers from a file, text from items
    if weights_file:
        import yaml

        loaded = yaml.safe_load(Path(weights_file).read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise MixtureError(f"{weights_file}: expected a mapping of group -> rate")
        weights.update({str(k): v for k, v in loaded.items()})
    for item in items:
        group, sep, rate = item.partition("=")
        if not sep:
            raise MixtureError(f"weight {item!r}: expected GROUP=RATE")
        weights[group.strip()] = rate
    try:
        parsed = {group: float(rate) for group, rate in weights.items()}
    except (TypeError, ValueError) as error:
        raise MixtureError(f"weights must be numbers: {error}") from error
    if any(rate < 0 or math.isnan(rate) for rate in parsed.values()):
        raise MixtureError("weights must be >= 0")
    return parsed


def copies(doc_id: str, rate: float, seed: int) -> int:
    """How many times a document enters the mixture: floor(rate), plus one with P = frac(rate)."""
    whole, fraction = int(rate), rate - int(rate)
    if fraction <= 0:
        return whole
    digest = hashlib.blake2b(f"{seed}\x00{doc_id}".encode(), digest_size=8).digest()
    return whole + (int.from_bytes(digest, "big") / 2**64 < fraction)


def group_key(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def build_mixture(
    files: list[str],
    output: str,
    weights: dict[str, float],
    group_column: str = DEFAULT_GROUP,
    seed: int = 0,
    overwrite: bool = False,
) -> dict:
    """Writes OUT/mixture.parquet and OUT/mixture.json (per-group counts before and after)."""
    out = Path(output)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise MixtureError(f"output folder {output} is not empty; pass --overwrite")
    out.mkdir(parents=True, exist_ok=True)
    default = weights.get("default", 1.0)
    counts: defaultdict[str, dict[str, int]] = defaultdict(
        lambda: {"docs_in": 0, "tokens_in": 0, "docs_out": 0, "tokens_out": 0}
    )
    writer = None
    try:
        for path in files:
            table = pq.read_table(path)
            if group_column not in table.column_names:
                raise MixtureError(
                    f"{path}: no column {group_column!r} (run clean with the cluster stage,"
                    " or choose --group-by)"
                )
            rows = table.to_pylist()
            chosen: list[dict[str, Any]] = []
            for row in rows:
                group = group_key(row.get(group_column))
                rate = weights.get(group, default)
                tokens = token_count(row.get("text") or "")
                n = copies(str(row["id"]), rate, seed)
                entry = counts[group]
                entry["docs_in"] += 1
                entry["tokens_in"] += tokens
                entry["docs_out"] += n
                entry["tokens_out"] += n * tokens
                chosen.extend({**row, "mix.copy": i} for i in range(n))
            if chosen:
                batch = pa.Table.from_pylist(chosen)
                if writer is None:
                    writer = pq.ParquetWriter(os.fspath(out / "mixture.parquet"), batch.schema)
                writer.write_table(batch.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()
    summary = {
        "group_by": group_column,
        "seed": seed,
        "weights": weights,
        "groups": {g: counts[g] for g in sorted(counts, key=_sort_key)},
        "totals": {k: sum(c[k] for c in counts.values()) for k in
                   ("docs_in", "tokens_in", "docs_out", "tokens_out")},
    }  # fmt: skip
    (out / "mixture.json").write_text(json.dumps(summary, indent=1))
    return summary


def _sort_key(group: str):
    return (0, int(group), "") if group.lstrip("-").isdigit() else (1, 0, group)
