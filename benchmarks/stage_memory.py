"""Worker memory per fused stage of a `--runner multiprocess` run: which stage makes a worker grow.

Runs the dedup-only clean job of `dedup_scale.py` in this process with the FnApiRunner's bundle
log switched on, while a sampler reads every worker's resident memory (VmRSS) from /proc and
files it under the stage that is running. Two sizes side by side show which stages grow with the
corpus; `--max-bundle-mb 100000` gives Beam's own behaviour (one bundle per worker and stage).

    .venv/bin/python benchmarks/stage_memory.py --data ../shared/data --sizes 25000 100000
    .venv/bin/python benchmarks/stage_memory.py --data ../shared/data --sizes 25000 100000 \
        --max-bundle-mb 100000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dedup_corpora import DEFAULT_DATA, paragraph_pool  # noqa: E402
from benchmarks.dedup_scale import PeakMemory, dedup_only_config, write_corpus  # noqa: E402
from yisieve.jobs.bounded_bundles import DEFAULT_MAX_BUNDLE_MB  # noqa: E402
from yisieve.jobs.clean_job import run_clean  # noqa: E402
from yisieve.jobs.runners import RunnerChoice  # noqa: E402
from yisieve.pipeline.config import load_config  # noqa: E402

BUNDLE_LOG = "apache_beam.runners.portability.fn_api_runner.fn_runner.run_bundle"
STAGE_PREFIX = "Running bundle for stage "


class CurrentStage(logging.Handler):
    """Remembers the fused stage named by the runner's latest 'Running bundle' message."""

    def __init__(self) -> None:
        super().__init__()
        self.name = "start"

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(STAGE_PREFIX):
            self.name = short_stage_name(message[len(STAGE_PREFIX) :].split("\n")[0])


def short_stage_name(fused: str) -> str:
    """The first transform of a fused stage, without Beam's numeric suffixes."""
    first = fused.lstrip("(").split(")")[0]
    return re.sub(r"_\d+$", "", first.replace("ref_AppliedPTransform_", ""))


class WorkerMemoryByStage(PeakMemory):
    """Per stage, the highest resident memory any worker had while that stage ran."""

    def __init__(self, stage: CurrentStage) -> None:
        self.stage = stage
        self.by_stage: dict[str, float] = {}
        super().__init__(pid=os.getpid(), interval=0.2)

    def _poll(self) -> None:
        while not self.done.is_set():
            for pid in self._children()[1:]:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if b"local_worker" not in command:
                    continue
                rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
                name = self.stage.name
                self.by_stage[name] = max(self.by_stage.get(name, 0.0), rss)
            time.sleep(self.interval)


def measure(corpus: Path, output: Path, max_bundle_mb: float) -> dict:
    stage = CurrentStage()
    logger = logging.getLogger(BUNDLE_LOG)
    logger.addHandler(stage)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    config = load_config(
        dedup_only_config(output.with_suffix(".json")), ["stages.dedup.substring.enabled=false"]
    )
    sampler = WorkerMemoryByStage(stage)
    started = time.perf_counter()
    stats = run_clean(
        [str(corpus)],
        str(output),
        config,
        RunnerChoice("multiprocess", 2, max_bundle_mb=max_bundle_mb),
        overwrite=True,
    )
    sampler.done.set()
    sampler.thread.join()
    logger.removeHandler(stage)
    return {
        "wall_s": round(time.perf_counter() - started, 1),
        "balanced": stats["totals"]["balanced"],
        "by_stage": {name: round(mib) for name, mib in sampler.by_stage.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--max-bundle-mb", type=float, default=DEFAULT_MAX_BUNDLE_MB)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pool = paragraph_pool(args.data)
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus-{size}.jsonl"
            write_corpus(corpus, pool, size)
            runs[size] = measure(corpus, Path(tmp) / f"out-{size}", args.max_bundle_mb)
    stages = list(dict.fromkeys(name for run in runs.values() for name in run["by_stage"]))
    print("| stage (first transform) | " + " | ".join(f"{s:,} docs, MiB" for s in runs) + " |")
    print("|---|" + "---:|" * len(runs))
    for name in stages:
        if "/Components/" in name and "StarGroup1/" not in name:
            continue  # 40 star rounds look alike: the first of each kind stands for them
        cells = " | ".join(str(run["by_stage"].get(name, "")) for run in runs.values())
        print(f"| {name} | {cells} |")
    print("wall s: " + ", ".join(f"{s:,}: {run['wall_s']}" for s, run in runs.items()))
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
