r"""Recognizers for Chinese PII: mainland mobile numbers, landlines, resident identity numbers.

Like the Latin-script ones, they use ASCII lookarounds, never `\b`, so `手机13812345678` and
`身份证号11010519491231002X。` are found inside running Chinese text.
"""

from __future__ import annotations

import regex

from yisieve.filters.pii.boundaries import NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER
from yisieve.filters.pii.cn_resident_id import is_resident_id
from yisieve.filters.pii.pattern_base import (
    PATTERN_SCORE,
    VALIDATED_SCORE,
    CheckedPatternRecognizer,
)


class CnMobileRecognizer(CheckedPatternRecognizer):
    """Mainland mobiles: 1[3-9] + 9 digits (MIIT numbering plan), optionally +86 / 0086,
    compact or grouped 3-4-4 (`138 1234 5678`, `138-1234-5678`)."""

    ENTITY = "CN_MOBILE"
    REGEX = (
        NOT_AFTER_NUMBER
        + r"(?:(?:\+|00)86[\s\-]?)?1[3-9]\d(?:\d{8}|[\s\-]\d{4}[\s\-]\d{4})"
        + NOT_BEFORE_NUMBER
    )

    def accept(self, text: str, match: regex.Match):
        return match.start(), match.end(), VALIDATED_SCORE


class CnLandlineRecognizer(CheckedPatternRecognizer):
    """Landlines written with their area code set apart: `010-12345678`, `(0755) 1234567`,
    `（021）87654321`. A bare 11-12 digit run is ambiguous (order numbers), so it is left alone,
    and so is a bracketed code without its trunk 0: `(855) 333 3830` is North American.

    Area codes: 010 and 02X are followed by 8 digits; 0[3-9]XX by 7 or 8 (MIIT plan).
    """

    ENTITY = "CN_LANDLINE"
    REGEX = (
        NOT_AFTER_NUMBER
        + r"(?:[(（]0(?:10|2\d)[)）][\s\-]?\d{4}[\s\-]?\d{4}"
        + r"|[(（]0[3-9]\d{2}[)）][\s\-]?\d{3,4}[\s\-]?\d{4}"
        + r"|0(?:10|2\d)-\d{4}-?\d{4}"
        + r"|0[3-9]\d{2}-\d{3,4}-?\d{4})"
        + r"(?:[\-转#]\d{1,5})?"
        + NOT_BEFORE_NUMBER
    )

    def accept(self, text: str, match: regex.Match):
        return match.start(), match.end(), PATTERN_SCORE


class CnResidentIdRecognizer(CheckedPatternRecognizer):
    """18-character PRC resident ID numbers with a valid GB 11643 check character."""

    ENTITY = "CN_RESIDENT_ID"
    REGEX = NOT_AFTER_NUMBER + r"[1-8]\d{16}[0-9Xx]" + NOT_BEFORE_NUMBER

    def accept(self, text: str, match: regex.Match):
        if not is_resident_id(match.group()):
            return None
        return match.start(), match.end(), VALIDATED_SCORE


def chinese_recognizers(language: str) -> list[CheckedPatternRecognizer]:
    return [
        CnMobileRecognizer(language),
        CnLandlineRecognizer(language),
        CnResidentIdRecognizer(language),
    ]
