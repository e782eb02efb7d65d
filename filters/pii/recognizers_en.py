"""Recognizers for PII written in Latin script: emails, phones, IPs, payment cards, IBANs.

They run on English and Chinese documents alike (an email is an email in any language); each
is bounded by ASCII lookarounds (see boundaries.py) so `邮箱zhangwei@example.cn` masks only the
address. Validation (suffix list, phonenumbers, ipaddress, Luhn, mod 97) removes look-alikes.
Class names differ from presidio's predefined ones on purpose: presidio's registry loader
finds recognizer classes by name among all subclasses.
"""

from __future__ import annotations

import ipaddress

import phonenumbers
import regex
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from yisieve.filters.pii.boundaries import (
    NOT_AFTER_ALNUM,
    NOT_AFTER_NUMBER,
    NOT_BEFORE_ALNUM,
    NOT_BEFORE_NUMBER,
)
from yisieve.filters.pii.luhn import luhn_valid
from yisieve.filters.pii.offline_suffixes import has_public_suffix
from yisieve.filters.pii.pattern_base import (
    PATTERN_SCORE,
    VALIDATED_SCORE,
    CheckedPatternRecognizer,
    context_before,
)

# Words that, just before a bare digit run, say it is a phone number (en and zh).
PHONE_CONTEXT = (
    "phone", "tel", "call", "fax", "mobile", "cell", "contact", "text me", "whatsapp",
    "reach", "dial", "hotline", "sms",
    "电话", "手机", "联系", "致电", "热线", "传真", "拨打",
)  # fmt: skip
# Words that, just before a dotted quad, make it a version number, not an address.
VERSION_CONTEXT = ("version", "ver.", "ver ", "v", "release", "build", "版本")


class EmailAddressRecognizer(CheckedPatternRecognizer):
    """RFC 5322 'dot-atom' addresses with an ASCII local part and a public-suffix domain."""

    ENTITY = "EMAIL_ADDRESS"
    REGEX = (
        r"(?<![0-9A-Za-z._%+\-])"
        r"[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
        r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}" + NOT_BEFORE_ALNUM
    )

    def accept(self, text: str, match: regex.Match):
        domain = match.group().rpartition("@")[2]
        if ".." in match.group() or not has_public_suffix(domain):
            return None
        return match.start(), match.end(), VALIDATED_SCORE


class NanpPhoneRecognizer(CheckedPatternRecognizer):
    """North American numbers: (283)-182-3829, 283.182.3829, +1 212 555 0123, 2831823829.

    A bare 10-digit run is masked only after a phone word (order numbers and IDs are bare
    digit runs too); a formatted number needs no context. The area code starts with 2-9
    (NANP numbering plan); the exchange is not checked, as real pages write fictional ones.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERN_NAME = "nanp"
    REGEX = (
        NOT_AFTER_NUMBER
        + r"(?P<cc>\+1[\s.\-]?|1[\s.\-])?"
        + r"(?:\((?P<paren>[2-9]\d{2})\)[\s.\-]?|[2-9]\d{2}(?P<sep1>[\s.\-]?))"
        + r"\d{3}(?P<sep2>[\s.\-]?)\d{4}"
        + NOT_BEFORE_NUMBER
    )

    def accept(self, text: str, match: regex.Match):
        formatted = (
            match.group("cc")
            or match.group("paren")
            or (match.group("sep1") and match.group("sep2"))
        )
        if in_number_sequence(text, match.start(), match.end()):
            return None
        if formatted or any(word in context_before(text, match.start()) for word in PHONE_CONTEXT):
            return match.start(), match.end(), PATTERN_SCORE
        return None


def in_number_sequence(text: str, start: int, end: int) -> bool:
    """`... 997 998 999 1000 1001 ...`: space-separated numbers on both sides are a list
    (page numbers, tables), not a phone number written in groups."""
    return bool(NUMBER_BEFORE.search(text[max(0, start - 2) : start])) or bool(
        NUMBER_AFTER.match(text[end : end + 2])
    )


NUMBER_BEFORE = regex.compile(r"\d[ \t]$")
NUMBER_AFTER = regex.compile(r"[ \t]\d")


class InternationalPhoneRecognizer(CheckedPatternRecognizer):
    """`+44 20 7946 0958`, `+49 (0)30 1234567`: a + prefix, parsed and length-checked by
    python-phonenumbers (Google's libphonenumber metadata)."""

    ENTITY = "PHONE_NUMBER"
    PATTERN_NAME = "international"
    REGEX = (
        r"(?<![0-9A-Za-z+])\+[1-9]\d{0,2}(?:[\s.\-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}"
        + NOT_BEFORE_NUMBER
    )

    def accept(self, text: str, match: regex.Match):
        try:
            number = phonenumbers.parse(match.group(), None)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_possible_number(number):
            return None
        score = VALIDATED_SCORE if phonenumbers.is_valid_number(number) else PATTERN_SCORE
        return match.start(), match.end(), score


class IpAddressRecognizer(CheckedPatternRecognizer):
    """IPv4 dotted quads and IPv6 (full or `::`-compressed), checked by `ipaddress`."""

    ENTITY = "IP_ADDRESS"
    _OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    _HEX = r"[0-9A-Fa-f]{1,4}"
    _IPV6 = (
        rf"(?:{_HEX}:){{7}}{_HEX}"
        rf"|(?:{_HEX}:){{1,7}}:(?:{_HEX}(?::{_HEX}){{0,5}})?"
        rf"|::{_HEX}(?::{_HEX}){{0,6}}"
    )
    REGEX = (
        rf"(?<![0-9A-Za-z:.])(?:(?:{_OCTET}\.){{3}}{_OCTET}(?![0-9A-Za-z]|\.[0-9])"
        rf"|(?:{_IPV6})(?![0-9A-Za-z:]|\.[0-9]))"
    )

    def accept(self, text: str, match: regex.Match):
        value = match.group()
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return None
        if address.version == 4:
            before = context_before(text, match.start(), 12)
            if before.rstrip().endswith(VERSION_CONTEXT):
                return None
        elif "::" in value and len([g for g in value.split(":") if g]) < 3:
            return None  # `a::b`-like tokens in code, not addresses
        return match.start(), match.end(), VALIDATED_SCORE


# Issuer identification number ranges and lengths (ISO/IEC 7812; card network rules).
CARD_NETWORKS = (
    # Visa also issues 19 digits, rarely; 19-digit runs starting with 4 are mostly other IDs.
    (regex.compile(r"4"), (13, 16)),  # Visa
    (regex.compile(r"5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)"), (16,)),  # Mastercard
    (regex.compile(r"3[47]"), (15,)),  # American Express
    (regex.compile(r"6(?:011|5|4[4-9])"), (16, 17, 18, 19)),  # Discover
    (regex.compile(r"35(?:2[89]|[3-8]\d)"), (16, 17, 18, 19)),  # JCB
    (regex.compile(r"3(?:0[0-5]|[68])"), (14, 16)),  # Diners Club
    (regex.compile(r"62"), (16, 17, 18, 19)),  # UnionPay
)


def is_card_number(digits: str) -> bool:
    """A known issuer prefix with its length, and a valid Luhn check digit."""
    if len(set(digits)) == 1:
        return False
    for prefix, lengths in CARD_NETWORKS:
        if len(digits) in lengths and prefix.match(digits):
            return luhn_valid(digits)
    return False


class PaymentCardRecognizer(CheckedPatternRecognizer):
    """13-19 digits, grouped by spaces or dashes, with an issuer prefix and a Luhn check."""

    ENTITY = "CREDIT_CARD"
    # Not inside a URL path or query (`/pages/p/388213067901331`, `?id=4111...`): page ids.
    REGEX = NOT_AFTER_NUMBER + r"(?<![/=_#])[2-6]\d{3}(?:[ \-]?\d{2,4}){2,4}" + NOT_BEFORE_NUMBER

    def accept(self, text: str, match: regex.Match):
        digits = regex.sub(r"[ \-]", "", match.group())
        if not is_card_number(digits):
            return None
        return match.start(), match.end(), VALIDATED_SCORE


def iban_check_valid(compact: str) -> bool:
    """ISO 13616 / ISO 7064 mod 97-10: the rearranged number modulo 97 is 1."""
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return int(numeric) % 97 == 1


class IbanCodeRecognizer(CheckedPatternRecognizer):
    """IBANs, compact or in groups of four, checked against the country format and mod 97.

    The pattern may swallow a following capitalised word (`... 32 BANK`): the longest prefix
    that fits the country's format and checksum is the IBAN.
    """

    ENTITY = "IBAN_CODE"
    REGEX = NOT_AFTER_ALNUM + r"[A-Z]{2}\d{2}(?: ?[0-9A-Z]{1,4}){3,9}" + NOT_BEFORE_ALNUM

    def accept(self, text: str, match: regex.Match):
        value = match.group()
        country_format = regex_per_country.get(value[:2])
        if country_format is None:
            return None
        country_regex = regex.compile(country_format)
        # Try the longest prefix first, cutting at group boundaries.
        cuts = [len(value)] + [i for i in range(len(value) - 1, 14, -1) if value[i] == " "]
        for cut in cuts:
            candidate = value[:cut]
            compact = candidate.replace(" ", "")
            if country_regex.fullmatch(candidate) and iban_check_valid(compact):
                return match.start(), match.start() + cut, VALIDATED_SCORE
        return None


def latin_script_recognizers(language: str) -> list[CheckedPatternRecognizer]:
    return [
        EmailAddressRecognizer(language),
        NanpPhoneRecognizer(language),
        InternationalPhoneRecognizer(language),
        IpAddressRecognizer(language),
        PaymentCardRecognizer(language),
        IbanCodeRecognizer(language),
    ]
