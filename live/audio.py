"""PCM16 helpers: frame checks and streaming resampling (PyAV's libswresample)."""

from __future__ import annotations

import av
import numpy as np

INPUT_RATE = 16_000  # what Gemini Live takes from the microphone
OUTPUT_RATE = 24_000  # what Gemini Live speaks
INPUT_MIME = f"audio/pcm;rate={INPUT_RATE}"
MAX_FRAME_BYTES = 64 * 1024  # largest binary frame a client may send (about 2 s at 16 kHz)


def pcm_frame_error(data: bytes) -> str | None:
    """Return why `data` is not an acceptable PCM16 frame, or None when it is."""
    if not data:
        return "An audio frame must not be empty."
    if len(data) > MAX_FRAME_BYTES:
        return f"An audio frame must be at most {MAX_FRAME_BYTES} bytes."
    if len(data) % 2:
        return "An audio frame must hold whole 16-bit samples (an even number of bytes)."
    return None


class StreamResampler:
    """Resample a PCM16 mono stream chunk by chunk, band-limited (no aliasing).

    libswresample (through PyAV, which aiortc already brings) low-pass filters before it
    decimates, so a tone above the output's Nyquist frequency is removed rather than folded
    back into the speech band. It keeps its filter state between chunks, so chunk boundaries
    do not click; its output lags the input by a few samples, given back by `flush()`.
    """

    def __init__(self, from_rate: int, to_rate: int) -> None:
        if from_rate <= 0 or to_rate <= 0:
            raise ValueError("sample rates must be positive")
        self.from_rate = from_rate
        self.to_rate = to_rate
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=to_rate)

    def process(self, pcm: bytes) -> bytes:
        """Return the resampled audio for the next chunk of the stream."""
        if self.from_rate == self.to_rate:
            return pcm
        samples = np.frombuffer(pcm, dtype="<i2", count=len(pcm) // 2)
        if not samples.size:
            return b""
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.from_rate
        return _pcm(self._resampler.resample(frame))

    def flush(self) -> bytes:
        """Return the audio still held in the filter (at the end of the stream)."""
        if self.from_rate == self.to_rate:
            return b""
        return _pcm(self._resampler.resample(None))


def _pcm(frames) -> bytes:
    return b"".join(frame.to_ndarray().tobytes() for frame in frames)
