"""Freed large buffers stay mapped for the next request (glibc), or nothing changes."""

import subprocess
import sys

import pytest

from core import memory

PROBE = """
import ctypes, sys
from core.memory import keep_freed_memory

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
print(keep_freed_memory(int(sys.argv[1])))
body = bytes(20 * 1024 * 1024)  # a 20 MB request body, then gone
del body
info = libc.mallinfo2()
print(info.fordblks, info.hblkhd)
"""


def probe(keep_bytes: int) -> tuple[bool, int, int]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(keep_bytes)], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0] == "True", int(out[1]), int(out[2])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_freed_20_mb_body_stays_in_the_heap_for_the_next_request():
    """Kept: the 20 MB are free heap memory afterwards, not a mapping handed back."""
    kept, free_in_heap, _ = probe(256 * 1024 * 1024)
    assert kept
    assert free_in_heap >= 20 * 1024 * 1024


def test_zero_leaves_the_c_librarys_default():
    """0: nothing is set, and a freed 20 MB buffer is handed back to the system."""
    kept, free_in_heap, _ = probe(0)
    assert not kept
    assert free_in_heap < 1024 * 1024
    assert memory.keep_freed_memory(0) is False
