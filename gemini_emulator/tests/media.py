"""Test media: pictures and PCM speech made on the fly."""

from __future__ import annotations

import io
import math
import struct

from PIL import Image


def picture(fmt: str = "PNG", size=(64, 48), colour=(255, 0, 0)) -> bytes:
    """Return an encoded single-colour picture."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def speech(seconds: float, silence_s: float = 0.0, rate: int = 16_000) -> bytes:
    """Return PCM16 mono audio: a loud 220 Hz tone, then silence."""
    voiced = [
        int(8000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(int(seconds * rate))
    ]
    samples = voiced + [0] * int(silence_s * rate)
    return struct.pack(f"<{len(samples)}h", *samples)


def pcm_chunks(pcm: bytes, chunk_ms: int = 20, rate: int = 16_000) -> list[bytes]:
    """Split PCM16 audio into chunks of `chunk_ms`."""
    size = rate * chunk_ms // 1000 * 2
    return [pcm[i : i + size] for i in range(0, len(pcm), size)]
