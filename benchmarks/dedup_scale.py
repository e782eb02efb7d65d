"""Scale benchmark of the dedup stage: wall time and peak memory per process vs corpus size.

Documents are assembled from real paragraphs (`dedup_corpora.scale_documents`); each size runs
`yisieve clean --runner multiprocess` with only the dedup stage enabled, while a sampler reads
every process's peak resident memory (VmHWM) from /proc. Beam's local runner keeps the shuffle
in the runner process, so that process is reported apart from the SDK workers; on Dataflow or
Flink the shuffle lives in the service. A second mode measures exact-substring cost per token.

    .venv/bin/python benchmarks/dedup_scale.py --sizes 50000 100000 200000 --budget-s 2400
    .venv/bin/python benchmarks/dedup_scale.py --sizes 50000 100000 200000 --baseline
    .venv/bin/python benchmarks/dedup_scale.py --sizes --substring 2000 10000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dedup_corpora import DEFAULT_DATA, paragraph_pool, scale_documents  # noqa: E402
from yisieve.filters.dedup.repeated_spans import token_spans  # noqa: E402
from yisieve.pipeline.stage_registry import STAGES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class PeakMemory:
    """Polls the process tree under `pid`: peak RSS (MiB) and command line of each process."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.peaks: dict[int, float] = {}
        self.commands: dict[int, str] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _children(self) -> list[int]:
        """`pid` and its descendants, from every process's parent id (a per-thread `children`
        file misses processes whose spawning thread has exited)."""
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(parent, []).append(int(entry.name))
        tree, frontier = [self.pid], [self.pid]
        while frontier:
            kids = parents.get(frontier.pop(), [])
            tree += kids
            frontier += kids
        return tree

    def _poll(self) -> None:
        while not self.done.is_set():
            for pid in self._children():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        mib = int(line.split()[1]) / 1024
                        self.peaks[pid] = max(self.peaks.get(pid, 0.0), mib)
                self.commands[pid] = command.decode(errors="replace")[:200]
            time.sleep(self.interval)

    def stop(self) -> dict:
        self.done.set()
        self.thread.join()
        workers = [p for p, c in self.commands.items() if "local_worker" in c or "sdk_worker" in c]
        runner = [p for p in self.peaks if p not in workers]
        return {
            "runner_process_peak_mib": round(max((self.peaks[p] for p in runner), default=0), 1),
            "worker_peak_mib": sorted(round(self.peaks[p], 1) for p in workers),
        }


def write_corpus(path: Path, pool, count: int) -> int:
    tokens = 0
    with open(path, "w", encoding="utf-8") as out:
        for doc in scale_documents(pool, count):
            tokens += len(token_spans(doc["text"]))
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return tokens


def timed_run(command: list[str]) -> tuple[float, dict]:
    """Runs `command`; (wall seconds, peak memory of its process tree); fails on a non-zero exit."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = PeakMemory(process.pid)
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    peaks = memory.stop()
    if process.returncode:
        raise RuntimeError(stderr.decode(errors="replace")[-3000:])
    return wall, peaks


def dedup_only_config(path: Path) -> Path:
    """A config with every other stage switched off (their defaults may need models)."""
    stages = {spec.name: {"enabled": False} for spec in STAGES if spec.name != "dedup"}
    path.write_text(json.dumps({"input": {"id_field": "id"}, "stages": stages}))
    return path


def run_clean(corpus: Path, output: Path, workers: int, overrides: list[str]) -> dict:
    config = dedup_only_config(output.with_suffix(".yaml"))
    command = [
        str(ROOT / ".venv" / "bin" / "yisieve"),
        "clean",
        "--input",
        str(corpus),
        "--output",
        str(output),
        "--runner",
        "multiprocess",
        "--workers",
        str(workers),
        "--no-progress",
        "--overwrite",
        "--config",
        str(config),
    ]
    for override in overrides:
        command += ["--set", override]
    wall, peaks = timed_run(command)
    stats = json.loads((output / "stats.json").read_text())
    return {
        "wall_s": round(wall, 1),
        **peaks,
        "kept": stats["totals"]["kept"],
        "rejected": stats["rejected_by_reason"],
        "balanced": stats["totals"]["balanced"],
        "dedup_counters": stats.get("dedup", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000, 100_000, 200_000])
    parser.add_argument("--substring", type=int, nargs="*", default=[])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget-s", type=float, default=3600, help="skip sizes past this")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="the same runs with the dedup stage off (read + write only): the runner's own "
        "memory curve, to tell it apart from the stage's",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pool = paragraph_pool(args.data)
    results: dict = {"minhash": [], "substring": []}
    spent = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            last = results["minhash"][-1] if results["minhash"] else None
            if last and spent + last["wall_s"] * size / last["documents"] * 1.2 > args.budget_s:
                print(f"skipping {size}: over the time budget", file=sys.stderr)
                continue
            corpus = work / f"scale-{size}.jsonl"
            tokens = write_corpus(corpus, pool, size)
            row = {"documents": size, "tokens": tokens}
            overrides = ["stages.dedup.substring.enabled=false"]
            if args.baseline:
                overrides = ["stages.dedup.enabled=false"]
            row |= run_clean(corpus, work / f"out-{size}", args.workers, overrides)
            spent += row["wall_s"]
            results["minhash"].append(row)
            print(json.dumps(row), flush=True)
        for size in args.substring:
            corpus = work / f"substring-{size}.jsonl"
            tokens = write_corpus(corpus, pool, size)
            row = {"documents": size, "tokens": tokens}
            row |= run_clean(
                corpus, work / f"sub-{size}", args.workers, ["stages.dedup.minhash.enabled=false"]
            )
            row["microseconds_per_token"] = round(row["wall_s"] * 1e6 / tokens, 2)
            results["substring"].append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
