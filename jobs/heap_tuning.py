"""glibc heap settings for long-lived local workers, so freed bundle buffers go back to the OS.

A worker receives its bundles as protobuf messages of up to tens of MiB. glibc serves blocks
over 128 KiB with mmap and returns them on free, but after the first such free it raises that
threshold (up to 32 MiB) and serves later large blocks from the heap, where they fragment and
stay resident; several threads (gRPC reader, sender, bundle thread) each grow their own arena.
Measured on the dedup scale corpus: a worker's resident peak kept rising with the corpus size
until the threshold was pinned (benchmarks/results/dedup.md). Pinning it (which switches the
dynamic adjustment off) and capping the arenas is what MALLOC_MMAP_THRESHOLD_ and
MALLOC_ARENA_MAX do from the environment; mallopt applies them inside the running process.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # <malloc.h>
M_ARENA_MAX = -8
MMAP_THRESHOLD_BYTES = 1 << 20  # blocks from 1 MiB up are mmapped and unmapped on free
ARENA_MAX = 2


def pin_heap_thresholds() -> bool:
    """Applies the settings through glibc's mallopt; False where there is no glibc (macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    applied = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
    return mallopt(M_ARENA_MAX, ARENA_MAX) == 1 and applied
