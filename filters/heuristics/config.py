"""`stages.heuristic`: thresholds per language, field defaults for en, ROOTS-based for zh.

`defaults` hold the published values (Gopher, C4, FineWeb, ROOTS for English); `languages`
overrides some of them per language (only the keys given). A language with no entry uses the
defaults. Any threshold set to null switches that check off (the statistic is still measured).
`yisieve thresholds` writes exactly this shape from a profile (CulturaX percentiles).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from yisieve.filters.config_section import ConfigSection, StageSection


class HeuristicThresholds(ConfigSection):
    """Every decision threshold of the heuristic stage; null switches a check off."""

    # Gopher quality (Rae et al. 2021, Table A1; datatrove GopherQualityFilter defaults).
    min_words: int | None = 50
    max_words: int | None = 100_000
    min_mean_word_length: float | None = 3.0
    max_mean_word_length: float | None = 10.0
    max_hash_word_ratio: float | None = 0.1
    max_ellipsis_word_ratio: float | None = 0.1
    max_bullet_lines_ratio: float | None = 0.9
    max_ellipsis_lines_ratio: float | None = 0.3
    min_alpha_words_ratio: float | None = 0.8
    min_gopher_stop_words: int | None = 2

    # Gopher repetition (Rae et al. 2021, Table A1).
    max_dup_line_ratio: float | None = 0.30
    max_dup_para_ratio: float | None = 0.30
    max_dup_line_char_ratio: float | None = 0.20
    max_dup_para_char_ratio: float | None = 0.20
    max_top_2gram_char_ratio: float | None = 0.20
    max_top_3gram_char_ratio: float | None = 0.18
    max_top_4gram_char_ratio: float | None = 0.16
    max_dup_5gram_char_ratio: float | None = 0.15
    max_dup_6gram_char_ratio: float | None = 0.14
    max_dup_7gram_char_ratio: float | None = 0.13
    max_dup_8gram_char_ratio: float | None = 0.12
    max_dup_9gram_char_ratio: float | None = 0.11
    max_dup_10gram_char_ratio: float | None = 0.10

    # C4 page rules (TFDS c4_utils: min 3 sentences; the paper says 5).
    min_sentences: int | None = 3
    drop_lorem_ipsum: bool = True
    drop_curly_bracket: bool = True

    # FineWeb quality filter (Penedo et al. 2024; datatrove FineWebQualityFilter defaults).
    min_terminal_punct_lines_ratio: float | None = 0.12
    max_short_lines_ratio: float | None = 0.67
    short_line_chars: int = Field(default=30, gt=0)
    max_dup_line_chars_ratio: float | None = 0.01
    max_newline_word_ratio: float | None = 0.3

    # Run-on ("continuous") lines: long stretches without any sentence end are keyword
    # stuffing or tag clouds. Our own rule; 500 chars is ~90 English words without a full stop.
    run_on_line_chars: int = Field(default=500, gt=0)
    max_run_on_char_ratio: float | None = 0.5

    # ROOTS / CulturaX metrics (bigscience data_tooling ac_dc parameters_filtering, en).
    max_special_char_ratio: float | None = 0.4
    char_repetition_n: int = Field(default=10, gt=0)
    max_char_repetition_ratio: float | None = 0.106
    max_flagged_words_ratio: float | None = 0.01
    min_stop_words_ratio: float | None = 0.3


# Same keys, all optional: a per-language entry names only what it changes.
ThresholdOverrides = create_model(  # type: ignore[call-overload]
    "ThresholdOverrides",
    __config__=ConfigDict(extra="forbid"),
    **{
        name: (field.annotation | None, None)  # type: ignore[operator]
        for name, field in HeuristicThresholds.model_fields.items()
    },
)


def _zh_overrides() -> dict[str, Any]:
    """ROOTS zh parameters (ac_dc parameters_filtering_zh) where ROOTS has one; otherwise
    values measured on Chinese reference text (see filters/resources/README.md)."""
    return {
        # jieba words are 1-4 characters; Gopher's 3..10 is an alphabetic-script range. The
        # 1st..99th percentiles of the zhwiki + CLUECorpusSmall documents lie in 1.40..2.45.
        "min_mean_word_length": 1.2,
        "max_mean_word_length": 4.0,
        "max_special_char_ratio": 0.3,  # ROOTS zh special_characters_max_cutoff
        "char_repetition_n": 3,  # ROOTS zh character_repetition_length
        "max_char_repetition_ratio": 0.2,  # ROOTS zh character_repetition_max_cutoff
        "max_flagged_words_ratio": 0.001,  # ROOTS zh flagged_words_max_cutoff
        "min_stop_words_ratio": 0.1691,  # ROOTS zh stopwords_min_cutoff
        # FineWeb's short line is <= 30 characters of English; the TED en-zh pairs hold 3.08
        # English characters per Chinese one, so the same content is ~10 Chinese characters.
        "short_line_chars": 10,
    }


class LineRemovalConfig(StageSection):
    """C4 line removal (a rewrite before the decisions; TFDS c4_utils)."""

    javascript: bool = True  # C4: drop lines mentioning javascript
    policy: bool = True  # C4: drop cookie / terms-of-use / privacy-policy lines
    max_word_chars: int | None = 1000  # C4: a word over 1000 characters drops its line


class HeuristicConfig(StageSection):
    """`stages.heuristic` in the config."""

    line_removal: LineRemovalConfig = LineRemovalConfig()
    # zh Wikipedia's `-{...}-` conversion markup is replaced by its simplified reading before
    # the rules (else C4's `{` rule drops the article; filters/heuristics/conversion_markup.py).
    conversion_markup: bool = True
    # Extra blocked domains, one per line (a leading `.` or `*.` is allowed), added to the
    # list shipped in filters/resources/url_blocklist.txt.
    url_blocklist_files: list[str] = Field(default_factory=list)
    url_banned_words: bool = True  # flagged words inside the URL (ROOTS lists)
    defaults: HeuristicThresholds = HeuristicThresholds()
    languages: dict[str, ThresholdOverrides] = Field(  # type: ignore[valid-type]
        default_factory=lambda: {"zh": ThresholdOverrides(**_zh_overrides())}
    )
    batch_size: int = Field(default=1, gt=0)

    @field_validator("url_blocklist_files")
    @classmethod
    def _blocklists_exist(cls, paths: list[str]) -> list[str]:
        for path in paths:
            if not Path(path).is_file():
                raise ValueError(f"URL blocklist file not found: {path}")
        return paths

    @model_validator(mode="after")
    def _overrides_resolve(self) -> HeuristicConfig:
        """A bad per-language value fails when the config loads, not on the first document."""
        try:
            self.thresholds()
        except ValidationError as error:
            raise ValueError(str(error)) from None
        return self

    def thresholds(self) -> ThresholdTable:
        return ThresholdTable.build(self.defaults, self.languages)


class ThresholdTable:
    """Resolved thresholds per language; unknown languages get the defaults."""

    def __init__(self, defaults: HeuristicThresholds, by_language: dict[str, HeuristicThresholds]):
        self.defaults = defaults
        self.by_language = by_language

    @classmethod
    def build(
        cls, defaults: HeuristicThresholds, overrides: dict[str, BaseModel]
    ) -> ThresholdTable:
        resolved = {
            lang: HeuristicThresholds.model_validate(
                {**defaults.model_dump(), **override.model_dump(exclude_unset=True)}
            )
            for lang, override in overrides.items()
        }
        return cls(defaults, resolved)

    def for_language(self, lang: str | None) -> HeuristicThresholds:
        return self.by_language.get(lang or "", self.defaults)
