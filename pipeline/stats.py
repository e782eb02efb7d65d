"""stats.json: the run's accounting, built from the Beam counters of `pipeline.counters`."""

from __future__ import annotations

import importlib.metadata
import platform
from collections import defaultdict
from typing import Any

from yisieve.pipeline.counters import PREFIX

REPORTED_PACKAGES = (
    "yisieve",
    "apache-beam",
    "pyarrow",
    "fastwarc",
    "resiliparse",
    "trafilatura",
    "pydantic",
)


def counter_totals(result) -> dict[str, dict[str, int]]:
    """{namespace: {name: value}} for yisieve counters, summed over the steps that count them."""
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in result.metrics().query()["counters"]:
        namespace = entry.key.metric.namespace
        if not namespace.startswith(PREFIX):
            continue
        value = _value(entry)
        bucket = totals[namespace[len(PREFIX) :]]
        bucket[entry.key.metric.name] = bucket.get(entry.key.metric.name, 0) + value
    return dict(totals)


def stage_timings(result) -> dict[str, dict[str, float]]:
    """Per stage: elements timed, total seconds and mean microseconds per element."""
    timings: dict[str, dict[str, float]] = {}
    for entry in result.metrics().query()["distributions"]:
        if entry.key.metric.namespace != PREFIX + "time":
            continue
        data = _value(entry)
        if not data or not data.count:
            continue
        stage = timings.setdefault(entry.key.metric.name, {"calls": 0, "seconds": 0.0})
        stage["calls"] += data.count
        stage["seconds"] += data.sum / 1e6
    for stage in timings.values():
        stage["seconds"] = round(stage["seconds"], 3)
    return timings


def accounting_totals(counters: dict[str, dict[str, int]]) -> dict[str, int | bool]:
    """input, kept, rejected, errors, and whether input = kept + rejected + errors."""
    total = counters.get("total", {})
    totals: dict[str, int | bool] = {
        key: total.get(key, 0) for key in ("input", "kept", "rejected", "errors")
    }
    totals["balanced"] = totals["input"] == totals["kept"] + totals["rejected"] + totals["errors"]
    return totals


def build_stats(
    counters: dict[str, dict[str, int]],
    timings: dict[str, dict[str, float]],
    run: dict[str, Any],
) -> dict[str, Any]:
    """The stats.json document; `totals.balanced` states the accounting invariant."""
    totals = accounting_totals(counters)
    flow = counters.get("flow", {})
    stages: dict[str, dict[str, int]] = defaultdict(dict)
    for name, value in flow.items():
        stage, _, direction = name.rpartition(".")
        stages[stage][direction] = value
    return {
        "totals": totals,
        "rejected_by_reason": dict(sorted(counters.get("reject", {}).items())),
        "errors_by_kind": dict(sorted(counters.get("error", {}).items())),
        "skipped_records": dict(sorted(counters.get("skip", {}).items())),
        # Corpus-level facts of the dedup stage (e.g. connected-component convergence).
        "dedup": dict(sorted(counters.get("dedup", {}).items())),
        "stages": dict(stages),
        # Run-wide sums of tallied rewrite measures (e.g. `pii.email`: addresses masked).
        "tallies": dict(sorted(counters.get("tally", {}).items())),
        "timings": timings,
        **run,
        "versions": package_versions(),
    }


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in REPORTED_PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
    return versions


def _value(entry):
    return entry.committed if entry.committed is not None else entry.attempted
