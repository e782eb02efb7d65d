"""Live progress of a local run, across worker processes.

Beam metrics are only reported when a local run ends, so for a progress display every worker
process also keeps a small tally of the `total` counters and rewrites it to a file of its own
in the folder named by $YISIEVE_PROGRESS_DIR, at most once a second. The driver sums the files.
Remote runners don't set the variable and the tally costs one dict lookup.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from pathlib import Path

ENV_VAR = "YISIEVE_PROGRESS_DIR"
FLUSH_SECONDS = 1.0


class _WorkerTally:
    def __init__(self, folder: str) -> None:
        self.path = Path(folder) / f"worker-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.last_flush = 0.0

    def add(self, key: str, n: int) -> None:
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n
            now = time.monotonic()
            if now - self.last_flush >= FLUSH_SECONDS:
                self.last_flush = now
                self._flush()

    def _flush(self) -> None:
        temp = self.path.with_suffix(".tmp")
        try:
            temp.write_text(json.dumps(self.counts))
            temp.replace(self.path)
        except OSError:
            pass  # progress is best effort; the run's accounting comes from Beam metrics


_tally: _WorkerTally | None = None
_tally_pid: int | None = None


def tally(key: str, n: int = 1) -> None:
    """Adds to this process's progress tally when a progress folder is set."""
    global _tally, _tally_pid
    folder = os.environ.get(ENV_VAR)
    if not folder:
        return
    if _tally is None or _tally_pid != os.getpid():
        _tally, _tally_pid = _WorkerTally(folder), os.getpid()
    _tally.add(key, n)


def read_progress(folder: str | Path) -> dict[str, int]:
    """The summed tallies of all worker processes so far."""
    totals: dict[str, int] = {}
    for path in Path(folder).glob("worker-*.json"):
        try:
            counts = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return totals
