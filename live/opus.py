"""Opus decoding straight to the rate the bridge takes, through libopus itself (ctypes).

FFmpeg's libopus wrapper always decodes at 48 kHz, so a 16 kHz microphone stream would be
decoded at three times its rate and resampled back, per 20 ms packet. libopus decodes at 8, 12,
16, 24 or 48 kHz natively and mixes down to mono itself. The library is the copy PyAV's wheel
ships (the one `av` encodes with), else the system's; `available()` says whether either loaded,
and callers fall back to PyAV when it did not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import logging
import os

logger = logging.getLogger(__name__)

RATES = (8000, 12000, 16000, 24000, 48000)
MAX_FRAME_MS = 120  # the longest Opus packet
_lib: ctypes.CDLL | None = None
_tried = False


def _candidates() -> list[str]:
    import av

    bundled = os.path.join(os.path.dirname(av.__file__), os.pardir, "av.libs", "libopus*.so*")
    found = sorted(glob.glob(bundled))
    system = ctypes.util.find_library("opus")
    return found + ([system] if system else [])


def _load() -> ctypes.CDLL | None:
    global _lib, _tried
    if _tried:
        return _lib
    _tried = True
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
            lib.opus_decoder_create.restype = ctypes.c_void_p
            lib.opus_decoder_create.argtypes = [
                ctypes.c_int32,
                ctypes.c_int,
                ctypes.POINTER(ctypes.c_int),
            ]
            lib.opus_decode.restype = ctypes.c_int
            lib.opus_decode.argtypes = [
                ctypes.c_void_p,
                ctypes.c_char_p,
                ctypes.c_int32,
                ctypes.c_void_p,
                ctypes.c_int,
                ctypes.c_int,
            ]
            lib.opus_decoder_destroy.restype = None
            lib.opus_decoder_destroy.argtypes = [ctypes.c_void_p]
        except (OSError, AttributeError) as exc:
            logger.info("libopus at %s not usable: %s", path, exc)
            continue
        _lib = lib
        break
    return _lib


def available() -> bool:
    """Return whether libopus could be loaded."""
    return _load() is not None


class OpusDecoder:
    """Decode Opus packets to mono PCM16 at `rate` (one of RATES)."""

    __slots__ = ("rate", "_lib", "_state", "_buffer", "_max_samples")

    def __init__(self, rate: int):
        self._state = None
        lib = _load()
        if lib is None:
            raise RuntimeError("libopus is not available")
        if rate not in RATES:
            raise ValueError(f"libopus decodes at {RATES} Hz, not {rate}")
        error = ctypes.c_int()
        state = lib.opus_decoder_create(rate, 1, ctypes.byref(error))
        if error.value != 0 or not state:
            raise RuntimeError(f"opus_decoder_create failed ({error.value})")
        self.rate = rate
        self._lib = lib
        self._state = state
        self._max_samples = rate * MAX_FRAME_MS // 1000
        self._buffer = ctypes.create_string_buffer(self._max_samples * 2)

    def decode(self, packet: bytes) -> bytes | None:
        """Return the packet's samples (PCM16 mono), or None if libopus refuses it."""
        if self._state is None:
            return None
        samples = self._lib.opus_decode(
            self._state, packet, len(packet), self._buffer, self._max_samples, 0
        )
        if samples < 0:
            return None
        return ctypes.string_at(self._buffer, samples * 2)

    def close(self) -> None:
        state, self._state = self._state, None
        if state is not None:
            self._lib.opus_decoder_destroy(state)

    def __del__(self):
        self.close()
