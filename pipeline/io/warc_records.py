"""Records of a WARC (or WET) file, as pages to extract, text documents, skips and errors.

fastwarc splits the file into records (fast, gzip members and offsets); the HTTP head of a
response is parsed with warcio's tolerant parser, because fastwarc's misreads the bare-LF header
lines of older crawls (ClueWeb09). See benchmarks/README.md for the measurements. What is a
document: `response` and `resource` records (HTML to extract) and WET `conversion` records
(text as is). `warcinfo`, `request`, `metadata`, `revisit` and `continuation` records describe
or repeat other records: they are skipped and counted, not documents.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType
from warcio.statusandheaders import StatusAndHeadersParser

from yisieve.pipeline.document import Document, ErrorRecord, RawPage, Rejected, stable_document_id
from yisieve.pipeline.io.http_body import decode_http_body

DOCUMENT_TYPES = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion

# Content types worth extracting text from; everything else (images, PDFs, scripts, feeds...)
# is rejected at read time so its payload never travels further.
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml")
_HTTP_PARSER = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False)


@dataclass(frozen=True)
class SkippedRecord:
    """A record that is not a document (request, metadata, revisit...), for counting only."""

    record_type: str


WarcItem = RawPage | Document | Rejected | ErrorRecord | SkippedRecord


def read_warc_records(stream: BinaryIO, source: str, max_payload_bytes: int) -> Iterator[WarcItem]:
    """Every record of the stream, classified; a damaged record becomes an ErrorRecord."""
    for record in ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=False):
        record_type = record.headers.get("WARC-Type", "unknown")
        if not record.record_type & DOCUMENT_TYPES:
            yield SkippedRecord(record_type)
            continue
        yield _classify(record, record_type, source, max_payload_bytes)


def _classify(record: WarcRecord, record_type: str, source: str, limit: int) -> WarcItem:
    offset = record.stream_pos
    url = record.headers.get("WARC-Target-URI")
    date = record.headers.get("WARC-Date")
    shell = Document(stable_document_id(source, offset), "", url, f"{source}@{offset}", date)
    expected = record.content_length
    block = record.reader.read(limit + 1)
    if len(block) > limit:
        record.reader.consume()
        return Rejected(shell.evolve(annotations={"read.bytes": expected}), "read.too_large")
    if len(block) < expected:
        return ErrorRecord(
            source,
            offset,
            "read",
            "clipped_record",
            f"{record_type} record holds {len(block)} of its {expected} declared bytes",
            url,
        )
    if record_type == "conversion":
        return shell.evolve(text=block.decode("utf-8", errors="replace"))
    if record_type == "response" and _is_http(record):
        return _http_response(block, shell, source, offset)
    return _page_or_rejection(shell, offset, record.headers.get("Content-Type"), block)


def _http_response(block: bytes, shell: Document, source: str, offset: int) -> WarcItem:
    """Splits status line, headers and body; tolerant of bare-LF header lines (old crawlers)."""
    stream = io.BytesIO(block)
    http = _HTTP_PARSER.parse(stream)
    status = http.get_statuscode()
    if not (status or "").isdigit():
        return ErrorRecord(
            source,
            offset,
            "read",
            "malformed_http",
            f"no HTTP status line (starts {block[:40]!r})",
            shell.url,
        )
    if status != "200":
        return Rejected(
            shell.evolve(annotations={"read.http_status": int(status)}), "read.http_status"
        )
    body = decode_http_body(
        stream.read(), http.get_header("Transfer-Encoding"), http.get_header("Content-Encoding")
    )
    return _page_or_rejection(shell, offset, http.get_header("Content-Type"), body)


def _page_or_rejection(shell: Document, offset: int, content_type: str | None, body: bytes):
    if not _is_html(content_type):
        annotations = {"read.content_type": content_type or ""}
        return Rejected(shell.evolve(annotations=annotations), "read.not_html")
    return RawPage(shell.id, shell.url, shell.source, offset, shell.crawl_date, content_type, body)


def _is_http(record: WarcRecord) -> bool:
    return record.headers.get("Content-Type", "").startswith("application/http")


def _is_html(content_type: str | None) -> bool:
    if not content_type:
        return True  # undeclared: let extraction sniff it
    return content_type.split(";")[0].strip().lower() in HTML_CONTENT_TYPES
