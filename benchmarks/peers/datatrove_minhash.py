"""datatrove's MinHash dedup (its 4 steps, its defaults: 5-grams, 14 x 8) on JSONL files.

Runs in the peers venv, never imported by yisieve:

    .venv-peers/bin/python benchmarks/peers/datatrove_minhash.py IN_DIR WORK_DIR OUT.json

IN_DIR holds en.jsonl / zh.jsonl ({id, text}); each language runs with its datatrove word
tokenizer (zh: cmn_Hani, jieba through spaCy). OUT.json: {"clusters": {id: cluster or null},
"seconds": wall seconds of the four steps, summed over languages}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

LANGUAGES = {"en": "en", "zh": "cmn_Hani"}


def run_language(in_dir: Path, work: Path, lang: str) -> None:
    config = MinhashConfig()
    logs = str(work / "logs")
    reader = JsonlReader(str(in_dir), glob_pattern=f"{lang}.jsonl")
    steps = [
        [
            reader,
            MinhashDedupSignature(str(work / "sigs"), config=config, language=LANGUAGES[lang]),
        ],
        [MinhashDedupBuckets(str(work / "sigs"), str(work / "buckets"), config=config)],
        [
            MinhashDedupCluster(
                str(work / "buckets"), str(work / "ids"), config=config, save_cluster_id=True
            )
        ],
        [
            JsonlReader(str(in_dir), glob_pattern=f"{lang}.jsonl"),
            MinhashDedupFilter(
                str(work / "ids"),
                exclusion_writer=JsonlWriter(str(work / "removed"), compression=None),
                load_cluster_ids=True,
            ),
            JsonlWriter(str(work / "kept"), compression=None),
        ],
    ]
    tasks = [1, config.num_buckets, 1, 1]
    for n, (pipeline, task_count) in enumerate(zip(steps, tasks, strict=True)):
        LocalPipelineExecutor(
            pipeline=pipeline, tasks=task_count, workers=1, logging_dir=f"{logs}/{n}"
        ).run()


def main() -> None:
    in_dir, work, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    clusters: dict[str, object] = {}
    seconds = 0.0
    for lang in LANGUAGES:
        if not (in_dir / f"{lang}.jsonl").exists():
            continue
        start = time.perf_counter()
        run_language(in_dir, work / lang, lang)
        seconds += time.perf_counter() - start
        for kind in ("kept", "removed"):
            for path in (work / lang / kind).glob("*.jsonl"):
                for line in path.read_text(encoding="utf-8").splitlines():
                    row = json.loads(line)
                    cluster = row.get("metadata", {}).get("minhash_cluster_id", -1)
                    clusters[row["id"]] = None if cluster == -1 else f"{lang}:{cluster}"
    out.write_text(json.dumps({"clusters": clusters, "seconds": seconds}))


if __name__ == "__main__":
    main()
