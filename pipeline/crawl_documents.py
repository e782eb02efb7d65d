"""Beam transform: input files -> documents, read directly or extracted from HTML pages.

The first two steps of every job that reads a crawl (`clean`, `profile`): the reader's
documents and the extracted pages join into one collection; both steps' rejections and
errors are flattened for the writers.
"""

from __future__ import annotations

import apache_beam as beam

from yisieve.pipeline.config import ExtractConfig, InputConfig
from yisieve.pipeline.extract_text import ExtractText
from yisieve.pipeline.io.read_crawl import PAGES, ReadCrawl
from yisieve.pipeline.outputs import DOCUMENTS, ERRORS, REJECTED


class CrawlDocuments(beam.PTransform):
    """Pipeline root -> {'documents', 'rejected', 'errors'} of reading and extraction."""

    def __init__(self, files: list[str], input_config: InputConfig, extract: ExtractConfig):
        super().__init__()
        self.files = files
        self.input_config = input_config
        self.extract = extract

    def expand(self, pbegin):
        read = pbegin | "Read" >> ReadCrawl(self.files, self.input_config)
        extracted = read[PAGES] | "ExtractText" >> ExtractText(self.extract)
        return {
            kind: (read[kind], extracted[kind]) | f"Join[{kind}]" >> beam.Flatten()
            for kind in (DOCUMENTS, REJECTED, ERRORS)
        }
