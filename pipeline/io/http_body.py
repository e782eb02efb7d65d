"""Undoing HTTP transfer and content codings of a stored response body.

warcio's readers do it as web archives need: a body that is not really chunked or not really
compressed (crawlers often store bodies decoded but keep the headers) comes back as it is.
"""

from __future__ import annotations

import io

from warcio.bufferedreaders import BufferedReader, ChunkedDataReader


def decode_http_body(
    body: bytes, transfer_encoding: str | None, content_encoding: str | None
) -> bytes:
    """The entity body with chunking and gzip/deflate/brotli undone where they really apply."""
    coding = (content_encoding or "").strip().lower()
    decompress = coding if coding in BufferedReader.get_supported_decompressors() else None
    if (transfer_encoding or "").strip().lower() == "chunked":
        return ChunkedDataReader(io.BytesIO(body), decomp_type=decompress).read()
    if decompress:
        return BufferedReader(io.BytesIO(body), decomp_type=decompress).read()
    return body
