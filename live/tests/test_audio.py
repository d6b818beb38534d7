"""PCM helpers: frame checks, band-limited resampling, and the signals tests and benchmarks play."""

import math

import numpy as np
import pytest

from live import audio
from live.tests import signals


@pytest.mark.parametrize(
    ("frame", "problem"),
    [
        (bytes(640), None),
        (bytes(audio.MAX_FRAME_BYTES), None),
        (b"", "empty"),
        (bytes(641), "even number"),
        (bytes(audio.MAX_FRAME_BYTES + 2), "at most"),
    ],
)
def test_pcm_frame_check(frame, problem):
    """Whole 16-bit samples, not empty, at most 64 KiB."""
    error = audio.pcm_frame_error(frame)
    assert (error is None) if problem is None else (problem in error)


def sine(freq: float, seconds: float, rate: int, amplitude: float = 9000.0) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * math.pi * freq * t)).astype("<i2").tobytes()


def level_db(pcm: bytes, reference: float = 9000.0 / math.sqrt(2)) -> float:
    """Return the RMS level of PCM16 audio relative to a sine of amplitude 9000, in dB."""
    samples = np.frombuffer(pcm, "<i2").astype(float)[200:]  # past the filter's start
    return 20 * math.log10(max(1e-9, np.sqrt(np.mean(samples**2))) / reference)


def streamed(pcm: bytes, source: int, target: int, chunk_ms: int = 20) -> bytes:
    resampler = audio.StreamResampler(source, target)
    return b"".join(resampler.process(c) for c in signals.chunked(pcm, chunk_ms, source))


@pytest.mark.parametrize(("source", "freq"), [(48_000, 10_000), (44_100, 9_000), (48_000, 12_000)])
def test_tone_above_the_output_nyquist_is_removed_not_folded(source, freq):
    """48 kHz → 16 kHz: a 10 kHz tone would alias to 6 kHz; it comes out below -40 dB."""
    out = streamed(sine(freq, 1.0, source), source, audio.INPUT_RATE)
    assert level_db(out) < -40


def test_speech_band_passes_unchanged():
    """A 1 kHz tone keeps its level (within 0.5 dB) and its pitch through 48 kHz → 16 kHz."""
    out = streamed(sine(1000, 1.0, 48_000), 48_000, audio.INPUT_RATE)
    assert abs(level_db(out)) < 0.5
    samples = np.frombuffer(out, "<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    assert abs(np.argmax(spectrum) * audio.INPUT_RATE / len(samples) - 1000) < 2


@pytest.mark.parametrize(
    ("source", "target"), [(48_000, 16_000), (16_000, 24_000), (8_000, 16_000)]
)
def test_streaming_keeps_the_length_and_has_no_seams(source, target):
    """Odd-sized chunks give the whole clip's length (plus the flush) and the same samples."""
    pcm = signals.tone(0.5, rate=source, freq=300)
    whole = np.frombuffer(signals.resample_pcm16(pcm, source, target), "<i2")
    resampler = audio.StreamResampler(source, target)
    pieces = b"".join(resampler.process(c) for c in signals.chunked(pcm, 7, source))
    pieces += resampler.flush()
    assert abs(len(whole) - 0.5 * target) <= 2
    assert np.array_equal(np.frombuffer(pieces, "<i2"), whole)


def test_tone_bursts_alternate_voice_and_silence():
    """Bursts are loud, pauses are digital silence, durations as asked."""
    pcm = signals.tone_bursts(2, burst_s=1.0, pause_s=0.5, lead_s=0.25)
    assert signals.pcm_duration_s(pcm) == pytest.approx(0.25 + 2 * 1.5)
    chunks = signals.chunked(pcm, 250)
    voiced = [signals.rms(c) > 1000 for c in chunks]
    assert voiced == [False] + ([True] * 4 + [False] * 2) * 2


def test_wav_round_trip():
    """wav_bytes and read_wav agree on samples and rate."""
    pcm = signals.tone(0.1, rate=48_000)
    assert signals.read_wav(signals.wav_bytes(pcm, 48_000)) == (pcm, 48_000)


def test_utterances_fall_back_to_tone_bursts_without_espeak(monkeypatch):
    """Without espeak-ng the test microphone plays tone bursts instead of speech."""
    monkeypatch.setenv("PATH", "/nonexistent")
    assert signals.speech("hello") is None
    pcm = signals.utterances(["one", "two"], pause_s=1.0, lead_s=0.5)
    assert pcm == signals.tone_bursts(2, pause_s=1.0, lead_s=0.5)
