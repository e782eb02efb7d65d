"""The PII types the stage knows: presidio entity name, annotation key, default placeholder."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PiiType:
    entity: str  # presidio entity name, as recognizers report it
    key: str  # annotation `pii.<key>`: how many were masked in the document
    placeholder: str  # default replacement text


PII_TYPES: tuple[PiiType, ...] = (
    PiiType("EMAIL_ADDRESS", "email", "<EMAIL>"),
    PiiType("PHONE_NUMBER", "phone", "<PHONE>"),
    PiiType("CN_MOBILE", "cn_mobile", "<PHONE>"),
    PiiType("CN_LANDLINE", "cn_landline", "<PHONE>"),
    PiiType("IP_ADDRESS", "ip_address", "<IP_ADDRESS>"),
    PiiType("CREDIT_CARD", "credit_card", "<CREDIT_CARD>"),
    PiiType("IBAN_CODE", "iban", "<IBAN>"),
    PiiType("CN_RESIDENT_ID", "cn_id", "<CN_ID>"),
    PiiType("PERSON", "person", "<PERSON>"),
)
BY_ENTITY: dict[str, PiiType] = {pii.entity: pii for pii in PII_TYPES}
PATTERN_ENTITIES: tuple[str, ...] = tuple(p.entity for p in PII_TYPES if p.entity != "PERSON")
# When two recognizers claim the same span, the more specific type names it.
SPECIFICITY: dict[str, int] = {
    "CN_RESIDENT_ID": 0,
    "IBAN_CODE": 1,
    "CREDIT_CARD": 2,
    "CN_MOBILE": 3,
    "CN_LANDLINE": 4,
    "EMAIL_ADDRESS": 5,
    "IP_ADDRESS": 6,
    "PHONE_NUMBER": 7,
    "PERSON": 8,
}
