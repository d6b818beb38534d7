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


def run_probe(script: str, keep_bytes: int) -> list[str]:
    """Run `script` in a fresh interpreter (its own malloc state); return the words it prints."""
    return subprocess.run(
        [sys.executable, "-c", script, str(keep_bytes)], capture_output=True, text=True, check=True
    ).stdout.split()


def probe(keep_bytes: int) -> tuple[bool, int, int]:
    out = run_probe(PROBE, keep_bytes)
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


ARENAS_PROBE = """
import ctypes, os, sys, tempfile, threading
from core.memory import keep_freed_memory

keep_freed_memory(int(sys.argv[1]))
held = []
thread = threading.Thread(target=lambda: held.append(b"x" * 1024 * 1024))  # a request's buffer
thread.start()
thread.join()
libc = ctypes.CDLL("libc.so.6")
libc.fdopen.restype = ctypes.c_void_p
with tempfile.TemporaryFile("w+") as report:
    stream = libc.fdopen(os.dup(report.fileno()), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    report.seek(0)
    print(report.read().count("<heap nr="))
"""


def arenas_after_a_thread_allocates(keep_bytes: int) -> int:
    return int(run_probe(ARENAS_PROBE, keep_bytes)[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_request_threads_buffers_come_from_the_one_kept_heap():
    """Kept: a thread allocates from the main heap, whose freed memory the thresholds keep;
    glibc's default gives it an arena of its own, unmapped whenever it empties."""
    assert arenas_after_a_thread_allocates(256 * 1024 * 1024) == 1
    assert arenas_after_a_thread_allocates(0) == 2
