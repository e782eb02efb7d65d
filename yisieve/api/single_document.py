"""One-call helpers for the common single-document jobs, on the default (or given) config.

Each helper builds its stage once per config and keeps it, so calling one in a loop does not
reload models.
"""

from __future__ import annotations

from typing import Any

from yisieve.api.ready_stage import ReadyStage, TextOrDocument, stage
from yisieve.filters.charset import decode_html
from yisieve.filters.html_extraction import make_extractor
from yisieve.pipeline.config import RunConfig, load_config

# Ready stages per config object; each entry keeps its config alive, so an id is never reused
# for another config while it is cached here.
_READY: dict[int, tuple[RunConfig, dict[str, ReadyStage]]] = {}
_DEFAULT: list[RunConfig] = []


def _config(config: RunConfig | None) -> RunConfig:
    if config is not None:
        return config
    if not _DEFAULT:
        _DEFAULT.append(load_config())
    return _DEFAULT[0]


def _ready(name: str, config: RunConfig | None) -> ReadyStage:
    config = _config(config)
    _, stages = _READY.setdefault(id(config), (config, {}))
    if name not in stages:
        stages[name] = stage(name, config)
    return stages[name]


def extract_text(html: bytes | str, url: str | None = None, config: RunConfig | None = None) -> str:
    """Main text of an HTML page (bytes are decoded as the pipeline does: BOM, meta, detection)."""
    page = decode_html(html).html if isinstance(html, bytes) else html
    return make_extractor(_config(config).extract.extractor).extract(page, url).text


def identify_language(text: str, config: RunConfig | None = None) -> tuple[str | None, float]:
    """(language, score) from fastText lid.176 as the `lid` stage computes it."""
    verdict = _ready("lid", config).judge(text)
    return verdict.lang, float(verdict.lang_score or 0.0)


def scrub_pii(text: str, lang: str | None = None, config: RunConfig | None = None) -> str:
    """The text with personal data replaced by the configured placeholders (`<EMAIL>`, ...).

    The recognizers depend on the language, as in the pipeline (where LID runs first): without
    `lang`, it is identified here.
    """
    lang = lang or identify_language(text, config)[0]
    return _ready("pii", config).judge({"text": text, "lang": lang}).text


def score_quality(item: TextOrDocument, config: RunConfig | None = None) -> float | None:
    """P(reference-like) from the quality model of the text's language; None if none applies."""
    score = _ready("quality", config).annotate(item).get("quality.score")
    return None if score is None else float(score)


def score_safety(item: TextOrDocument, config: RunConfig | None = None) -> dict[str, Any]:
    """The safety stage's scores and flags (`safety.*`) for one text."""
    return _ready("safety", config).annotate(item)
