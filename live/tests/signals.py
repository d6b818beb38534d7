"""Test and benchmark signals: tones, silence, tone bursts, espeak-ng speech, WAV files."""

from __future__ import annotations

import io
import logging
import math
import shutil
import subprocess
import wave

import numpy as np

from live.audio import INPUT_RATE, StreamResampler

logger = logging.getLogger(__name__)


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
    """Resample a whole PCM16 mono clip (the resampler's delay flushed at the end)."""
    if from_rate == to_rate or not pcm:
        return pcm
    resampler = StreamResampler(from_rate, to_rate)
    return resampler.process(pcm) + resampler.flush()


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
