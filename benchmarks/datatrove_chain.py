"""The datatrove peer chain, run inside the peers venv (never imported by yisieve).

    .venv-peers/bin/python benchmarks/datatrove_chain.py DOCS.jsonl OUT.jsonl LID_MODEL

LanguageFilter -> GopherRepetitionFilter -> GopherQualityFilter -> C4QualityFilter ->
FineWebQualityFilter, as in datatrove's FineWeb recipe (C4 with filter_no_terminal_punct=False),
a document leaving the chain at its first failure. The LID model is the same lid.176.ftz the
yisieve run uses (datatrove would download lid.176.bin; there is no network here). Chinese
documents go through a chain built with language=cmn (spaCy + jieba words) and the Chinese
Gopher settings yisieve uses, so neither side is judged by rules written for another language.
Prints {"docs", "cpu_seconds", "wall_seconds"} as JSON; writes one decision per document.
"""

from __future__ import annotations

import json
import sys
import time

import datatrove.utils.lid as datatrove_lid
from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
    LanguageFilter,
)
from datatrove.utils.typeshelper import Languages

ZH_GOPHER = dict(
    stop_words=["的", "是", "在", "和", "了", "有", "与", "为"],
    min_avg_word_length=1.2,
    max_avg_word_length=4,
)


def chain(language: str, **gopher) -> list:
    return [
        GopherRepetitionFilter(language=language),
        GopherQualityFilter(language=language, **gopher),
        C4QualityFilter(filter_no_terminal_punct=False, language=language),
        FineWebQualityFilter(language=language),
    ]


def judge(doc: Document, lid: LanguageFilter, chains: dict) -> tuple[str | None, str | None]:
    if not lid.filter(doc):
        return "lid", doc.metadata.get("language")
    lang = doc.metadata["language"]
    for step in chains.get(lang, chains["en"]):
        result = step.filter(doc)
        if result is not True:
            reason = result[1] if isinstance(result, tuple) else "rejected"
            return f"{step.name}:{reason}", lang
    return None, lang


def main() -> None:
    docs_path, out_path, model_path = sys.argv[1:4]
    datatrove_lid.cached_asset_path_or_download = lambda *args, **kwargs: model_path
    lid = LanguageFilter(languages=["en", "zh"], language_threshold=0.5)
    chains = {"en": chain(Languages.english), "zh": chain(Languages.mandarin_chinese, **ZH_GOPHER)}
    with open(docs_path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    # Warm up (model load, spaCy/jieba initialisation) outside the timed loop, as yisieve's setup.
    for record in records[:5]:
        judge(Document(text=record["text"], id=record["id"]), lid, chains)
    decisions = []
    cpu, wall = time.process_time(), time.perf_counter()
    for record in records:
        reason, lang = judge(Document(text=record["text"], id=record["id"]), lid, chains)
        decisions.append({"id": record["id"], "reason": reason, "lang": lang})
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    with open(out_path, "w", encoding="utf-8") as handle:
        for decision in decisions:
            handle.write(json.dumps(decision) + "\n")
    print(json.dumps({"docs": len(records), "cpu_seconds": cpu, "wall_seconds": wall}))


if __name__ == "__main__":
    main()
