"""The dedup stage in Beam: near-duplicates, chains, Chinese, short docs, substrings, runners."""

from __future__ import annotations

import json

import apache_beam as beam
import pyarrow.parquet as pq
import pytest

from tests.dedup_corpus import edit_chars, edit_words, real_docs
from yisieve.filters.dedup.lsh_bands import LshBands
from yisieve.filters.dedup.minhash_signature import MinHashSignature
from yisieve.filters.dedup.shingles import is_spaceless, shingles
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.runners import RunnerChoice, beam_pipeline
from yisieve.pipeline.config import ConfigError, load_config
from yisieve.pipeline.dedup import Dedup, DedupConfig
from yisieve.pipeline.document import Document
from yisieve.pipeline.minhash_dedup import MinHashConfig
from yisieve.pipeline.repeated_span_dedup import LinesConfig, SubstringConfig
from yisieve.pipeline.stage_registry import STAGES

# Test graphs are tiny (stars of a few nodes): 4 rounds converge them, which every runner's
# stats confirm below; the default 20 is for crawl-scale chains.
FEW_ROUNDS = MinHashConfig(max_rounds=4)
MINHASH_ONLY = DedupConfig(minhash=FEW_ROUNDS, substring=SubstringConfig(enabled=False))


def _kept_row(doc):
    return json.dumps({"id": doc.id, "text": doc.text, "annotations": doc.annotations})


def _rejected_row(rejected):
    doc = rejected.document
    return json.dumps(
        {"id": doc.id, "reason": rejected.reason, "text": doc.text, "annotations": doc.annotations}
    )


def run_dedup(docs: list[Document], config: DedupConfig, tmp_path) -> tuple[dict, dict]:
    """Runs the stage on the in-process runner: ({id: kept row}, {id: rejected row})."""
    with beam_pipeline(RunnerChoice("direct")) as pipeline:
        outputs = pipeline | beam.Create(docs) | Dedup(config)
        (
            outputs["documents"]
            | "Kept" >> beam.Map(_kept_row)
            | "WriteKept" >> beam.io.WriteToText(str(tmp_path / "kept"))
        )
        rejected = outputs.get("rejected")
        if rejected is not None:
            (
                rejected
                | "Rej" >> beam.Map(_rejected_row)
                | "WriteRej" >> beam.io.WriteToText(str(tmp_path / "rejected"))
            )
    return _read(tmp_path, "kept"), _read(tmp_path, "rejected")


def _read(folder, prefix) -> dict:
    rows = {}
    for path in folder.glob(f"{prefix}-*"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows[row["id"]] = row
    return rows


def _docs(rows) -> list[Document]:
    return [Document(id=row["id"], text=row["text"], lang=row.get("lang")) for row in rows]


def test_exact_duplicates_keep_one_with_cluster_annotations(tmp_path):
    text = real_docs()[0]["text"]
    docs = [Document(id=i, text=text) for i in ("c", "a", "b")] + _docs(real_docs()[1:4])
    kept, rejected = run_dedup(docs, MINHASH_ONLY, tmp_path)
    assert set(kept) == {"a", "en-01", "en-02", "en-03"}
    assert set(rejected) == {"b", "c"}
    for row in rejected.values():
        assert row["reason"] == "dedup.minhash"
        assert row["annotations"]["dedup.survivor_id"] == "a"
        cluster = row["annotations"]["dedup.minhash_cluster"]
        assert cluster == kept["a"]["annotations"]["dedup.minhash_cluster"]
    assert "dedup.minhash_cluster" not in kept["en-01"]["annotations"]


def test_near_duplicates_at_known_edit_rates(tmp_path):
    originals = [row for row in real_docs() if not is_spaceless(row["text"])][:8]
    docs = _docs(originals)
    for n, row in enumerate(originals):
        for rate in (0.01, 0.30):
            edited = edit_words(row["text"], rate, seed=n)
            docs.append(Document(id=f"{row['id']}~{rate}", text=edited))
    kept, rejected = run_dedup(docs, MINHASH_ONLY, tmp_path)
    for row in originals:
        # 1% edits: Jaccard of 5-gram sets ~0.9, far above the 14x8 threshold (~0.72).
        assert rejected[f"{row['id']}~0.01"]["annotations"]["dedup.survivor_id"] == row["id"]
        # 30% edits leave ~17% of the 5-grams intact: a different document by now.
        assert f"{row['id']}~0.3" in kept
        assert row["id"] in kept  # the original is longer than its edited copies


def test_quality_score_picks_the_survivor(tmp_path):
    text = real_docs()[5]["text"]
    docs = [
        Document(id="a", text=text + " More words at the end here.", annotations={}),
        Document(id="b", text=text, annotations={"quality.score": 0.9}),
        Document(id="c", text=text, annotations={"quality.score": 0.1}),
    ]
    kept, rejected = run_dedup(docs, MINHASH_ONLY, tmp_path)
    assert set(kept) == {"b"} and set(rejected) == {"a", "c"}


def test_chain_ends_in_one_component(tmp_path):
    words = " ".join(row["text"] for row in real_docs()[:6]).split()
    a, b, c = (" ".join(words[shift : shift + 1500]) for shift in (0, 150, 300))
    minhash, bands = MinHashSignature(), LshBands()

    def keys(text):
        return set(bands.keys(minhash.of_shingles(shingles(text))))

    # Preconditions: A~B and B~C share a band, A and C share none.
    assert keys(a) & keys(b) and keys(b) & keys(c) and not keys(a) & keys(c)
    docs = [Document(id="A", text=a), Document(id="B", text=b), Document(id="C", text=c)]
    kept, rejected = run_dedup(docs, MINHASH_ONLY, tmp_path)
    assert len(kept) == 1 and len(rejected) == 2
    clusters = {row["annotations"]["dedup.minhash_cluster"] for row in rejected.values()}
    assert len(clusters) == 1


def test_chinese_near_duplicates(tmp_path):
    chinese = [row for row in real_docs() if row["lang"] == "zh"]
    docs = _docs(chinese)
    docs += [Document(id=f"{row['id']}~", text=edit_chars(row["text"], 0.01, 7)) for row in chinese]
    kept, rejected = run_dedup(docs, MINHASH_ONLY, tmp_path)
    assert set(kept) == {row["id"] for row in chinese}
    assert set(rejected) == {f"{row['id']}~" for row in chinese}


def test_empty_and_short_documents_are_counted_not_lost(tmp_path):
    docs = [
        Document(id="empty", text=""),
        Document(id="symbols", text="!!! ... ???"),
        Document(id="short1", text="Hello world"),
        Document(id="short2", text="hello, WORLD!"),
        *_docs(real_docs()[:2]),
    ]
    kept, rejected = run_dedup(docs, DedupConfig(minhash=FEW_ROUNDS), tmp_path)
    assert set(kept) | set(rejected) == {doc.id for doc in docs}
    assert {"empty", "symbols", "short2"} <= set(kept)
    assert rejected["short1"]["reason"] == "dedup.minhash"
    assert rejected["short1"]["annotations"]["dedup.survivor_id"] == "short2"  # the longer


def _para(words: list[str]) -> str:
    return " ".join(words)


def test_exact_substring_60_tokens_kept_in_first_only_40_untouched(tmp_path):
    rows = real_docs()
    long_paragraph = _para(rows[15]["text"].split()[100:160])  # 60 tokens
    short_paragraph = _para(rows[14]["text"].split()[100:140])  # 40 tokens
    docs = []
    for doc_id, row in zip(("s1", "s2", "s3"), rows[:3], strict=True):
        body = row["text"].split("\n\n")
        text = "\n\n".join([body[0], long_paragraph, *body[1:], short_paragraph])
        docs.append(Document(id=doc_id, text=text))
    docs.append(Document(id="s4", text=long_paragraph))
    config = DedupConfig(minhash=MinHashConfig(enabled=False))
    kept, rejected = run_dedup(docs, config, tmp_path)
    assert long_paragraph in kept["s1"]["text"]
    assert "dedup.substring_removed_chars" not in kept["s1"]["annotations"]
    for doc_id in ("s2", "s3"):
        assert long_paragraph not in kept[doc_id]["text"]
        # the tokens of the paragraph and the whitespace after each of them
        removed = kept[doc_id]["annotations"]["dedup.substring_removed_chars"]
        assert removed == len(long_paragraph) + 2
    for doc_id in ("s1", "s2", "s3"):
        assert short_paragraph in kept[doc_id]["text"]
    assert rejected["s4"]["reason"] == "dedup.substring_emptied"


def test_line_dedup_option_removes_repeated_lines(tmp_path):
    rows = real_docs()[:3]
    header = "Home | Products | About us | Contact | Login"
    docs = [Document(id=row["id"], text=f"{header}\n{row['text']}") for row in rows]
    config = DedupConfig(
        minhash=MinHashConfig(enabled=False),
        lines=LinesConfig(enabled=True),
        substring=SubstringConfig(enabled=False),
    )
    kept, _ = run_dedup(docs, config, tmp_path)
    assert kept["en-00"]["text"].startswith(header)
    assert not kept["en-01"]["text"].startswith("Home")
    assert not kept["en-02"]["text"].startswith("Home")


def test_non_convergence_is_reported_not_silent(tmp_path):
    words = " ".join(row["text"] for row in real_docs()[:8]).split()
    docs = [
        Document(id=f"p{n:02d}", text=" ".join(words[n * 60 : n * 60 + 1200])) for n in range(40)
    ]
    inputs = tmp_path / "chain.jsonl"
    inputs.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in docs))
    short = _clean(inputs, tmp_path / "one", "direct", ["stages.dedup.minhash.max_rounds=1"])
    full = _clean(inputs, tmp_path / "full", "direct", ["stages.dedup.minhash.max_rounds=8"])
    assert short["dedup"]["minhash.cc_unconverged_nodes"] > 0
    assert "minhash.cc_unconverged_nodes" not in full["dedup"]
    assert full["totals"]["balanced"] and short["totals"]["balanced"]
    # an unconverged run removes less, never more
    assert short["totals"]["kept"] >= full["totals"]["kept"]


def test_config_is_validated_and_threshold_derives_bands(tmp_path):
    config = _dedup_only_config(tmp_path, ["stages.dedup.minhash.threshold=0.8"])
    assert config.stages.dedup.minhash.bands * config.stages.dedup.minhash.rows <= 112
    with pytest.raises(ConfigError, match="unknown key"):
        _dedup_only_config(tmp_path, ["stages.dedup.minhash.bandz=3"])
    with pytest.raises(ConfigError, match="unit"):
        _dedup_only_config(tmp_path, ["stages.dedup.lines.unit=word"])
    assert [spec.name for spec in STAGES][-1] == "dedup"


def _dedup_only_config(folder, extra: list[str]):
    """Every other stage off (their defaults may need models), ids from the input."""
    stages = {spec.name: {"enabled": False} for spec in STAGES if spec.name != "dedup"}
    path = folder / "dedup-only.yaml"
    path.write_text(json.dumps({"input": {"id_field": "id"}, "stages": stages}))
    return load_config(path, extra)


def _clean(inputs, output, runner: str, extra: list[str]) -> dict:
    config = _dedup_only_config(inputs.parent, extra)
    return run_clean([str(inputs)], str(output), config, RunnerChoice(runner, workers=2))


def _outcome(output) -> tuple[list, list]:
    kept = pq.read_table(output / "kept").to_pylist() if (output / "kept").exists() else []
    rejected = pq.read_table(output / "rejected").to_pylist()
    return sorted(row["id"] for row in kept), sorted((row["id"], row["reason"]) for row in rejected)


@pytest.mark.slow  # three runners, one of them a job service: ~45 s on 2 cores
def test_same_survivors_on_every_runner(tmp_path):
    rows = real_docs()
    lines = []
    for n, row in enumerate(rows):
        lines.append({"id": row["id"], "text": row["text"]})
        edit = edit_chars if row["lang"] == "zh" else edit_words
        lines.append({"id": f"{row['id']}~", "text": edit(row["text"], 0.02, n)})
    lines.append({"id": "zz-copy", "text": rows[0]["text"]})
    inputs = tmp_path / "docs.jsonl"
    inputs.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    outcomes = {}
    for runner in ("direct", "multiprocess", "portable"):
        stats = _clean(inputs, tmp_path / runner, runner, ["stages.dedup.minhash.max_rounds=4"])
        assert stats["totals"]["balanced"]
        assert "minhash.cc_unconverged_nodes" not in stats["dedup"]
        outcomes[runner] = _outcome(tmp_path / runner)
    assert outcomes["direct"] == outcomes["multiprocess"] == outcomes["portable"]
    kept, rejected = outcomes["direct"]
    assert ("zz-copy", "dedup.minhash") in rejected
    assert len(kept) >= len(rows) - 1
