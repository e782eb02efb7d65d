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
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from yisieve.filters.config_section import ConfigSection, PartialSection, StageSection


class HeuristicThresholds(ConfigSection):
    """Every decision threshold of the heuristic stage; null switches a check off."""

    # Gopher quality (Rae et al. 2021, Table A1; datatrove GopherQualityFilter defaults).
    min_words: int | None = Field(default=50, description="Gopher: fewest words")
    max_words: int | None = Field(default=100_000, description="Gopher: most words")
    min_mean_word_length: float | None = Field(
        default=3.0, description="Gopher: shortest mean word length (characters)"
    )
    max_mean_word_length: float | None = Field(
        default=10.0, description="Gopher: longest mean word length (characters)"
    )
    max_hash_word_ratio: float | None = Field(
        default=0.1, description="Gopher: most `#` symbols per word"
    )
    max_ellipsis_word_ratio: float | None = Field(
        default=0.1, description="Gopher: most ellipses per word"
    )
    max_bullet_lines_ratio: float | None = Field(
        default=0.9, description="Gopher: largest share of lines starting with a bullet"
    )
    max_ellipsis_lines_ratio: float | None = Field(
        default=0.3, description="Gopher: largest share of lines ending with an ellipsis"
    )
    min_alpha_words_ratio: float | None = Field(
        default=0.8, description="Gopher: smallest share of words holding a letter"
    )
    min_gopher_stop_words: int | None = Field(
        default=2, description="Gopher: fewest of its English stop words (the, be, to, ...)"
    )

    # Gopher repetition (Rae et al. 2021, Table A1).
    max_dup_line_ratio: float | None = Field(
        default=0.30, description="Gopher repetition: largest share of duplicate lines"
    )
    max_dup_para_ratio: float | None = Field(
        default=0.30, description="Gopher repetition: largest share of duplicate paragraphs"
    )
    max_dup_line_char_ratio: float | None = Field(
        default=0.20,
        description="Gopher repetition: largest share of characters in duplicate lines",
    )
    max_dup_para_char_ratio: float | None = Field(
        default=0.20,
        description="Gopher repetition: largest share of characters in duplicate paragraphs",
    )
    max_top_2gram_char_ratio: float | None = Field(
        default=0.20, description="Gopher repetition: largest share of characters in the top 2-gram"
    )
    max_top_3gram_char_ratio: float | None = Field(
        default=0.18, description="Gopher repetition: the same for the top 3-gram"
    )
    max_top_4gram_char_ratio: float | None = Field(
        default=0.16, description="Gopher repetition: the same for the top 4-gram"
    )
    max_dup_5gram_char_ratio: float | None = Field(
        default=0.15,
        description="Gopher repetition: largest share of characters in duplicate 5-grams",
    )
    max_dup_6gram_char_ratio: float | None = Field(
        default=0.14, description="Gopher repetition: the same for duplicate 6-grams"
    )
    max_dup_7gram_char_ratio: float | None = Field(
        default=0.13, description="Gopher repetition: the same for duplicate 7-grams"
    )
    max_dup_8gram_char_ratio: float | None = Field(
        default=0.12, description="Gopher repetition: the same for duplicate 8-grams"
    )
    max_dup_9gram_char_ratio: float | None = Field(
        default=0.11, description="Gopher repetition: the same for duplicate 9-grams"
    )
    max_dup_10gram_char_ratio: float | None = Field(
        default=0.10, description="Gopher repetition: the same for duplicate 10-grams"
    )

    # C4 page rules (TFDS c4_utils: min 3 sentences; the paper says 5).
    min_sentences: int | None = Field(default=3, description="C4: fewest sentences")
    drop_lorem_ipsum: bool = Field(default=True, description="C4: drop pages with lorem ipsum")
    drop_curly_bracket: bool = Field(
        default=True, description="C4: drop pages with a curly bracket (code, templates)"
    )

    # FineWeb quality filter (Penedo et al. 2024; datatrove FineWebQualityFilter defaults).
    min_terminal_punct_lines_ratio: float | None = Field(
        default=0.12, description="FineWeb: smallest share of lines ending in punctuation"
    )
    max_short_lines_ratio: float | None = Field(
        default=0.67, description="FineWeb: largest share of short lines"
    )
    short_line_chars: int = Field(
        default=30, gt=0, description="FineWeb: a line of at most this many characters is short"
    )
    max_dup_line_chars_ratio: float | None = Field(
        default=0.01, description="FineWeb: largest share of characters in duplicate lines"
    )
    max_newline_word_ratio: float | None = Field(
        default=0.3, description="FineWeb: most line breaks per word"
    )

    # Run-on ("continuous") lines: long stretches without any sentence end are keyword
    # stuffing or tag clouds. Our own rule; 500 chars is ~90 English words without a full stop.
    run_on_line_chars: int = Field(
        default=500, gt=0, description="a stretch this long without a sentence end is run-on"
    )
    max_run_on_char_ratio: float | None = Field(
        default=0.5, description="largest share of characters in run-on stretches"
    )

    # ROOTS / CulturaX metrics (bigscience data_tooling ac_dc parameters_filtering, en).
    max_special_char_ratio: float | None = Field(
        default=0.4, description="ROOTS: largest share of special characters"
    )
    char_repetition_n: int = Field(
        default=10, gt=0, description="ROOTS: the character n-gram length of char repetition"
    )
    max_char_repetition_ratio: float | None = Field(
        default=0.106, description="ROOTS: largest character repetition ratio"
    )
    max_flagged_words_ratio: float | None = Field(
        default=0.01, description="ROOTS: largest share of flagged words"
    )
    min_stop_words_ratio: float | None = Field(
        default=0.3, description="ROOTS: smallest share of stop words"
    )


# Same keys, all optional: a per-language entry names only what it changes.
ThresholdOverrides = create_model(  # type: ignore[call-overload]
    "ThresholdOverrides",
    __base__=PartialSection,
    **{
        name: (
            field.annotation | None,  # type: ignore[operator]
            Field(default=None, description=field.description),
        )
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

    javascript: bool = Field(default=True, description="C4: remove lines mentioning javascript")
    policy: bool = Field(
        default=True, description="C4: remove cookie, terms-of-use and privacy-policy lines"
    )
    max_word_chars: int | None = Field(
        default=1000, description="C4: a word longer than this removes its line; null: no limit"
    )


class HeuristicConfig(StageSection):
    """`stages.heuristic`: Gopher, C4, FineWeb and ROOTS rules; null switches a check off."""

    line_removal: LineRemovalConfig = Field(
        default_factory=LineRemovalConfig,
        description="C4 line removal: these lines are removed, the page stays",
    )
    # Else C4's `{` rule drops the article; filters/heuristics/conversion_markup.py.
    conversion_markup: bool = Field(
        default=True,
        description="replace zh Wikipedia's `-{...}-` conversion markup by its simplified reading",
    )
    url_blocklist_files: list[str] = Field(
        default_factory=list,
        description="extra blocked domains, one per line (a leading `.` or `*.` is allowed), "
        "added to filters/resources/url_blocklist.txt",
    )
    url_banned_words: bool = Field(
        default=True, description="reject URLs holding a flagged word (ROOTS lists)"
    )
    defaults: HeuristicThresholds = Field(
        default_factory=HeuristicThresholds,
        description="thresholds of every language (published en values); `yisieve thresholds` "
        "derives them from a profile",
    )
    languages: dict[str, ThresholdOverrides] = Field(  # type: ignore[valid-type]
        default_factory=lambda: {"zh": ThresholdOverrides(**_zh_overrides())},
        description="per-language overrides of `defaults`, only the keys that change (zh: ROOTS "
        "zh parameters, jieba words)",
    )
    batch_size: int = Field(default=1, gt=0, description="documents per batch")

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
