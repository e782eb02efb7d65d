"""The `heuristic` stage: conversion markup and C4 line removal first, then every document rule,
in a fixed order.

The order puts cheap, decisive checks first (URL, Gopher quality); all rules still measure, so
a rejected document carries every statistic for offline re-thresholding.
"""

from __future__ import annotations

from yisieve.filters.heuristics.c4_lines import C4LineRemoval
from yisieve.filters.heuristics.c4_quality import C4Quality
from yisieve.filters.heuristics.config import HeuristicConfig
from yisieve.filters.heuristics.conversion_markup import ConversionMarkupRemoval
from yisieve.filters.heuristics.fineweb_quality import FineWebQuality
from yisieve.filters.heuristics.gopher_quality import GopherQuality
from yisieve.filters.heuristics.gopher_repetition import GopherRepetition
from yisieve.filters.heuristics.roots_metrics import (
    CharacterRepetition,
    FlaggedWords,
    SpecialCharacters,
    StopWords,
)
from yisieve.filters.heuristics.run_on_lines import RunOnLines
from yisieve.filters.heuristics.url_blocklist import UrlBlocklist
from yisieve.filters.rule import Rewrite, Rule
from yisieve.filters.stage import DocumentStage

DOCUMENT_RULES = (
    GopherQuality,
    GopherRepetition,
    C4Quality,
    FineWebQuality,
    RunOnLines,
    SpecialCharacters,
    CharacterRepetition,
    FlaggedWords,
    StopWords,
)


def heuristic_rules(config: HeuristicConfig) -> list[Rule]:
    table = config.thresholds()
    url = UrlBlocklist(config.url_blocklist_files, config.url_banned_words)
    return [url, *(rule(table) for rule in DOCUMENT_RULES)]


def heuristic_rewrites(config: HeuristicConfig) -> list[Rewrite]:
    rewrites: list[Rewrite] = [ConversionMarkupRemoval()] if config.conversion_markup else []
    removal = config.line_removal
    if removal.enabled:
        rewrites.append(C4LineRemoval(removal.javascript, removal.policy, removal.max_word_chars))
    return rewrites


def heuristic_stage(config: HeuristicConfig) -> DocumentStage:
    return DocumentStage(
        "heuristic",
        rules=heuristic_rules(config),
        rewrites=heuristic_rewrites(config),
        batch_size=config.batch_size,
    )
