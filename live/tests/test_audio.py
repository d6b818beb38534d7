"""PCM helpers: frame checks, resampling, and the signals the tests and benchmark play."""

import numpy as np
import pytest

from live import audio


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


@pytest.mark.parametrize(
    ("source", "target"), [(48_000, 16_000), (16_000, 24_000), (44_100, 16_000), (8_000, 16_000)]
)
def test_streaming_resampler_matches_whole_clip(source, target):
    """Resampling in odd-sized chunks gives the same samples as the whole clip at once."""
    pcm = audio.tone(0.5, rate=source, freq=300)
    whole = np.frombuffer(audio.resample_pcm16(pcm, source, target), "<i2")
    resampler = audio.StreamResampler(source, target)
    pieces = b"".join(resampler.process(c) for c in audio.chunked(pcm, 7, source))
    streamed = np.frombuffer(pieces, "<i2")
    assert abs(len(whole) - 0.5 * target) <= 1
    assert len(streamed) == len(whole)
    assert np.abs(whole.astype(int) - streamed).max() <= 1


def test_resampling_keeps_the_pitch():
    """A 300 Hz tone is still 300 Hz after 48 kHz → 16 kHz."""
    pcm = audio.resample_pcm16(audio.tone(1.0, rate=48_000, freq=300), 48_000, 16_000)
    samples = np.frombuffer(pcm, "<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    assert abs(np.argmax(spectrum) * 16_000 / len(samples) - 300) < 2


def test_tone_bursts_alternate_voice_and_silence():
    """Bursts are loud, pauses are digital silence, durations as asked."""
    pcm = audio.tone_bursts(2, burst_s=1.0, pause_s=0.5, lead_s=0.25)
    assert audio.pcm_duration_s(pcm) == pytest.approx(0.25 + 2 * 1.5)
    chunks = audio.chunked(pcm, 250)
    voiced = [audio.rms(c) > 1000 for c in chunks]
    assert voiced == [False] + ([True] * 4 + [False] * 2) * 2


def test_wav_round_trip():
    """wav_bytes and read_wav agree on samples and rate."""
    pcm = audio.tone(0.1, rate=48_000)
    assert audio.read_wav(audio.wav_bytes(pcm, 48_000)) == (pcm, 48_000)


def test_utterances_fall_back_to_tone_bursts_without_espeak(monkeypatch):
    """Without espeak-ng the test microphone plays tone bursts instead of speech."""
    monkeypatch.setenv("PATH", "/nonexistent")
    assert audio.speech("hello") is None
    pcm = audio.utterances(["one", "two"], pause_s=1.0, lead_s=0.5)
    assert pcm == audio.tone_bursts(2, pause_s=1.0, lead_s=0.5)
