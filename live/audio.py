"""PCM16 helpers: frame checks, resampling, and test/benchmark signals (tones, speech, WAV)."""

from __future__ import annotations

import io
import logging
import math
import shutil
import subprocess
import wave

import numpy as np

logger = logging.getLogger(__name__)

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


def pcm_duration_s(pcm: bytes, rate: int = INPUT_RATE) -> float:
    """Return the duration of mono PCM16 audio in seconds."""
    return len(pcm) / 2 / rate


def rms(pcm: bytes) -> float:
    """Return the root-mean-square level of PCM16 audio (0 for silence, 32767 at most)."""
    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2")
    if not samples.size:
        return 0.0
    return float(np.sqrt(np.mean(np.square(samples.astype(np.float64)))))


def resample_pcm16(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Resample a whole PCM16 mono clip by linear interpolation."""
    if from_rate == to_rate or not pcm:
        return pcm
    return StreamResampler(from_rate, to_rate).process(pcm)


class StreamResampler:
    """Resample a PCM16 mono stream chunk by chunk, without clicks at chunk boundaries.

    Linear interpolation, keeping the last input sample and the fractional read position
    between calls: good enough for speech going to a recogniser, cheap enough for many
    sessions per core.
    """

    def __init__(self, from_rate: int, to_rate: int) -> None:
        if from_rate <= 0 or to_rate <= 0:
            raise ValueError("sample rates must be positive")
        self.from_rate = from_rate
        self.to_rate = to_rate
        self._step = from_rate / to_rate  # input samples per output sample
        self._position = 0.0  # next output position, in input samples relative to _last
        self._last: np.ndarray | None = None  # the previous chunk's final sample

    def process(self, pcm: bytes) -> bytes:
        """Return the resampled audio for the next chunk of the stream."""
        if self.from_rate == self.to_rate:
            return pcm
        samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32)
        if not samples.size:
            return b""
        if self._last is not None:
            samples = np.concatenate((self._last, samples))
            start = self._position + 1.0
        else:
            start = self._position
        available = samples.size - 1  # positions up to here can be interpolated
        count = max(0, math.floor((available - start) / self._step) + 1)
        positions = start + self._step * np.arange(count)
        out = np.interp(positions, np.arange(samples.size), samples)
        self._position = (start + self._step * count) - available - 1.0
        self._last = samples[-1:]
        return np.clip(np.rint(out), -32768, 32767).astype("<i2").tobytes()


def tone(
    seconds: float, *, rate: int = INPUT_RATE, freq: float = 220.0, amplitude: int = 9000
) -> bytes:
    """Return a voiced, vowel-like tone (a pitch with harmonics), faded in and out."""
    t = np.arange(int(seconds * rate), dtype=np.float64) / rate
    wave_ = np.sin(2 * math.pi * freq * t) + 0.5 * np.sin(4 * math.pi * freq * t)
    fade = np.minimum(1.0, np.minimum(t, t[-1] - t if t.size else t) / 0.01)
    return (wave_ / 1.5 * fade * amplitude).astype("<i2").tobytes()


def silence(seconds: float, *, rate: int = INPUT_RATE) -> bytes:
    """Return digital silence."""
    return bytes(int(seconds * rate) * 2)


def tone_bursts(
    bursts: int = 3,
    *,
    burst_s: float = 1.2,
    pause_s: float = 2.0,
    lead_s: float = 0.5,
    rate: int = INPUT_RATE,
) -> bytes:
    """Return `bursts` tone bursts separated by pauses: stand-in "utterances" for a VAD."""
    parts = [silence(lead_s, rate=rate)]
    for index in range(bursts):
        parts.append(tone(burst_s, rate=rate, freq=180.0 + 40.0 * index))
        parts.append(silence(pause_s, rate=rate))
    return b"".join(parts)


def speech(text: str, *, rate: int = INPUT_RATE) -> bytes | None:
    """Return `text` spoken by espeak-ng as PCM16 at `rate`, or None when espeak-ng is absent."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return None
    try:
        result = subprocess.run(
            [espeak, "--stdout", "-s", "150", text], capture_output=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError) as exc:
        logger.warning("espeak-ng failed: %s", exc)
        return None
    pcm, source_rate = read_wav(result.stdout)
    return resample_pcm16(pcm, source_rate, rate)


def utterances(
    texts: list[str], *, pause_s: float = 2.0, lead_s: float = 0.5, rate: int = INPUT_RATE
) -> bytes:
    """Return spoken utterances with pauses (espeak-ng), or tone bursts when it is absent."""
    spoken = [speech(text, rate=rate) for text in texts]
    if any(clip is None for clip in spoken):
        return tone_bursts(len(texts), pause_s=pause_s, lead_s=lead_s, rate=rate)
    parts = [silence(lead_s, rate=rate)]
    for clip in spoken:
        parts += [clip, silence(pause_s, rate=rate)]
    return b"".join(parts)


def wav_bytes(pcm: bytes, rate: int = INPUT_RATE) -> bytes:
    """Wrap PCM16 mono audio in a WAV container."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return buffer.getvalue()


def read_wav(data: bytes) -> tuple[bytes, int]:
    """Return the PCM16 mono samples and the rate of a WAV file (first channel if stereo)."""
    with wave.open(io.BytesIO(data), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError("only 16-bit WAV files are supported")
        channels, rate = wav.getnchannels(), wav.getframerate()
        frames = wav.readframes(wav.getnframes())
    if channels > 1:
        frames = np.frombuffer(frames, dtype="<i2")[::channels].tobytes()
    return frames, rate


def chunked(pcm: bytes, chunk_ms: int = 20, rate: int = INPUT_RATE) -> list[bytes]:
    """Split PCM16 mono audio into chunks of `chunk_ms` milliseconds."""
    size = rate * chunk_ms // 1000 * 2
    return [pcm[i : i + size] for i in range(0, len(pcm), size)]
