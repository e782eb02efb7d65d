"""Bounded bundles of the multiprocess runner: pieces hold whole elements, none lost or doubled."""

from __future__ import annotations

from apache_beam import coders
from apache_beam.coders.coder_impl import create_InputStream, create_OutputStream

from yisieve.jobs.bounded_bundles import group_chunks, split_encoded


def encoded(elements, coder_impl) -> bytes:
    stream = create_OutputStream()
    for element in elements:
        coder_impl.encode_to_stream(element, stream, True)
    return stream.get()


def decoded(chunk: bytes, coder_impl) -> list:
    stream, out = create_InputStream(chunk), []
    while stream.size() > 0:
        out.append(coder_impl.decode_from_stream(stream, True))
    return out


def test_a_grouped_stream_is_cut_at_element_boundaries():
    coder = coders.TupleCoder([coders.StrUtf8Coder(), coders.IterableCoder(coders.BytesCoder())])
    impl = coder.get_impl()
    elements = [(f"key-{i}", [bytes([i % 251]) * (50 + 37 * i)] * 3) for i in range(200)]
    blob = encoded(elements, impl)
    pieces = list(split_encoded(blob, impl, max_bytes=4_000))
    assert len(pieces) > 10
    assert b"".join(pieces) == blob
    assert [element for piece in pieces for element in decoded(piece, impl)] == elements
    largest_element = max(len(encoded([element], impl)) for element in elements)
    assert all(len(piece) < 4_000 + largest_element for piece in pieces)


def test_an_element_larger_than_the_limit_travels_alone():
    impl = coders.BytesCoder().get_impl()
    elements = [b"a" * 10, b"b" * 5_000, b"c" * 10]
    pieces = list(split_encoded(encoded(elements, impl), impl, max_bytes=100))
    assert [decoded(piece, impl) for piece in pieces] == [elements[:2], elements[2:]]


def test_a_small_stream_is_not_decoded_or_copied():
    impl = coders.BytesCoder().get_impl()
    blob = encoded([b"x" * 20], impl)
    assert next(split_encoded(blob, impl, max_bytes=1_000)) is blob


def test_chunks_are_grouped_in_order_under_the_limit():
    chunks = [b"a" * 40, b"b" * 40, b"c" * 40, b"d" * 500, b"e" * 10]
    groups = list(group_chunks(chunks, max_bytes=100))
    assert groups == [[chunks[0], chunks[1]], [chunks[2]], [chunks[3]], [chunks[4]]]
    assert list(group_chunks([], max_bytes=100)) == []
