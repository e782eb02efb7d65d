"""The `clean` graph: read -> extract -> stages (registry order) -> kept/rejected/errors shards.

Every element leaves each step as exactly one of: a document that goes on, a rejection with its
reason, or an error record. All rejections and errors are flattened into their writers, which
is what makes `input = kept + rejected + errors` hold by construction.
"""

from __future__ import annotations

import apache_beam as beam

from yisieve.pipeline.config import RunConfig
from yisieve.pipeline.crawl_documents import CrawlDocuments
from yisieve.pipeline.io.rows import document_row, error_row, rejected_row
from yisieve.pipeline.io.shard_writer import WriteParquetShards
from yisieve.pipeline.outputs import DOCUMENTS, ERRORS, KEPT, REJECTED
from yisieve.pipeline.stage_registry import StageContext


def build_clean_pipeline(
    pipeline: beam.Pipeline, config: RunConfig, files: list[str], output_dir: str
) -> None:
    """Adds the whole cleaning graph to `pipeline`."""
    crawl = pipeline | "Crawl" >> CrawlDocuments(files, config.input, config.extract)
    documents = crawl[DOCUMENTS]
    rejected = [crawl[REJECTED]]
    errors = [crawl[ERRORS]]

    specs = {spec.name: spec for spec in config.stage_specs}
    context = StageContext(output_dir=output_dir)
    for name, section in config.enabled_stages():
        outputs = documents | f"Stage[{name}]" >> specs[name].transform(section, context)
        documents = outputs[DOCUMENTS]
        rejected.extend(outputs[key] for key in (REJECTED,) if key in outputs)
        errors.extend(outputs[key] for key in (ERRORS,) if key in outputs)

    _write(documents, KEPT, document_row, config, output_dir)
    _write(
        tuple(rejected) | "AllRejected" >> beam.Flatten(),
        REJECTED,
        rejected_row,
        config,
        output_dir,
    )
    _write(tuple(errors) | "AllErrors" >> beam.Flatten(), ERRORS, error_row, config, output_dir)


def _write(collection, kind: str, to_row, config: RunConfig, output_dir: str) -> None:
    shards = config.output
    (
        collection
        | f"Rows[{kind}]" >> beam.Map(to_row)
        | f"Write[{kind}]"
        >> WriteParquetShards(output_dir, kind, shards.docs_per_shard, shards.compression)
    )
