"""Beam transform: raw HTML pages -> documents with main text and title, or rejections."""

from __future__ import annotations

import apache_beam as beam

from yisieve.filters.charset import decode_html
from yisieve.filters.html_extraction import make_extractor
from yisieve.filters.payload_sniff import binary_kind
from yisieve.pipeline.config import ExtractConfig
from yisieve.pipeline.counters import StageCounters
from yisieve.pipeline.document import Document, ErrorRecord, RawPage, Rejected
from yisieve.pipeline.outputs import DOCUMENTS, ERRORS, REJECTED, outcomes_of, route


class ExtractMainText(beam.DoFn):
    """One page in, one document, rejection or error out."""

    def __init__(self, config: ExtractConfig) -> None:
        self.config = config

    def setup(self) -> None:
        self.extractor = make_extractor(self.config.extractor)
        self.counters = StageCounters("extract")

    def process(self, page: RawPage):
        self.counters.entered()
        with self.counters.timed():
            outcome = self._extract(page)
        yield route(outcome, self.counters)

    def _extract(self, page: RawPage) -> Document | Rejected | ErrorRecord:
        shell = Document(page.id, "", page.url, page.source, page.crawl_date)
        kind = binary_kind(page.payload)
        if kind:
            return Rejected(
                shell.evolve(annotations={"extract.binary_kind": kind}), "extract.binary"
            )
        try:
            decoded = decode_html(page.payload, page.content_type)
            extracted = self.extractor.extract(decoded.html, page.url)
        except Exception as error:  # a parser crash on one page must not stop the run
            source, _, _ = page.source.rpartition("@")
            return ErrorRecord(
                source, page.offset, "extract", "parser_failure", repr(error)[:500], page.url
            )
        annotations = {
            "extract.encoding": decoded.encoding,
            "extract.encoding_from": decoded.detected_from,
            "extract.title": extracted.title or "",
            "extract.html_bytes": len(page.payload),
        }
        document = shell.evolve(text=extracted.text, annotations=annotations)
        if not extracted.text.strip():
            return Rejected(document, "extract.no_main_text")
        return document


class ExtractText(beam.PTransform):
    """Pages -> {'documents', 'rejected', 'errors'}, spread over workers first."""

    def __init__(self, config: ExtractConfig) -> None:
        super().__init__()
        self.config = config

    def expand(self, pages):
        outputs = (
            pages
            | "SpreadPages" >> beam.Reshuffle()
            | "Extract"
            >> beam.ParDo(ExtractMainText(self.config)).with_outputs(
                REJECTED, ERRORS, main=DOCUMENTS
            )
        )
        return outcomes_of(outputs, REJECTED, ERRORS)
