"""The `profile` graph: read -> extract -> LID and heuristic statistics -> percentiles per language.

CulturaX sets its thresholds from the distribution of each metric in each language. This graph
runs the very rules of the `lid` and `heuristic` stages (their measures; their decisions are
ignored, so every document counts) and reduces each (language, metric) with Beam's
ApproximateQuantiles into 101 quantiles (p0..p100), written as one JSON file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from yisieve.filters.heuristics.heuristic_stage import heuristic_stage
from yisieve.filters.lid import lid_stage
from yisieve.pipeline.config import RunConfig
from yisieve.pipeline.crawl_documents import CrawlDocuments
from yisieve.pipeline.document import Document
from yisieve.pipeline.outputs import DOCUMENTS

QUANTILES = 101  # p0, p1, ..., p100
# Statistics that are switches or counts of removed lines, not distributions to threshold.
NOT_PROFILED = ("lid.lang",)


def sampled(doc_id: str, fraction: float) -> bool:
    """Deterministic sample: the same documents on every run and runner."""
    if fraction >= 1.0:
        return True
    digest = hashlib.blake2b(doc_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < fraction


class MeasureDocuments(beam.DoFn):
    """Runs the LID and heuristic stages and emits ((lang, metric), value) for every measure."""

    def __init__(self, config: RunConfig) -> None:
        self.config = config

    def setup(self) -> None:
        self.lid = lid_stage(self.config.stages.lid)
        self.heuristic = heuristic_stage(self.config.stages.heuristic)
        self.lid.setup()
        self.heuristic.setup()

    def process(self, batch: Sequence[Document]):
        batch = [doc for doc in batch if doc.text.strip()]
        if not batch:
            return
        identified = self.lid.judge_batch(batch)
        docs = [
            doc.evolve(lang=verdict.lang, lang_score=verdict.lang_score)
            for doc, verdict in zip(batch, identified, strict=True)
        ]
        for doc, lid_verdict, verdict in zip(
            docs, identified, self.heuristic.judge_batch(docs), strict=True
        ):
            lang = doc.lang or "und"
            yield (lang, "documents"), 1.0
            for key, value in {**lid_verdict.annotations, **verdict.annotations}.items():
                if key in NOT_PROFILED or value is None or isinstance(value, str):
                    continue
                yield (lang, key), float(value)


def _assemble(quantiles: list, counts: list, meta: dict) -> dict:
    languages: dict[str, dict] = {}
    for (lang, _), count in counts:
        languages.setdefault(lang, {"documents": int(count), "metrics": {}})
    for (lang, metric), values in quantiles:
        if metric != "documents":
            languages[lang]["metrics"][metric] = [round(v, 6) for v in values]
    return {**meta, "languages": dict(sorted(languages.items()))}


def _write_json(profile: dict, path: str) -> str:
    with FileSystems.create(path) as handle:
        handle.write(json.dumps(profile, indent=1, sort_keys=False).encode("utf-8"))
    return path


def build_profile_pipeline(
    pipeline: beam.Pipeline,
    config: RunConfig,
    files: list[str],
    output_path: str,
    sample: float = 1.0,
) -> None:
    crawl = pipeline | "Crawl" >> CrawlDocuments(files, config.input, config.extract)
    measures = (
        crawl[DOCUMENTS]
        | "Sample" >> beam.Filter(lambda doc: sampled(doc.id, sample))
        | "Batch" >> beam.BatchElements(min_batch_size=16, max_batch_size=64)
        | "Measure" >> beam.ParDo(MeasureDocuments(config))
    )
    quantiles = measures | "Quantiles" >> beam.ApproximateQuantiles.PerKey(QUANTILES)
    counts = (
        measures
        | "OnlyCounts" >> beam.Filter(lambda item: item[0][1] == "documents")
        | "Count" >> beam.CombinePerKey(beam.CombineFn.from_callable(sum))
    )
    thresholds_used = {
        "lid_languages": config.stages.lid.languages,
        "heuristic_languages": {
            lang: overrides.model_dump(exclude_unset=True)
            for lang, overrides in config.stages.heuristic.languages.items()
        },
        "heuristic_defaults": config.stages.heuristic.defaults.model_dump(),
    }
    meta = {"files": files, "sample": sample, "quantiles": QUANTILES, "config": thresholds_used}
    (
        pipeline
        | "One" >> beam.Create([None])
        | "Assemble"
        >> beam.Map(
            lambda _, q, c: _assemble(q, c, meta),
            q=beam.pvalue.AsList(quantiles),
            c=beam.pvalue.AsList(counts),
        )
        | "WriteProfile" >> beam.Map(_write_json, output_path)
    )
