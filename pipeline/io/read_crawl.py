"""Beam transform: input files -> documents, pages to extract, early rejections and errors."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from yisieve.pipeline.config import InputConfig
from yisieve.pipeline.counters import StageCounters, count_skip, counter
from yisieve.pipeline.document import ErrorRecord, RawPage
from yisieve.pipeline.io.decompress import open_decompressed
from yisieve.pipeline.io.field_mapping import FieldMapping
from yisieve.pipeline.io.inputs import detect_format, source_name
from yisieve.pipeline.io.jsonl_records import read_jsonl_records
from yisieve.pipeline.io.parquet_records import read_parquet_records
from yisieve.pipeline.io.warc_records import SkippedRecord, read_warc_records
from yisieve.pipeline.outputs import DOCUMENTS, ERRORS, REJECTED, outcomes_of, route

PAGES = "pages"


class ReadFileRecords(beam.DoFn):
    """Reads one file; every record leaves as exactly one output, or is counted as skipped."""

    def __init__(self, config: InputConfig) -> None:
        self.config = config
        date = None if config.date_field is None else _names(config.date_field)
        self.fields = FieldMapping(
            config.text_field, _names(config.url_field), config.id_field, date
        )

    def setup(self) -> None:
        self.counters = StageCounters("read")
        self.inputs = counter("total", "input")

    def process(self, path: str):
        source = source_name(path)
        try:
            fmt = detect_format(path, self.config.format)
            items = self._records(path, fmt, source)
            for item in items:
                yield from self._route(item)
        except Exception as error:  # an unreadable file must not stop the run
            yield from self._route(
                ErrorRecord(source, None, "read", "unreadable_file", repr(error))
            )

    def _records(self, path: str, fmt: str, source: str):
        if fmt == "warc":
            with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
                yield from read_warc_records(stream, source, self.config.max_payload_bytes)
        elif fmt == "jsonl":
            with open_decompressed(path) as stream:
                yield from read_jsonl_records(stream, source, self.fields)
        else:
            with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as stream:
                yield from read_parquet_records(stream, source, self.fields)

    def _route(self, item):
        if isinstance(item, SkippedRecord):
            count_skip(item.record_type)
            return
        self.inputs.inc()
        self.counters.entered()
        if isinstance(item, RawPage):
            self.counters.passed()
            yield beam.pvalue.TaggedOutput(PAGES, item)
        else:
            yield route(item, self.counters)


class ReadCrawl(beam.PTransform):
    """Files -> {'documents', 'pages', 'rejected', 'errors'}; files are spread over workers."""

    def __init__(self, files: list[str], config: InputConfig) -> None:
        super().__init__()
        self.files = files
        self.config = config

    def expand(self, pbegin):
        outputs = (
            pbegin
            | "ListFiles" >> beam.Create(self.files)
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadRecords"
            >> beam.ParDo(ReadFileRecords(self.config)).with_outputs(
                PAGES, REJECTED, ERRORS, main=DOCUMENTS
            )
        )
        return outcomes_of(outputs, PAGES, REJECTED, ERRORS)


def _names(value: str | list[str]) -> str | tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else value
