"""Keep large freed buffers for the next request instead of handing them back (glibc only).

A request body of megabytes (a picture) passes through several buffers: Twisted's, Daphne's
1 MB messages, Django's body, the decoded text, the parsed JSON. glibc serves each allocation
over its mmap threshold (128 KB at first) with a fresh mapping and unmaps it when freed, so
every one of those buffers is faulted in page by page on every request: on a virtual machine
about 1 ms a megabyte, most of the time it takes to refuse an oversized picture. With the
mmap threshold raised and the heap trimmed only above `SESAME_MALLOC_KEEP_BYTES`, freed
buffers stay mapped for the next request (3-5x faster to fill). The price: after a large
upload, the process may keep up to that much memory it no longer uses.

The thresholds govern the main heap only as long as every thread allocates from it. By default
glibc gives threads arenas of their own, made of 64 MB heaps that are unmapped as soon as they
empty, whatever the trim threshold: a request thread that decodes and parses a 15 MB JSON picture
got its buffers freshly mapped on most requests (3,000-4,000 page faults each), and on a virtual
machine whose host backs new pages slowly such a request took 60-140 ms instead of 15. So the
process keeps one arena (`M_ARENA_MAX` 1), set before any thread has allocated. Threads still
allocate small blocks from caches of their own (glibc's tcache) without the arena's lock, and
the Python code that allocates holds the GIL anyway; the codecs and Pillow, which allocate
without it, take the lock, uncontended on the 2-core machines Sesame is sized for.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

logger = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD_MAX = 32 * 1024 * 1024  # the largest glibc accepts on 64-bit systems


def keep_freed_memory(keep_bytes: int) -> bool:
    """Set glibc's trim and mmap thresholds and one arena; return whether they were set (False
    elsewhere)."""
    if keep_bytes <= 0:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = libc.mallopt if libc is not None else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None:  # not glibc (musl, macOS): nothing to tune
        return False
    mmap = min(keep_bytes, MMAP_THRESHOLD_MAX)
    done = (
        bool(mallopt(M_MMAP_THRESHOLD, mmap))
        and bool(mallopt(M_TRIM_THRESHOLD, keep_bytes))
        and bool(mallopt(M_ARENA_MAX, 1))
    )
    if not done:
        logger.warning("malloc thresholds not set (mallopt refused %s bytes)", keep_bytes)
    return done
