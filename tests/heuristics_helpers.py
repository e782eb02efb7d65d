"""Helpers for the heuristic rule tests: real documents and one rule run as the stage runs it."""

from __future__ import annotations

import json
from pathlib import Path

from yisieve.filters.heuristics.config import HeuristicConfig
from yisieve.filters.heuristics.heuristic_stage import heuristic_stage
from yisieve.filters.heuristics.word_splitting import initialize_jieba
from yisieve.filters.stage import _EditedDocument

DOCS = json.loads((Path(__file__).parent / "data/heuristics/documents.json").read_text("utf-8"))
initialize_jieba()


def view(text: str, lang: str | None = "en", url: str | None = None) -> _EditedDocument:
    return _EditedDocument(text, url, lang, {})


def run_rule(rule, text: str, lang: str | None = "en", url: str | None = None):
    """(measures, reason) of one rule on `text`."""
    document = view(text, lang, url)
    measures = rule.measure(document)
    return measures, rule.decide(measures, document)


def judge(text: str, lang: str = "en", url: str | None = None, **overrides):
    stage = heuristic_stage(HeuristicConfig(**overrides))
    stage.setup()
    return stage.judge(view(text, lang, url))


# Hand-written prose (not copied): varied, stop-word rich sentences that pass every en rule.
EN_PROSE = (
    "The river rose quickly after the storm, and the farmers moved their animals to higher "
    "ground.\nMost of the village had seen floods before, but nobody expected the water to reach "
    "the school.\nTeachers carried books and computers upstairs while parents waited with "
    "blankets and tea.\nBy the evening the rain had stopped, and volunteers began to clear mud "
    "from the main street.\nThe mayor said that the town would need help from the regional "
    "government to repair the bridge.\n"
)
ZH_PROSE = (
    "暴雨过后，河水迅速上涨，农民们把牲畜赶到了地势较高的地方。\n"
    "村里的人以前也见过洪水，但是没有人想到水会淹到学校。\n"
    "老师们把书和电脑搬到楼上，家长们带着毯子和热茶在外面等候。\n"
    "到了傍晚，雨终于停了，志愿者们开始清理主街上的淤泥。\n"
    "镇长表示，修复这座桥需要得到地区政府的帮助和支持。\n"
)
