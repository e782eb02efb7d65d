"""CulturaX thresholds from a profile: keep above p_low for high-is-good metrics, below p_high
for low-is-good ones (Nguyen et al. 2023, section 3.3; defaults p10 / p90).

The result has exactly the shape of the config's `stages.lid.languages` and
`stages.heuristic.languages`, so it can be used as (or pasted into) a config file.
"""

from __future__ import annotations

import math
from typing import Any

from yisieve.filters.heuristics.config import HeuristicThresholds

# threshold field -> (annotation profiled, "min" keeps above p_low / "max" keeps below p_high)
METRIC_OF_THRESHOLD: dict[str, tuple[str, str]] = {
    "min_words": ("heuristic.words", "min"),
    # max_words is not derived: a long document is no worse for it, and p90 would drop the
    # longest tenth of every crawl; Gopher's 100,000-word cap stays.
    "min_mean_word_length": ("heuristic.mean_word_length", "min"),
    "max_mean_word_length": ("heuristic.mean_word_length", "max"),
    "max_hash_word_ratio": ("heuristic.hash_word_ratio", "max"),
    "max_ellipsis_word_ratio": ("heuristic.ellipsis_word_ratio", "max"),
    "max_bullet_lines_ratio": ("heuristic.bullet_lines_ratio", "max"),
    "max_ellipsis_lines_ratio": ("heuristic.ellipsis_lines_ratio", "max"),
    "min_alpha_words_ratio": ("heuristic.alpha_words_ratio", "min"),
    "min_gopher_stop_words": ("heuristic.gopher_stop_words", "min"),
    "max_dup_line_ratio": ("heuristic.dup_line_ratio", "max"),
    "max_dup_para_ratio": ("heuristic.dup_para_ratio", "max"),
    "max_dup_line_char_ratio": ("heuristic.dup_line_char_ratio", "max"),
    "max_dup_para_char_ratio": ("heuristic.dup_para_char_ratio", "max"),
    **{
        f"max_top_{n}gram_char_ratio": (f"heuristic.top_{n}gram_char_ratio", "max")
        for n in (2, 3, 4)
    },
    **{
        f"max_dup_{n}gram_char_ratio": (f"heuristic.dup_{n}gram_char_ratio", "max")
        for n in range(5, 11)
    },
    "min_sentences": ("heuristic.c4_sentences", "min"),
    "min_terminal_punct_lines_ratio": ("heuristic.terminal_punct_lines_ratio", "min"),
    "max_short_lines_ratio": ("heuristic.short_lines_ratio", "max"),
    "max_dup_line_chars_ratio": ("heuristic.dup_line_chars_ratio", "max"),
    "max_newline_word_ratio": ("heuristic.newline_word_ratio", "max"),
    "max_run_on_char_ratio": ("heuristic.run_on_char_ratio", "max"),
    "max_special_char_ratio": ("heuristic.special_char_ratio", "max"),
    "max_char_repetition_ratio": ("heuristic.char_repetition_ratio", "max"),
    "max_flagged_words_ratio": ("heuristic.flagged_words_ratio", "max"),
    "min_stop_words_ratio": ("heuristic.stop_words_ratio", "min"),
}
# Parameters that shape a statistic rather than judge it: they are carried over from the
# profile's config, so the thresholds apply to the statistic as it was measured.
MEASUREMENT_PARAMETERS = ("short_line_chars", "run_on_line_chars", "char_repetition_n")
LID_SCORE = "lid.lang_score"


class ProfileError(ValueError):
    """The profile file is not one `yisieve profile` wrote."""


def _integer_fields() -> set[str]:
    return {
        name
        for name, field in HeuristicThresholds.model_fields.items()
        if "int" in str(field.annotation)
    }


def language_thresholds(
    metrics: dict[str, list[float]], low: float, high: float
) -> dict[str, float | int]:
    """One language's thresholds. A "max" threshold at 0 (the metric is 0 for at least
    `high`% of documents, e.g. flagged words) would reject any single occurrence: it is
    left out, and the default applies."""
    integers = _integer_fields()
    result: dict[str, float | int] = {}
    for field, (metric, kind) in METRIC_OF_THRESHOLD.items():
        quantiles = metrics.get(metric)
        if not quantiles:
            continue
        value = _percentile(quantiles, low if kind == "min" else high)
        if kind == "max" and value <= 0:
            continue
        if field in integers:
            value = math.floor(value) if kind == "min" else math.ceil(value)
        else:
            value = round(value, 4)
        result[field] = value
    return result


def _percentile(quantiles: list[float], percent: float) -> float:
    """Linear interpolation between the profile's evenly spaced quantiles."""
    position = percent / 100 * (len(quantiles) - 1)
    below = int(math.floor(position))
    above = min(below + 1, len(quantiles) - 1)
    return quantiles[below] + (quantiles[above] - quantiles[below]) * (position - below)


def thresholds_config(
    profile: dict[str, Any],
    low: float = 10,
    high: float = 90,
    languages: list[str] | None = None,
    min_documents: int = 50,
) -> dict[str, Any]:
    """`{'stages': {'lid': {'languages': ...}, 'heuristic': {'languages': ...}}}`."""
    if not 0 <= low < high <= 100:
        raise ValueError(f"need 0 <= low < high <= 100, got {low} and {high}")
    try:
        profiled = profile["languages"]
        used = profile["config"]
    except (KeyError, TypeError):
        raise ProfileError("not a yisieve profile (no 'languages'/'config' keys)") from None
    wanted = languages or sorted(used.get("lid_languages", {})) or sorted(profiled)
    lid: dict[str, float] = {}
    heuristic: dict[str, dict[str, Any]] = {}
    for lang in wanted:
        entry = profiled.get(lang)
        if not entry or entry["documents"] < min_documents:
            continue
        metrics = entry["metrics"]
        if LID_SCORE in metrics:
            lid[lang] = round(_percentile(metrics[LID_SCORE], low), 4)
        carried = {
            key: value
            for key, value in used.get("heuristic_languages", {}).get(lang, {}).items()
            if key in MEASUREMENT_PARAMETERS
        }
        heuristic[lang] = {**carried, **language_thresholds(metrics, low, high)}
    return {"stages": {"lid": {"languages": lid}, "heuristic": {"languages": heuristic}}}
