"""The bundled scorer models load from their default paths and score real documents the right
way round: reference text above crawl text, real documents above spliced ones, offensive
comments above neutral ones."""

from __future__ import annotations

import statistics

import pytest

from tests.scorer_samples import crawl_en, crawl_zh, safety_samples, wiki
from yisieve.scorers.coherence import CoherenceScorer, splice, split_blocks
from yisieve.scorers.embeddings import load_encoder
from yisieve.scorers.model_files import MODELS_DIR, verify_manifest
from yisieve.scorers.perplexity import PerplexityModel
from yisieve.scorers.quality import QualityClassifier
from yisieve.scorers.safety import FlaggedWords, SafetyClassifier

CRAWL = {"en": crawl_en, "zh": crawl_zh}
LANGS = ("en", "zh")


@pytest.mark.parametrize(
    "folder", ["ppl/en", "ppl/zh", "quality/en", "quality/zh", "coherence",
               "safety/toxic-en", "safety/toxic-zh"],
)  # fmt: skip
def test_bundled_model_matches_its_manifest(folder):
    assert verify_manifest(MODELS_DIR / folder) == []


@pytest.mark.parametrize("lang", LANGS)
def test_perplexity_is_lower_on_wikipedia_than_on_crawl(lang):
    model = PerplexityModel(f"models/ppl/{lang}/sp.model", f"models/ppl/{lang}/kenlm.bin")
    wiki_ppl = [p.perplexity for p in model.score_batch(wiki(lang))]
    crawl_ppl = [p.perplexity for p in model.score_batch(CRAWL[lang]()[:40])]
    assert all(p > 1 for p in wiki_ppl + crawl_ppl)
    assert statistics.median(wiki_ppl) < statistics.median(crawl_ppl)


def test_perplexity_of_an_empty_document_is_undefined():
    model = PerplexityModel("models/ppl/en/sp.model", "models/ppl/en/kenlm.bin")
    assert model.score("\n  \n").tokens == 0


@pytest.mark.parametrize("lang", LANGS)
def test_quality_scores_wikipedia_above_crawl(lang):
    model = QualityClassifier(f"models/quality/{lang}/quality.ftz")
    wiki_scores = model.score_batch(wiki(lang))
    crawl_scores = model.score_batch(CRAWL[lang]()[:40])
    assert all(0.0 <= s <= 1.0 for s in wiki_scores + crawl_scores)
    assert statistics.mean(wiki_scores) > statistics.mean(crawl_scores) + 0.3


@pytest.mark.parametrize("lang", LANGS)
def test_toxic_classifier_scores_offensive_comments_above_neutral_ones(lang):
    model = SafetyClassifier("toxic", f"models/safety/toxic-{lang}/model.ftz")
    offensive = model.score_batch(safety_samples(lang, 1))
    neutral = model.score_batch(safety_samples(lang, 0))
    assert statistics.mean(offensive) > statistics.mean(neutral)
    assert statistics.mean(model.score_batch(wiki(lang))) < statistics.mean(offensive)


def test_flagged_words_ratio_counts_listed_words_only():
    words = FlaggedWords("models/safety/flagged_words/en.txt")
    assert words.ratio(wiki("en")[0]) == 0.0
    assert words.ratio("free bukkake videos here") == pytest.approx(0.25)
    assert FlaggedWords("models/safety/flagged_words/zh.txt").ratio("这里有三级片下载") > 0


@pytest.mark.parametrize("lang", LANGS)
def test_coherence_scores_real_documents_above_splices(lang):
    scorer = CoherenceScorer(load_encoder("hashed-tfidf", "models/coherence/idf.bin"))
    docs = [d for d in wiki(lang) if len(split_blocks(d, 300)) >= 3][:12]
    n = len(docs)
    assert n >= 6
    spliced = [splice([docs[i], docs[(i + 1) % n], docs[(i + 2) % n]], 300) for i in range(n)]
    real_scores = [r.score for r in scorer.score_batch(docs)]
    spliced_scores = [r.score for r in scorer.score_batch(spliced)]
    assert statistics.median(real_scores) > statistics.median(spliced_scores)


def test_coherence_split_cuts_a_splice_into_its_sources():
    scorer = CoherenceScorer(load_encoder("hashed-tfidf", "models/coherence/idf.bin"))
    docs = [d for d in wiki("zh") if len(split_blocks(d, 300)) >= 3][:3]
    parts = scorer.split(splice(docs, 300), threshold=0.05)
    assert 2 <= len(parts) <= 6
