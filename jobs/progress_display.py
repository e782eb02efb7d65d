"""A one-line live display of a local run: documents read, rejected, errors, kept, docs/s."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time

from yisieve.pipeline.progress import ENV_VAR, read_progress


class ProgressDisplay:
    """Sets $YISIEVE_PROGRESS_DIR for the workers and redraws a status line from their tallies."""

    def __init__(self, interval: float = 1.0, stream=None) -> None:
        self.interval = interval
        self.stream = stream or sys.stderr
        self.folder = tempfile.mkdtemp(prefix="yisieve-progress-")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._start = time.monotonic()

    def __enter__(self) -> ProgressDisplay:
        os.environ[ENV_VAR] = self.folder
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._draw(final=True)
        os.environ.pop(ENV_VAR, None)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._draw()

    def _draw(self, final: bool = False) -> None:
        counts = read_progress(self.folder)
        read = counts.get("total.input", 0)
        elapsed = max(time.monotonic() - self._start, 1e-9)
        line = (
            f"read {read:,} | rejected {counts.get('progress.rejected', 0):,}"
            f" | errors {counts.get('total.errors', 0):,} | kept {counts.get('total.kept', 0):,}"
            f" | {read / elapsed:,.0f} docs/s | {elapsed:,.0f} s"
        )
        end = "\n" if final or not self.stream.isatty() else ""
        self.stream.write(("\r" if self.stream.isatty() else "") + line + end)
        self.stream.flush()
