"""`yisieve tokenize`: kept shards -> token shards + manifest.json, on any runner."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from yisieve.jobs.runners import RunnerChoice, beam_pipeline
from yisieve.models.token_shards import read_header
from yisieve.models.tokenizer import MODEL_FILE, YiTokenizer, export_hf_tokenizer
from yisieve.pipeline.stats import accounting_totals, counter_totals
from yisieve.pipeline.token_shards import SPLITS, build_tokenize_pipeline

MANIFEST = "manifest.json"
TOKENIZER_DIR = "tokenizer"
# 0.5% held out, the validation share of nanoGPT's OpenWebText prep (test_size=0.0005 is
# theirs for 8M docs; a larger share keeps small corpora's validation set non-trivial).
DEFAULT_VALIDATION_FRACTION = 0.005
DEFAULT_DOCS_PER_SHARD = 100_000


class TokenizeOutputError(RuntimeError):
    """The output folder already holds shards and --overwrite was not given."""


def run_tokenize(
    files: list[str],
    output_dir: str,
    tokenizer_path: str,
    runner: RunnerChoice,
    validation_fraction: float = DEFAULT_VALIDATION_FRACTION,
    docs_per_shard: int = DEFAULT_DOCS_PER_SHARD,
    overwrite: bool = False,
) -> dict:
    """Runs the Beam job, then writes OUT/manifest.json and OUT/tokenizer/; returns the manifest."""
    out = Path(output_dir)
    tokenizer = YiTokenizer(tokenizer_path)  # fails early on a bad tokenizer path
    _prepare(out, overwrite)
    clock = time.monotonic()
    pipeline = beam_pipeline(runner)
    build_tokenize_pipeline(
        pipeline, files, str(out), str(tokenizer.path), validation_fraction, docs_per_shard
    )
    result = pipeline.run()
    result.wait_until_finish()
    shutil.rmtree(out / "_tmp", ignore_errors=True)
    counters = counter_totals(result)
    export_hf_tokenizer(tokenizer.path, out / TOKENIZER_DIR)
    manifest = _manifest(out, tokenizer, counters, validation_fraction, files)
    manifest["wall_seconds"] = round(time.monotonic() - clock, 3)
    manifest["runner"] = runner.name
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _prepare(out: Path, overwrite: bool) -> None:
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise TokenizeOutputError(f"{out} is not empty; pass --overwrite to replace it")
        for part in (*SPLITS, "errors", "_tmp", TOKENIZER_DIR, MANIFEST):
            path = out / part
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    for part in (*SPLITS, "errors", "_tmp"):
        (out / part).mkdir(parents=True, exist_ok=True)


def _manifest(out, tokenizer, counters, validation_fraction, files) -> dict:
    splits = {}
    for split in SPLITS:
        shards = sorted(p.name for p in (out / split).glob("part-*.bin"))
        headers = [read_header(out / split / name) for name in shards]
        splits[split] = {
            "shards": [f"{split}/{name}" for name in shards],
            "documents": sum(h.document_count for h in headers),
            "tokens": sum(h.token_count for h in headers),
        }
    totals = accounting_totals(counters)
    sha = hashlib.sha256((out / TOKENIZER_DIR / MODEL_FILE).read_bytes()).hexdigest()
    return {
        "format": "yisieve token shards v1",
        "dtype": "uint16" if tokenizer.vocab_size <= 1 << 16 else "uint32",
        "vocab_size": tokenizer.vocab_size,
        "eos_id": tokenizer.eos_id,
        "tokenizer": {"path": f"{TOKENIZER_DIR}/{MODEL_FILE}", "sha256": sha},
        "validation_fraction": validation_fraction,
        "splits": splits,
        "totals": totals,
        "reasons": {**counters.get("reject", {}), **counters.get("error", {})},
        "inputs": [os.fspath(f) for f in files],
    }
