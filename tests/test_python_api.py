"""The Python API: the README's example runs as written, and each entry point does its job."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yisieve
from yisieve.pipeline.document import Document

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_python_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs():
    exec(compile(readme_python_example(), str(README), "exec"), {})


def test_stage_is_ready_without_a_setup_call():
    verdict = yisieve.stage("safety").judge("A calm note about gardening and tomatoes.")
    assert verdict.kept
    assert any(key.startswith("safety.") for key in verdict.annotations)


def test_stage_accepts_a_document_and_a_mapping():
    quality = yisieve.stage("quality")
    text = "Paris is the capital and largest city of France. " * 10
    from_doc = quality.annotate(Document(id="d", text=text, lang="en"))
    from_map = quality.annotate({"text": text, "lang": "en"})
    assert from_doc["quality.score"] == from_map["quality.score"]


def test_unknown_or_non_document_stage_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of"):
        yisieve.stage("dedup")
    with pytest.raises(TypeError, match="expected a str"):
        yisieve.stage("length").judge(42)


def test_language_and_pii_helpers():
    assert yisieve.identify_language("The quick brown fox jumps over the lazy dog.")[0] == "en"
    scrubbed = yisieve.scrub_pii("身份证 11010519491231002X，邮箱 a.b@mail.cn")
    assert "11010519491231002X" not in scrubbed and "a.b@mail.cn" not in scrubbed


def test_dedup_uses_the_stage_and_keeps_input_order():
    base = "Minutes of the meeting held on the first of March about roads and schools. " * 10
    docs = [{"id": "a", "text": base}, {"id": "b", "text": base + " Extra."}, "Unrelated text."]
    kept, rejected = yisieve.dedup(docs)
    # One of the two near-copies survives (the stage's survivor rule picks which).
    assert len(kept) == 2 and kept[-1].id == "doc-2" and kept[0].id in {"a", "b"}
    assert [item.reason for item in rejected] == ["dedup.minhash"]
    assert {kept[0].id, rejected[0].document.id} == {"a", "b"}
    with pytest.raises(ValueError, match="unique"):
        yisieve.dedup([{"id": "x", "text": "one"}, {"id": "x", "text": "two"}])
