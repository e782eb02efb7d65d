"""Beam-free dedup logic: shingles, signatures (vs datasketch), bands, components, spans."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash

from tests.dedup_corpus import edit_chars, edit_words, real_docs
from yisieve.filters.dedup.bucket_edges import star_edges, verified_edges
from yisieve.filters.dedup.connected_components import components_in_memory, star_rounds
from yisieve.filters.dedup.lsh_bands import LshBands, bands_for_threshold, candidate_probability
from yisieve.filters.dedup.minhash_signature import (
    MinHashSignature,
    estimated_jaccard,
    ngram_hashes,
)
from yisieve.filters.dedup.repeated_spans import RepeatedLines, RepeatedWindows, token_spans
from yisieve.filters.dedup.shingles import (
    char_shingles,
    is_spaceless,
    jaccard,
    normalize,
    shingle_tokens,
    shingles,
    word_shingles,
)
from yisieve.filters.dedup.survivor import survivor_rank
from yisieve.filters.text_normalization import normalize_for_hash


def test_word_shingles_fold_case_punctuation_digits():
    assert shingles("The cat, sat on 12 mats!") == shingles("the CAT sat  on 99 mats")
    assert len(shingles("one two three four five six")) == 2


def test_short_and_empty_texts():
    assert shingles("") == set()
    assert shingles("!!! ... ???") == set()
    assert shingles("just three words") == {"just three words"}


def test_chinese_uses_character_ngrams():
    text = "串流处理是一种计算机编程范式，相当于数据流程编程。"
    assert is_spaceless(text)
    assert is_spaceless("hello world", lang="zh")
    assert shingles(text) == char_shingles("串流处理是一种计算机编程范式 相当于数据流程编程", 5)


def test_signature_is_bit_identical_to_datasketch():
    text = real_docs()[0]["text"]
    found = shingles(text)
    reference = MinHash(num_perm=112, seed=1)
    reference.update_batch([s.encode("utf-8") for s in found])
    ours = MinHashSignature(112, seed=1).of_shingles(found)
    assert np.array_equal(ours, reference.hashvalues)


@pytest.mark.parametrize("rate", [0.02, 0.1])
def test_both_signature_paths_estimate_jaccard(rate):
    text = real_docs()[1]["text"]
    edited = edit_words(text, rate, seed=3)
    exact = jaccard(shingles(text), shingles(edited))
    minhash = MinHashSignature(112)
    identical = estimated_jaccard(
        minhash.of_shingles(shingles(text)), minhash.of_shingles(shingles(edited))
    )
    fast = estimated_jaccard(
        minhash.of_tokens(shingle_tokens(text)[0], 5),
        minhash.of_tokens(shingle_tokens(edited)[0], 5),
    )
    # 112 permutations: the estimate's standard error is at most 0.05
    assert abs(identical - exact) < 0.15 and abs(fast - exact) < 0.15


def test_fast_ngram_hashes_count_distinct_shingles():
    tokens = ["a", "b", "c", "d", "e", "f", "a", "b", "c", "d", "e"]
    assert len(ngram_hashes(tokens, 5)) == len(word_shingles(" ".join(tokens), 5)) == 6
    assert len(ngram_hashes(["x", "y"], 5)) == 1
    assert ngram_hashes([], 5).size == 0


def test_normalize_is_the_exact_dedup_normalization():
    for row in real_docs():
        assert normalize(row["text"]) == normalize_for_hash(row["text"])


def test_default_bands_are_fineweb_and_threshold_derivation():
    bands = LshBands()
    assert (bands.bands, bands.rows, bands.num_perm) == (14, 8, 112)
    assert 0.5 < candidate_probability(0.72, 14, 8) < 0.8
    b, r = bands_for_threshold(0.7, 112)
    assert b * r <= 112 and candidate_probability(0.9, b, r) > 0.99
    assert candidate_probability(0.3, b, r) < 0.01


def test_band_keys_differ_per_band_and_match_for_equal_signatures():
    signature = MinHashSignature(112).of_shingles({"a b c d e"})
    keys = LshBands().keys(signature)
    assert len(set(keys)) == 14
    assert keys == LshBands().keys(signature.copy())
    with pytest.raises(ValueError):
        LshBands(20, 8).keys(signature)


def test_survivor_rank_prefers_score_then_length_then_id():
    ranks = sorted(
        [
            survivor_rank("c", "long text here", {}),
            survivor_rank("b", "short", {"quality.score": 0.9}),
            survivor_rank("a", "shorter", {"quality.score": 0.2}),
            survivor_rank("d", "long text here", {}),
        ]
    )
    assert [rank[-1] for rank in ranks] == ["b", "a", "c", "d"]


def test_chain_ends_in_one_component():
    components = components_in_memory([("a", "b"), ("b", "c"), ("x", "y")])
    assert components == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


def test_star_rounds_converge_on_long_random_path():
    rng = random.Random(0)
    labels = rng.sample(range(10**9), 2000)
    edges = list(zip(labels, labels[1:], strict=False))
    rounds = 0
    for rounds, (final, changed) in enumerate(star_rounds(edges, 20), 1):  # noqa: B007
        if changed == 0:
            break
    assert changed == 0 and rounds <= 20
    assert {root for root, _ in final} == {min(labels)}
    assert len(final) == len(labels) - 1


def test_bucket_edges_star_and_verified():
    assert sorted(star_edges(["c", "a", "b"])) == [("a", "c"), ("b", "c")]
    minhash = MinHashSignature(112)
    text = real_docs()[2]["text"]
    near = minhash.of_shingles(shingles(edit_words(text, 0.02, 1))).astype("<u4").tobytes()
    same = minhash.of_shingles(shingles(text)).astype("<u4").tobytes()
    other = minhash.of_shingles(shingles(real_docs()[3]["text"])).astype("<u4").tobytes()
    edges = list(verified_edges([("b", near), ("a", same), ("z", other)], 0.7))
    assert edges == [("a", "b")]


def test_repeated_windows_cover_exactly_the_repeated_span():
    scheme = RepeatedWindows(min_tokens=5)
    text = "alpha beta one two three four five six gamma"
    hashes = dict((pos, h) for h, pos in scheme.occurrences(text))
    assert len(hashes) == len(token_spans(text)) - 4
    other = "x y one two three four five six z"
    shared = {h for h, _ in scheme.occurrences(text)} & {h for h, _ in scheme.occurrences(other)}
    assert len(shared) == 2  # "one..five" and "two..six"
    positions = [pos for h, pos in scheme.occurrences(other) if h in shared]
    assert scheme.remove(other, positions) == ("x y z", len("one two three four five six "))


def test_repeated_windows_tokenize_cjk_per_character():
    assert len(token_spans("你好世界 hello")) == 5


def test_repeated_lines_normalize_and_cut():
    scheme = RepeatedLines("line")
    first = dict((h, i) for h, i in scheme.occurrences("Home | About\nReal content 1.\n"))
    second = scheme.occurrences("home about\nOther content\n")
    repeated = [i for h, i in second if h in first]
    assert repeated == [0]
    assert scheme.remove("home about\nOther content\n", repeated)[0] == "Other content"


def test_edit_helpers_change_the_requested_share():
    text = real_docs()[0]["text"]
    assert len(edit_words(text, 0.2, 1).split()) < len(text.split())
    assert edit_chars("一二三四五六七八九十", 0.2, 1) != "一二三四五六七八九十"
