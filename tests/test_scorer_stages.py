"""The ppl, quality, coherence and safety stages inside a real Beam run on the sample crawl."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from tests.clean_runs import read_rows, run_only_stages
from tests.scorer_samples import wiki
from yisieve.api.ready_stage import PlainText
from yisieve.pipeline.config import ConfigError, load_config
from yisieve.pipeline.perplexity_stage import ScorePerplexity
from yisieve.scorers.coherence import splice
from yisieve.scorers.coherence_stage import CoherenceConfig, coherence_stage
from yisieve.scorers.model_files import ModelFileError
from yisieve.scorers.quality_stage import QualityConfig, quality_stage
from yisieve.scorers.safety_stage import safety_stage

OURS = ("ppl", "quality", "coherence", "safety")


def note(row, key):
    annotations = row.get("annotations")
    return annotations.get(key) if isinstance(annotations, dict) else row.get(key)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("scorers") / "out"
    return run_only_stages(OURS, out), out


def test_every_document_is_counted_once(run):
    stats, out = run
    totals = stats["totals"]
    assert totals["balanced"] and totals["input"] == 140
    rejected = read_rows(out, "rejected")
    assert {row["reason"].split(".")[0] for row in rejected} <= set(OURS)
    assert len(rejected) == totals["rejected"]


def test_perplexity_rule_drops_documents_above_their_language_mean(run):
    _, out = run
    everything = read_rows(out, "kept") + read_rows(out, "rejected")
    by_lang = defaultdict(list)
    for row in everything:
        value = note(row, "ppl.kenlm")
        if value is not None and not math.isnan(value):
            by_lang[note(row, "ppl.lang")].append(value)
    assert set(by_lang) == {"en", "zh"}
    means = {lang: sum(v) / len(v) for lang, v in by_lang.items()}
    above = [row for row in read_rows(out, "rejected") if row["reason"] == "ppl.above_mean"]
    assert above
    for row in above:
        lang = note(row, "ppl.lang")
        assert note(row, "ppl.kenlm") > means[lang]
        assert note(row, "ppl.lang_mean") == pytest.approx(means[lang], abs=0.1)
    for row in read_rows(out, "kept"):
        assert note(row, "ppl.kenlm") <= means[note(row, "ppl.lang")]
        assert note(row, "ppl.bucket") in ("head", "middle", "tail")


def test_later_stages_annotate_what_they_keep(run):
    _, out = run
    kept = read_rows(out, "kept")
    assert kept
    for row in kept:
        assert 0.0 <= note(row, "quality.score") <= 1.0
        assert -1e-6 <= note(row, "coherence.score") <= 1.0 + 1e-6
        assert note(row, "coherence.parts") >= 1
        assert 0.0 <= note(row, "safety.toxic") <= 1.0
        assert note(row, "safety.flagged_words") >= 0.0


def test_wikipedia_survives_more_often_than_crawl(run):
    _, out = run
    kept = read_rows(out, "kept")
    wiki = sum(1 for row in kept if row["source"].startswith("wiki-en-zh"))
    crawl = len(kept) - wiki
    assert wiki > crawl


@pytest.mark.parametrize(
    ("stage", "key"),
    [
        ("quality", "models.en"),
        ("safety", "categories.toxic.models.zh"),
        ("coherence", "idf"),
        ("ppl", "models.en.kenlm"),
    ],
)
def test_a_missing_model_path_fails_worker_setup_naming_the_path(stage, key, tmp_path):
    missing = tmp_path / "absent.bin"
    config = load_config(overrides=[f"stages.{stage}.{key}={missing}"])
    section = getattr(config.stages, stage)
    worker = (
        ScorePerplexity(section)
        if stage == "ppl"
        else {"quality": quality_stage, "safety": safety_stage, "coherence": coherence_stage}[
            stage
        ](section)
    )
    with pytest.raises(ModelFileError, match=str(missing)):
        worker.setup()


def test_unknown_scorer_setting_is_a_config_error():
    with pytest.raises(ConfigError, match="stages.quality.threshold"):
        load_config(overrides=["stages.quality.threshold=0.5"])


def test_quality_and_coherence_reasons_name_what_failed():
    # Thresholds no real document reaches, so each stage's one reason is what comes out.
    quality = quality_stage(QualityConfig(min_score={"en": 0.9999, "zh": 0.9999}))
    coherence = coherence_stage(CoherenceConfig(min_score={"en": 0.999, "zh": 0.999}))
    document = splice(wiki("en")[:4], 300)
    for stage, reason in (
        (quality, "quality.wiki_likeness_low"),
        (coherence, "coherence.block_similarity_low"),
    ):
        stage.setup()
        (verdict,) = stage.judge_batch([PlainText(document, lang="en")])
        assert verdict.reason == reason
