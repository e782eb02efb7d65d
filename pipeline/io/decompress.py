"""Opening compressed text inputs so that a truncated file is an error, not a silent EOF.

Beam's own decompressing reader stops quietly at a cut gzip member; Python's gzip and bz2
readers raise EOFError there, which the reader turns into a counted error record.
"""

from __future__ import annotations

import bz2
import gzip
from contextlib import contextmanager

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

_STRICT_READERS = {
    CompressionTypes.GZIP: lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"),
    CompressionTypes.BZIP2: lambda raw: bz2.BZ2File(raw, mode="rb"),
}


@contextmanager
def open_decompressed(path: str):
    """A binary stream of the decompressed content of `path`, on any Beam filesystem."""
    compression = CompressionTypes.detect_compression_type(path)
    strict = _STRICT_READERS.get(compression)
    if strict is None:
        with FileSystems.open(path) as stream:  # plain, or another codec Beam knows
            yield stream
        return
    raw = FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)
    with raw, strict(raw) as stream:
        yield stream
