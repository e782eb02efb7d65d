"""WARC reading on real files with real faults (tests/data/bad_input/README.md)."""

from __future__ import annotations

import json
from collections import Counter

from yisieve.filters.charset import decode_html
from yisieve.filters.html_extraction import make_extractor
from yisieve.pipeline.document import Document, ErrorRecord, RawPage, Rejected
from yisieve.pipeline.io.warc_records import SkippedRecord, read_warc_records

LIMIT = 10_000_000


def read_all(path):
    with open(path, "rb") as stream:
        return list(read_warc_records(stream, path.name, LIMIT))


def kinds(items) -> Counter:
    counts: Counter = Counter()
    for item in items:
        if isinstance(item, SkippedRecord):
            counts[f"skip.{item.record_type}"] += 1
        elif isinstance(item, Rejected):
            counts[item.reason] += 1
        elif isinstance(item, ErrorRecord):
            counts[item.kind] += 1
        else:
            counts[type(item).__name__] += 1
    return counts


def test_truncated_gzip_tail_keeps_intact_records_and_reports_the_cut_one(bad_input):
    items = read_all(bad_input / "truncated_tail.warc.gz")
    counts = kinds(items)
    assert counts["RawPage"] == 2
    assert counts["read.clipped_record"] == 1
    (error,) = [item for item in items if isinstance(item, ErrorRecord)]
    assert error.offset == 32_353
    assert error.source == "truncated_tail.warc.gz"
    assert error.url == "http://035.psb556.com/24/i/u_1090813/article.html"


def test_clipped_record_is_an_error_with_file_and_offset(bad_input):
    items = read_all(bad_input / "clipped.warc.gz")
    assert kinds(items) == Counter({"read.clipped_record": 1})
    assert items[0].offset == 0
    assert "75207 of its 88275" in items[0].message


def test_old_warc_018_records_are_read_as_pages(bad_input):
    items = read_all(bad_input / "old_version.warc.gz")
    pages = [item for item in items if isinstance(item, RawPage)]
    assert len(pages) == 4
    assert all(page.url.startswith("http://www.uraharajuku.st/") for page in pages)
    assert all(page.payload.lstrip().lower().startswith(b"<html") for page in pages)
    assert all("euc-jp" in (page.content_type or "").lower() for page in pages)
    assert pages[0].crawl_date == "2008-10-294T05:21:46-0700"  # kept raw, not a failure


def test_revisit_request_and_warcinfo_records_are_skipped_not_documents(bad_input):
    counts = kinds(read_all(bad_input / "revisits.warc.gz"))
    assert counts["RawPage"] == 3
    assert counts["skip.revisit"] == 6
    assert counts["skip.request"] == 12
    assert counts["skip.warcinfo"] == 1
    assert counts["read.not_html"] == 3  # the empty JavaScript responses
    assert not any(key.startswith("read.clipped") for key in counts)


def test_binary_payloads_never_become_pages_except_the_lying_one(bad_input):
    items = read_all(bad_input / "binary_payloads.warc.gz")
    counts = kinds(items)
    assert counts["read.not_html"] == 3
    (liar,) = [item for item in items if isinstance(item, RawPage)]
    assert liar.payload.startswith(b"\x89PNG")  # sniffed and rejected at extraction


def test_non_utf8_pages_decode_to_correct_unicode(bad_input):
    expected = json.loads((bad_input / "non_utf8.expected.json").read_text())
    pages = [item for item in read_all(bad_input / "non_utf8.warc.gz") if isinstance(item, RawPage)]
    assert {page.url for page in pages} == set(expected)
    extractor = make_extractor("resiliparse")
    for page in pages:
        decoded = decode_html(page.payload, page.content_type)
        text = extractor.extract(decoded.html, page.url).text
        assert expected[page.url] in text, page.url
        assert "\ufffd" not in text


def test_wet_conversion_records_are_text_documents(sample_crawl):
    items = read_all(sample_crawl / "cc-whirlwind.warc.wet.gz")
    docs = [item for item in items if isinstance(item, Document)]
    assert len(docs) == 1
    assert docs[0].url and docs[0].text.strip()
    assert docs[0].crawl_date


def test_http_bodies_are_dechunked_and_decompressed_only_when_they_really_are():
    import gzip

    from yisieve.pipeline.io.http_body import decode_http_body

    assert decode_http_body(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "chunked", None) == (
        b"hello world"
    )
    plain = b"<html>already de-chunked</html>"
    assert decode_http_body(plain, "chunked", None) == plain
    assert decode_http_body(plain, None, "gzip") == plain
    assert decode_http_body(gzip.compress(plain), None, "gzip") == plain


def test_chunked_responses_in_real_crawls_carry_no_chunk_size_lines(sample_crawl):
    import re

    pages = [
        item
        for item in read_all(sample_crawl / "dolma-sample-0000.warc.gz")
        if isinstance(item, RawPage)
    ]
    assert pages
    assert not [page.url for page in pages if re.match(rb"[0-9a-fA-F]{1,6}\r\n", page.payload)]
