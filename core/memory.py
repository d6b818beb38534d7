"""Keep large freed buffers for the next request instead of handing them back (glibc only).

A request body of megabytes (a picture) passes through several buffers: Twisted's, Daphne's
1 MB messages, Django's body, the decoded text, the parsed JSON. glibc serves each allocation
over its mmap threshold (128 KB at first) with a fresh mapping and unmaps it when freed, so
every one of those buffers is faulted in page by page on every request: on a virtual machine
about 1 ms a megabyte, most of the time it takes to refuse an oversized picture. With the
mmap threshold raised and the heap trimmed only above `SESAME_MALLOC_KEEP_BYTES`, freed
buffers stay mapped for the next request (3-5x faster to fill). The price: after a large
upload, the process may keep up to that much memory it no longer uses.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

logger = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_MAX = 32 * 1024 * 1024  # the largest glibc accepts on 64-bit systems


def keep_freed_memory(keep_bytes: int) -> bool:
    """Set glibc's trim and mmap thresholds; return whether they were set (False elsewhere)."""
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
    done = bool(mallopt(M_MMAP_THRESHOLD, mmap)) and bool(mallopt(M_TRIM_THRESHOLD, keep_bytes))
    if not done:
        logger.warning("malloc thresholds not set (mallopt refused %s bytes)", keep_bytes)
    return done
