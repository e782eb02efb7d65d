"""Is an HTTP body that claims to be a page really text? Servers mislabel images and PDFs."""

from __future__ import annotations

# File signatures of the binary formats most often served with a wrong Content-Type.
BINARY_SIGNATURES: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
    b"%PDF-": "pdf",
    b"PK\x03\x04": "zip",
    b"\x1f\x8b": "gzip",
    b"RIFF": "riff",
    b"\x00\x00\x01\x00": "ico",
    b"wOFF": "woff",
    b"wOF2": "woff2",
    b"OggS": "ogg",
    b"ID3": "mp3",
    b"\x7fELF": "elf",
    b"MZ": "exe",
}
# UTF-16/32 pages have NUL bytes but are text; they start with a byte-order mark.
TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
SNIFF_BYTES = 1024
# Real text has no NUL bytes and few C0 control characters; binary has plenty.
MAX_CONTROL_FRACTION = 0.1


def binary_kind(payload: bytes) -> str | None:
    """The detected binary format ('png', 'pdf', ..., 'binary'), or None for text."""
    head = payload[:SNIFF_BYTES]
    if head.startswith(TEXT_BOMS):
        return None
    stripped = head.lstrip()
    for signature, kind in BINARY_SIGNATURES.items():
        if stripped.startswith(signature):
            return kind
    if not head:
        return None
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if b"\x00" in head or controls / len(head) > MAX_CONTROL_FRACTION:
        return "binary"
    return None
