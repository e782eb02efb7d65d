"""Exact duplicate removal by URL and by normalized text, as GroupByKey stages.

One document survives per key: the newest crawl (a page re-crawled later is the fresher copy),
then the smallest id, so every runner picks the same one. Only the small (key, date, id)
triples are combined; documents are shuffled once to meet their key's verdict.
"""

from __future__ import annotations

from collections.abc import Iterable

import apache_beam as beam
from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.text_normalization import text_hash
from yisieve.pipeline.counters import StageCounters
from yisieve.pipeline.document import Document
from yisieve.pipeline.outputs import (
    DOCUMENTS,
    REJECTED,
    outcomes_of,
    reject,
    route,
    with_rejections,
)

STAGE = "exact_dedup"


class ExactDedupConfig(StageSection):
    """`stages.exact_dedup`: same URL or same normalized text, one copy kept."""

    by_url: bool = Field(
        default=True, description="same URL crawled twice: keep the newest crawl (exact_dedup.url)"
    )
    by_text: bool = Field(
        default=True,
        description="same normalized text: keep the newest, then smallest id (exact_dedup.text)",
    )


def url_key(doc: Document) -> str | None:
    return doc.url.strip() if doc.url and doc.url.strip() else None


def text_key(doc: Document) -> str | None:
    return text_hash(doc.text)


def survivor_rank(doc: Document) -> tuple[str, str]:
    return (doc.crawl_date or "", doc.id)


def better_survivor(ranks: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """Newest date, then smallest id; associative, so Beam can combine partial results."""
    best: tuple[str, str] | None = None
    for date, doc_id in ranks:
        if best is None or date > best[0] or (date == best[0] and doc_id < best[1]):
            best = (date, doc_id)
    return best


class SplitDuplicates(beam.DoFn):
    """Given a key's documents and its survivor, keep the survivor and reject the others."""

    def __init__(self, rule: str) -> None:
        self.rule = rule

    def setup(self) -> None:
        # Flow per key kind (`exact_dedup.url.in`): documents without a key skip that step.
        self.counters = StageCounters(f"{STAGE}.{self.rule}")

    def process(self, element):
        _, grouped = element
        (survivor,) = grouped["survivor"]
        for doc in grouped["docs"]:
            self.counters.entered()
            if doc.id == survivor[1]:
                yield route(doc, self.counters)
                continue
            annotated = doc.evolve(annotations={f"{STAGE}.duplicate_of": survivor[1]})
            yield reject(annotated, f"{STAGE}.{self.rule}", self.counters)


class KeepOnePerKey(beam.PTransform):
    """Documents -> {'documents', 'rejected'}: one survivor per non-empty key."""

    def __init__(self, rule: str, key_fn) -> None:
        super().__init__()
        self.rule = rule
        self.key_fn = key_fn

    def expand(self, documents):
        key_fn = self.key_fn
        keyed = documents | "Key" >> beam.Map(lambda doc: (key_fn(doc), doc))
        unkeyed = (
            keyed | "NoKey" >> beam.Filter(lambda kv: kv[0] is None) | "Unkey" >> beam.Values()
        )
        keyed = keyed | "HasKey" >> beam.Filter(lambda kv: kv[0] is not None)
        survivors = (
            keyed
            | "Rank" >> beam.MapTuple(lambda key, doc: (key, survivor_rank(doc)))
            | "Best" >> beam.CombinePerKey(beam.CombineFn.from_callable(better_survivor))
        )
        split = (
            {"docs": keyed, "survivor": survivors}
            | "Join" >> beam.CoGroupByKey()
            | "Split"
            >> beam.ParDo(SplitDuplicates(self.rule)).with_outputs(REJECTED, main=DOCUMENTS)
        )
        kept = (split[DOCUMENTS], unkeyed) | "Merge" >> beam.Flatten()
        return {**outcomes_of(split, REJECTED), DOCUMENTS: kept}


class ExactDedup(beam.PTransform):
    """By URL first (same page crawled twice), then by normalized text (mirrors, copies)."""

    def __init__(self, config: ExactDedupConfig) -> None:
        super().__init__()
        self.config = config

    def expand(self, documents):
        rejected = []
        if self.config.by_url:
            by_url = documents | "ByUrl" >> KeepOnePerKey("url", url_key)
            documents = by_url[DOCUMENTS]
            rejected.append(by_url[REJECTED])
        if self.config.by_text:
            by_text = documents | "ByText" >> KeepOnePerKey("text", text_key)
            documents = by_text[DOCUMENTS]
            rejected.append(by_text[REJECTED])
        return with_rejections(documents, rejected)
