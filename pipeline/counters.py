"""Beam counter names: the single source that stats.json is built from.

Namespaces (all under `yisieve.`):
- `total`: `input`, `kept`, `rejected`, `errors` -- the accounting invariant;
- `reject`: one counter per reason `<stage>.<rule>`;
- `error`: one per kind `<stage>.<error>`;
- `skip`: records that are not documents, e.g. `warc.request`;
- `flow`: `<stage>.in` and `<stage>.out` for every stage;
- `tally`: sums of measures a rewrite declares `tallied`, e.g. `pii.email` (spans masked);
- `time`: distributions of microseconds per element, per stage.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from apache_beam.metrics import Metrics

from yisieve.pipeline.progress import tally

PREFIX = "yisieve."


class Counter:
    """A Beam counter that also feeds the local progress display."""

    def __init__(self, namespace: str, name: str) -> None:
        self.metric = Metrics.counter(PREFIX + namespace, name)
        self.key = f"{namespace}.{name}"

    def inc(self, n: int = 1) -> None:
        self.metric.inc(n)
        tally(self.key, n)


def counter(namespace: str, name: str) -> Counter:
    return Counter(namespace, name)


class StageCounters:
    """The counters one stage updates; created in DoFn.setup, so they cost nothing per element."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self._in = counter("flow", f"{stage}.in")
        self._out = counter("flow", f"{stage}.out")
        self._timing = Metrics.distribution(PREFIX + "time", stage)
        self._reasons: dict[str, Counter] = {}
        self._tallies: dict[str, Counter] = {}

    def entered(self, n: int = 1) -> None:
        self._in.inc(n)

    def passed(self, n: int = 1) -> None:
        self._out.inc(n)

    def rejected(self, reason: str) -> None:
        if reason not in self._reasons:
            self._reasons[reason] = counter("reject", reason)
        self._reasons[reason].inc()
        tally("progress.rejected")

    def tally(self, key: str, n: int) -> None:
        if key not in self._tallies:
            self._tallies[key] = counter("tally", key)
        self._tallies[key].inc(n)

    @contextmanager
    def timed(self, elements: int = 1) -> Iterator[None]:
        start = time.perf_counter()
        yield
        micros = (time.perf_counter() - start) * 1e6
        self._timing.update(int(micros / max(elements, 1)))


def count_error(kind: str) -> None:
    counter("error", kind).inc()


def count_skip(kind: str) -> None:
    counter("skip", kind).inc()
