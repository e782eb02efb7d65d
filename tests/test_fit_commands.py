"""`yisieve fit ...` end to end on tiny real inputs: a model, a manifest, held-out metrics."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.scorer_samples import crawl_en, crawl_zh, safety_samples, wiki
from yisieve.jobs.cli import main
from yisieve.scorers.model_files import sha256_of


def write_jsonl(path: Path, texts: list[str]) -> str:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    return str(path)


def check_manifest(out: Path, *files: str) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["file"] for entry in manifest["files"]] == list(files)
    for entry in manifest["files"]:
        assert entry["sha256"] == sha256_of(out / entry["file"])
        assert entry["bytes"] == (out / entry["file"]).stat().st_size > 0
    assert manifest["command"].startswith("yisieve fit ")
    assert manifest["data_sources"] and all(s["sha256"] for s in manifest["data_sources"])
    return manifest


def lmplz_available() -> bool:
    return (Path(sys.executable).parent / "lmplz").is_file() or shutil.which("lmplz") is not None


@pytest.mark.skipif(not lmplz_available(), reason="KenLM's lmplz is not built (run make setup)")
def test_fit_ppl_trains_a_kenlm_model_on_a_tiny_corpus(tmp_path, capsys):
    ref = write_jsonl(tmp_path / "ref.jsonl", wiki("en")[:20])
    crawl = write_jsonl(tmp_path / "crawl.jsonl", crawl_en()[:10])
    out = tmp_path / "ppl"
    argv = [
        "fit",
        "ppl",
        "--lang",
        "en",
        "--reference",
        ref,
        "--crawl",
        crawl,
        "--vocab-size",
        "300",
        "--discount-fallback",
        "--output",
        str(out),
    ]
    assert main(argv) == 0
    manifest = check_manifest(out, "sp.model", "kenlm.bin")
    assert manifest["held_out_metrics"]["crawl_documents"] == 10
    assert "pairs_reference_lower" in capsys.readouterr().out
    from yisieve.scorers.perplexity import PerplexityModel

    model = PerplexityModel(out / "sp.model", out / "kenlm.bin")
    assert model.score(wiki("en")[0]).perplexity > 1


def test_fit_quality_writes_a_classifier_and_its_roc_auc(tmp_path, capsys):
    pos = write_jsonl(tmp_path / "wiki.jsonl", wiki("zh"))
    neg = write_jsonl(tmp_path / "crawl.jsonl", crawl_zh())
    out = tmp_path / "quality"
    argv = [
        "fit",
        "quality",
        "--lang",
        "zh",
        "--positive",
        pos,
        "--negative",
        neg,
        "--epoch",
        "5",
        "--output",
        str(out),
        "--licence",
        "CC BY-SA 3.0",
    ]
    assert main(argv) == 0
    manifest = check_manifest(out, "quality.ftz")
    assert 0.0 <= manifest["held_out_metrics"]["roc_auc"] <= 1.0
    assert manifest["licence"] == "CC BY-SA 3.0"
    assert "roc_auc" in capsys.readouterr().out


def test_fit_safety_adds_a_deployment_category_with_its_own_evaluation_set(tmp_path):
    pos = write_jsonl(tmp_path / "pos.jsonl", safety_samples("en", 1)[:6])
    neg = write_jsonl(tmp_path / "neg.jsonl", safety_samples("en", 0)[:6] + wiki("en")[:6])
    eval_pos = write_jsonl(tmp_path / "eval_pos.jsonl", safety_samples("en", 1)[6:])
    eval_neg = write_jsonl(tmp_path / "eval_neg.jsonl", wiki("en")[6:10])
    out = tmp_path / "political"
    argv = [
        "fit",
        "safety",
        "--category",
        "political",
        "--lang",
        "en",
        "--positive",
        pos,
        "--negative",
        neg,
        "--eval-positive",
        eval_pos,
        "--eval-negative",
        eval_neg,
        "--epoch",
        "5",
        "--output",
        str(out),
    ]
    assert main(argv) == 0
    metrics = check_manifest(out, "model.ftz")["held_out_metrics"]
    assert metrics["held_out_positive"] == 2 and metrics["held_out_negative"] == 4


def test_fit_coherence_measures_real_against_spliced_documents(tmp_path):
    docs = write_jsonl(tmp_path / "docs.jsonl", wiki("en")[:20] + wiki("zh")[:20])
    held = write_jsonl(tmp_path / "held.jsonl", wiki("zh")[20:])
    out = tmp_path / "coherence"
    argv = ["fit", "coherence", "--documents", docs, "--eval", f"zh={held}", "--output", str(out)]
    assert main(argv) == 0
    metrics = check_manifest(out, "idf.bin")["held_out_metrics"]
    assert metrics["zh.spliced_documents"] == metrics["zh.real_documents"] > 3


def test_fit_reports_a_missing_training_file(tmp_path, capsys):
    argv = [
        "fit",
        "quality",
        "--lang",
        "en",
        "--positive",
        str(tmp_path / "nope.jsonl"),
        "--negative",
        str(tmp_path / "nope.jsonl"),
        "--output",
        str(tmp_path / "q"),
    ]
    assert main(argv) == 2
    assert f"training file not found: {tmp_path / 'nope.jsonl'}" in capsys.readouterr().err


def test_fit_ppl_without_lmplz_says_how_to_build_it(tmp_path, monkeypatch, capsys):
    import yisieve.scorers.kenlm_tools as kenlm_tools

    monkeypatch.setattr(kenlm_tools.sys, "executable", str(tmp_path / "bin" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    ref = write_jsonl(tmp_path / "ref.jsonl", wiki("en")[:20])
    out = str(tmp_path / "ppl")
    argv = ["fit", "ppl", "--lang", "en", "--reference", ref, "--vocab-size", "300", "-o", out]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "lmplz was not found" in err and "make setup" in err
