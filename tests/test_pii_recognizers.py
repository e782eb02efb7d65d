"""Each PII recognizer on its positives (in en and zh contexts) and its near-misses."""

from __future__ import annotations

import pytest

from tests.pii_cases import NEAR_MISSES, POSITIVES
from yisieve.filters.pii import recognizers_en, recognizers_zh
from yisieve.filters.pii.cn_resident_id import check_character, is_resident_id
from yisieve.filters.pii.luhn import luhn_valid


def recognizer(name: str, language: str = "en"):
    module = recognizers_en if hasattr(recognizers_en, name) else recognizers_zh
    return getattr(module, name)(language)


def found(name: str, text: str, language: str = "en") -> list[str]:
    results = recognizer(name, language).analyze(text, [])
    return sorted(text[r.start : r.end] for r in results)


POSITIVE_CASES = [(name, text, want) for name, cases in POSITIVES.items() for text, want in cases]
NEAR_MISS_CASES = [(name, text) for name, texts in NEAR_MISSES.items() for text in texts]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize(("name", "text", "want"), POSITIVE_CASES)
def test_recognizer_finds_exactly_the_pii(name, text, want, language):
    assert found(name, text, language) == sorted(want)


@pytest.mark.parametrize(("name", "text"), NEAR_MISS_CASES)
def test_recognizer_ignores_near_misses(name, text):
    assert found(name, text) == []


def test_cjk_adjacent_email_masks_only_the_address():
    text = "邮箱zhangwei@example.cn"
    (result,) = recognizer("EmailAddressRecognizer", "zh").analyze(text, [])
    assert text[: result.start] == "邮箱"
    assert text[result.start :] == "zhangwei@example.cn"


def test_bare_ten_digits_need_a_phone_word():
    assert found("NanpPhoneRecognizer", "联系电话2831823829") == ["2831823829"]
    assert found("NanpPhoneRecognizer", "编号2831823829") == []


def test_resident_id_check_character_follows_gb11643():
    # The standard's worked example: 11010519491231002 -> X (weighted sum 167, 167 mod 11 = 2).
    assert check_character("11010519491231002") == "X"
    assert is_resident_id("11010519491231002X")
    for wrong in "0123456789":
        assert not is_resident_id("11010519491231002" + wrong)


def test_luhn_on_published_test_numbers():
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")
