"""The whole default pipeline on a mixed real corpus: documents/s per core, and where time goes.

Builds one JSONL corpus from real text of five kinds (raw Common Crawl English pages, Chinese
Common Crawl spam, Chinese Wikipedia, CLUE news/web, WikiText articles), then runs
`yisieve clean` on it with the direct runner in several variants (default; cluster stage off;
every stage off) and reports the CPU seconds of each run's process tree, documents/s per core,
the per-stage CPU time from `stats.json`, and optionally a cProfile of the default run.

    .venv/bin/python benchmarks/pipeline_throughput.py --data ../shared/data --profile
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yisieve.pipeline.stage_registry import STAGES  # noqa: E402
from yisieve.scorers.default_sources import (  # noqa: E402
    chinese_web_text,
    dolma_crawl,
    one_doc_per_line,
    wikitext_sections,
)

VARIANTS = {
    "default": [],
    "cluster off": ["stages.cluster.enabled=false"],
    "cluster and dedup off": ["stages.cluster.enabled=false", "stages.dedup.enabled=false"],
    "every stage off": [f"stages.{spec.name}.enabled=false" for spec in STAGES],
}


def mixed_corpus(data: Path) -> list[dict]:
    """The five kinds of text, each document tagged with its source in its id."""
    reference = data / "reference"
    sources = {
        "cc-en": [doc["text"] for doc in dolma_crawl(next((data / "cc_text").glob("dolma-*")))],
        "cc-zh": chinese_web_text(next((data / "cc_text").glob("ChineseWebText-*"))),
        "zhwiki": one_doc_per_line(reference / "zh/tencentpretrain/zhwiki_sampled.txt"),
        "clue": one_doc_per_line(reference / "zh/uer-py/corpora_CLUECorpusSmall_sampled.txt"),
        "wikitext": [
            section
            for split in ("valid", "test")
            for section in wikitext_sections(reference / f"en/wikitext-2/{split}.txt")
        ],
    }
    return [
        {"id": f"{source}-{i:05d}", "url": f"https://{source}.example/{i}", "text": text}
        for source, texts in sources.items()
        for i, text in enumerate(texts)
    ]


def run_clean(corpus: Path, output: Path, overrides: list[str], profile: Path | None) -> dict:
    """One `yisieve clean` in a child process; CPU seconds of the child and its descendants."""
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += [str(ROOT / ".venv/bin/yisieve"), "clean", "-i", str(corpus), "-o", str(output)]
    command += ["--runner", "direct", "--overwrite", "--no-progress"]
    command += [arg for item in overrides for arg in ("--set", item)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise RuntimeError(stderr.decode(errors="replace")[-3000:])
    stats = json.loads((output / "stats.json").read_text())
    return {
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "wall_seconds": round(wall, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "stats": stats,
    }


def hottest(profile: Path, count: int) -> list[str]:
    """The functions with the most cumulative-excluding (own) time."""
    table = pstats.Stats(str(profile))
    rows = sorted(table.stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
    return [
        f"{own:8.2f} s own {cumulative:8.2f} s cum  {Path(file).name}:{line} {name}"
        for (file, line, name), (_, _, own, cumulative, _) in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--work", type=Path, default=Path("/tmp/yisieve-throughput"))
    parser.add_argument("--profile", action="store_true", help="cProfile the default run")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    docs = mixed_corpus(args.data)
    corpus = args.work / "corpus" / "mixed.jsonl"
    corpus.parent.mkdir(exist_ok=True)
    corpus.write_text("".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs))
    results = {"documents": len(docs)}
    for name in args.variants:
        profile = args.work / "default.prof" if args.profile and name == "default" else None
        output = args.work / name.replace(" ", "-")
        run = run_clean(corpus, output, VARIANTS[name], profile)
        stats = run.pop("stats")
        run["docs_per_cpu_second"] = round(len(docs) / run["cpu_seconds"], 1)
        run["kept"] = stats["totals"]["kept"]
        run["stage_timings"] = stats.get("timings", {})
        results[name] = run
        print(name, json.dumps(run), flush=True)
        if profile:
            results["hottest"] = hottest(profile, 30)
            print("\n".join(results["hottest"]))
    (args.work / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
