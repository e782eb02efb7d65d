"""Records of a WARC (or WET) file, as pages to extract, text documents, skips and errors.

fastwarc parses the files (see benchmarks/README.md for the measured choice). What is a
document: `response` and `resource` records (HTML to extract) and WET `conversion` records
(text as is). `warcinfo`, `request`, `metadata`, `revisit` and `continuation` records describe
or repeat other records: they are skipped and counted, not documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from pipeline.document import Document, ErrorRecord, RawPage, Rejected, stable_document_id

DOCUMENT_TYPES = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion

# Content types worth extracting text from; everything else (images, PDFs, scripts, feeds...)
# is rejected at read time so its payload never travels further.
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml")


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
    doc_id = stable_document_id(source, offset)
    is_http = record_type == "response" and record.headers.get("Content-Type", "").startswith(
        "application/http"
    )
    if is_http:
        record.parse_http()
    expected = record.content_length
    body = record.reader.read(limit + 1)
    if len(body) > limit:
        record.reader.consume()
        document = Document(doc_id, "", url, f"{source}@{offset}", date)
        return Rejected(document.evolve(annotations={"read.bytes": expected}), "read.too_large")
    if len(body) < expected:
        return ErrorRecord(
            source, offset, "read", "clipped_record",
            f"{record_type} record holds {len(body)} of its {expected} declared bytes", url,
        )
    if record_type == "conversion":
        text = body.decode("utf-8", errors="replace")
        return Document(doc_id, text, url, f"{source}@{offset}", date)
    content_type = record.http_content_type if is_http else record.headers.get("Content-Type")
    if is_http and record.http_headers.status_code != 200:
        document = Document(doc_id, "", url, f"{source}@{offset}", date)
        annotations = {"read.http_status": record.http_headers.status_code}
        return Rejected(document.evolve(annotations=annotations), "read.http_status")
    if not _is_html(content_type):
        document = Document(doc_id, "", url, f"{source}@{offset}", date)
        annotations = {"read.content_type": content_type or ""}
        return Rejected(document.evolve(annotations=annotations), "read.not_html")
    header = record.http_headers.get("Content-Type") if is_http else content_type
    return RawPage(doc_id, url, f"{source}@{offset}", offset, date, header, body)


def _is_html(content_type: str | None) -> bool:
    if not content_type:
        return True  # undeclared: let extraction sniff it
    return content_type.split(";")[0].strip().lower() in HTML_CONTENT_TYPES
