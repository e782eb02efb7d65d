"""The Gopher quality thresholds reproduce the published behaviour (Rae et al. 2021, A1.1)."""

from __future__ import annotations

import pytest

from tests.heuristics_helpers import EN_PROSE, run_rule
from yisieve.filters.heuristics.gopher_quality import GopherQuality

RULE = GopherQuality()


def words_text(count: int, word: str = "house") -> str:
    """`count` words that hold the two stop words Gopher needs and nothing else to object to."""
    return " ".join(["the", "and"] + [word] * (count - 2))


@pytest.mark.parametrize("count,reason", [(49, "gopher_short_doc"), (50, None), (100_000, None)])
def test_fewer_than_50_words_rejected(count, reason):
    measures, failed = run_rule(RULE, words_text(count))
    assert measures["words"] == count
    assert failed == reason


def test_more_than_100000_words_rejected():
    assert run_rule(RULE, words_text(100_001))[1] == "gopher_long_doc"


def test_mean_word_length_below_3_rejected():
    short = " ".join(["the", "and"] + ["ox"] * 60)  # mean (3 + 3 + 60*2) / 62 = 2.03
    measures, failed = run_rule(RULE, short)
    assert measures["mean_word_length"] < 3
    assert failed == "gopher_mean_word_length"
    assert run_rule(RULE, " ".join(["the", "and"] + ["cat"] * 60))[1] is None


def test_mean_word_length_above_10_rejected():
    long_words = " ".join(["the", "and"] + ["internationalization"] * 60)
    assert run_rule(RULE, long_words)[1] == "gopher_mean_word_length"


def test_more_than_30_percent_ellipsis_lines_rejected():
    good = [line for line in EN_PROSE.splitlines()] * 2  # 10 lines
    three_of_ten = [line[:-1] + "..." if i < 3 else line for i, line in enumerate(good)]
    four_of_ten = [line[:-1] + "…" if i < 4 else line for i, line in enumerate(good)]
    measures, failed = run_rule(RULE, "\n".join(three_of_ten))
    assert measures["ellipsis_lines_ratio"] == pytest.approx(0.3)
    assert failed is None
    measures, failed = run_rule(RULE, "\n".join(four_of_ten))
    assert measures["ellipsis_lines_ratio"] == pytest.approx(0.4)
    assert failed == "gopher_ellipsis_lines"


@pytest.mark.parametrize(
    "stop_words,reason", [(0, "gopher_stopwords"), (1, "gopher_stopwords"), (2, None)]
)
def test_two_stop_words_needed(stop_words, reason):
    text = " ".join(["the", "with"][:stop_words] + ["garden"] * 60)
    measures, failed = run_rule(RULE, text)
    assert measures["gopher_stop_words"] == stop_words
    assert failed == reason


def test_symbol_to_word_ratio_above_0_1_rejected():
    hashes = words_text(60) + " #tag" * 7  # 7 hashes / 67 words > 0.1
    assert run_rule(RULE, hashes)[1] == "gopher_hash_ratio"
    ellipses = words_text(60) + " wait..." * 8
    assert run_rule(RULE, ellipses)[1] == "gopher_ellipsis_ratio"


def test_more_than_90_percent_bullet_lines_rejected():
    lines = EN_PROSE.splitlines() * 2
    bulleted = "\n".join(f"• {line}" for line in lines)
    assert run_rule(RULE, bulleted)[1] == "gopher_bullet_lines"
    nine_of_ten = "\n".join(f"- {line}" if i else line for i, line in enumerate(lines))
    assert run_rule(RULE, nine_of_ten)[1] is None


def test_fewer_than_80_percent_alphabetic_words_rejected():
    numbers = words_text(50) + " " + " ".join(str(n) for n in range(1000, 1015))  # 15/65 > 20%
    measures, failed = run_rule(RULE, numbers)
    assert measures["alpha_words_ratio"] < 0.8
    assert failed == "gopher_alpha_words"
