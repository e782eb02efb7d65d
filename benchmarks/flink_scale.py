"""Scale on a real Flink cluster vs the multiprocess runner, on the same corpora.

For each size, the dedup-only clean job of `dedup_scale.py` runs twice: `--runner multiprocess
--workers 2`, then `--runner flink --workers 2` on the local cluster (jobs/flink/local_cluster.sh,
restarted per size so its peaks are that run's), with LOOPBACK SDK workers: the stages' Python
code runs inside the submitting `yisieve` process, so that process is the SDK worker.
Reported: wall time, docs/s per core (documents / wall / 2), peak RSS of the TaskManager JVM,
its peak JVM heap (Flink's REST metrics), and the SDK worker's peak RSS.

    .venv/bin/python benchmarks/flink_scale.py --data ../shared/data --sizes 50000 100000 200000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dedup_corpora import DEFAULT_DATA, paragraph_pool  # noqa: E402
from benchmarks.dedup_scale import dedup_only_config, timed_run, write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "jobs" / "flink" / "local_cluster.sh"
REST = "http://localhost:8081"


def rest(path: str):
    with urllib.request.urlopen(REST + path, timeout=10) as reply:
        return json.load(reply)


class TaskManagerPeaks:
    """Polls the TaskManager's JVM heap (REST metrics) while a job runs."""

    def __init__(self, interval: float = 1.0) -> None:
        self.heap_peak = 0.0
        self.done = threading.Event()
        self.interval = interval
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.done.is_set():
            try:
                for manager in rest("/taskmanagers")["taskmanagers"]:
                    metrics = rest(
                        f"/taskmanagers/{manager['id']}/metrics?get=Status.JVM.Memory.Heap.Used"
                    )
                    for metric in metrics:
                        self.heap_peak = max(self.heap_peak, float(metric["value"]) / 2**20)
            except OSError:
                pass
            time.sleep(self.interval)

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return round(self.heap_peak, 1)


def taskmanager_pid() -> int:
    found = subprocess.run(["pgrep", "-f", "TaskManagerRunner"], capture_output=True, text=True)
    return int(found.stdout.split()[0])


def vm_hwm_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def clean_command(corpus: Path, output: Path, runner: list[str]) -> list[str]:
    config = dedup_only_config(output.with_suffix(".yaml"))
    return [
        str(ROOT / ".venv" / "bin" / "yisieve"), "clean", "--input", str(corpus),
        "--output", str(output), "--no-progress", "--overwrite", "--config", str(config),
        "--set", "stages.dedup.substring.enabled=false", "--workers", "2", *runner,
    ]  # fmt: skip


def run_multiprocess(corpus: Path, output: Path, size: int) -> dict:
    wall, peaks = timed_run(clean_command(corpus, output, ["--runner", "multiprocess"]))
    stats = json.loads((output / "stats.json").read_text())
    return {
        "runner": "multiprocess", "documents": size, "wall_s": round(wall, 1),
        "docs_per_s_per_core": round(size / wall / 2, 1), "kept": stats["totals"]["kept"],
        "worker_peak_mib": peaks["worker_peak_mib"],
        "runner_process_peak_mib": peaks["runner_process_peak_mib"],
    }  # fmt: skip


def run_flink(corpus: Path, output: Path, size: int) -> dict:
    subprocess.run([str(CLUSTER), "stop"], check=True)
    subprocess.run([str(CLUSTER), "start"], check=True)
    heap = TaskManagerPeaks()
    try:
        runner = ["--runner", "flink", "--flink-environment", "loopback"]
        wall, client = timed_run(clean_command(corpus, output, runner))
        tm_rss = vm_hwm_mib(taskmanager_pid())
    finally:
        heap_peak = heap.stop()
    jobs = rest("/jobs/overview")["jobs"]
    stats = json.loads((output / "stats.json").read_text())
    return {
        "runner": "flink", "documents": size, "wall_s": round(wall, 1),
        "docs_per_s_per_core": round(size / wall / 2, 1), "kept": stats["totals"]["kept"],
        "taskmanager_rss_peak_mib": tm_rss, "taskmanager_heap_peak_mib": heap_peak,
        "sdk_worker_peak_mib": client["runner_process_peak_mib"],  # loopback: the client
        "flink_state": [job["state"] for job in jobs],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pool = paragraph_pool(args.data)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            for size in args.sizes:
                corpus = work / f"scale-{size}.jsonl"
                write_corpus(corpus, pool, size)
                for run in (run_multiprocess, run_flink):
                    row = run(corpus, work / f"{run.__name__}-{size}", size)
                    rows.append(row)
                    print(json.dumps(row), flush=True)
                mp, fl = rows[-2], rows[-1]
                print(f"{size}: flink/multiprocess wall {fl['wall_s'] / mp['wall_s']:.2f}x, "
                      f"same kept count: {fl['kept'] == mp['kept']}", flush=True)  # fmt: skip
    finally:
        subprocess.run([str(CLUSTER), "stop"], check=False)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
