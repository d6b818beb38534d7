"""Unit tests of the emulator's pure parts: wire helpers, VAD, tone, model, faults."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from gemini_emulator import audio, model, wire
from gemini_emulator.faults import FaultBoard, Faults

from .media import picture, speech


def test_base64_both_alphabets():
    """Standard and URL-safe base64, padded or not, decode to the same bytes."""
    data = bytes(range(256))
    for encoded in (base64.b64encode(data), base64.urlsafe_b64encode(data)):
        assert wire.b64decode(encoded.decode().rstrip("=")) == data


def test_field_accepts_both_casings():
    """camelCase and snake_case keys are read alike."""
    assert wire.field({"turn_complete": True}, "turnComplete") is True
    assert wire.field({"mimeType": "a"}, "mimeType") == "a"
    assert wire.has_field({"activity_start": {}}, "activityStart")


def test_duration_format():
    """Durations are proto JSON strings."""
    assert (wire.duration(5), wire.duration(0.5), wire.duration(1.25)) == ("5s", "0.5s", "1.25s")


def test_vad_start_and_end():
    """Speech starts on the first loud frame and ends after the silence window."""
    vad = audio.EnergyVad(silence_ms=100)
    events = vad.feed(speech(0.3, silence_s=0.2))
    assert [e.kind for e in events] == ["start", "end"]
    assert events[1].speech_ms == 300
    assert vad.feed(speech(0.0, silence_s=0.5)) == []


def test_vad_flush_and_partial_frames():
    """Audio split off-frame is carried over; flush ends pending speech."""
    vad = audio.EnergyVad()
    pcm = speech(0.25)
    assert [e.kind for e in vad.feed(pcm[:101]) + vad.feed(pcm[101:])] == ["start"]
    assert vad.flush().speech_ms == 240  # the last 10 ms do not fill a frame


def test_tone_is_speech_like_and_capped():
    """The reply tone is loud, modulated, proportional to the text and capped."""
    tones = audio.ToneBank(max_seconds=2.0)
    short, long = tones.for_text("x" * 20), tones.for_text("x" * 1000)
    assert len(short) == int(1.0 * audio.OUTPUT_RATE) * 2 and len(long) == 2 * 24_000 * 2
    samples = np.frombuffer(long, "<i2").astype(float).reshape(-1, 480)  # 20 ms frames
    energy = np.sqrt((samples**2).mean(axis=1))
    assert energy.max() > 2000 and energy.min() < energy.max() / 3
    assert b"".join(base64.b64decode(c) for c in tones.encoded_chunks("x" * 1000)) == long


def test_describe_image():
    """Pictures are described by format, size and mean colour."""
    assert model.describe_image(picture("PNG", (3, 2), (16, 32, 48))) == (
        "a PNG image, 3×2 pixels, mean colour #102030"
    )
    assert model.describe_image(b"nope", "image/png").startswith("an unreadable image/png")


def test_tool_call_only_for_declared_functions():
    """A tool call is requested by "call X" only when X is declared."""
    turn = model.Turn(role="user", text="please call lookup now")
    assert model.compose_reply([], turn, functions=["lookup"]).tool_call == "lookup"
    assert model.compose_reply([], turn, functions=[]).tool_call is None


def test_split_text_round_trips():
    """Split pieces join back to the text."""
    text = '[Gemini emulator] You said: "a b c d".'
    for pieces in (1, 3, 50):
        assert "".join(model.split_text(text, pieces)) == text


def test_fault_counts():
    """Counted faults are consumed; -1 is unlimited; setting a trigger re-arms its count."""
    board = FaultBoard()
    board.update({"rest_error": 500, "rest_error_count": 2})
    assert [board.take_rest_error() for _ in range(3)] == [500, 500, None]
    board.update({"rest_error": 429})
    assert [board.take_rest_error() for _ in range(2)] == [429, None]
    board.update({"go_away_after_s": 1.0, "go_away_count": -1})
    assert all(board.take_live().go_away_after_s == 1.0 for _ in range(3))
    board.reset()
    assert board.take_live().go_away_after_s is None
    with pytest.raises(ValueError):
        Faults.from_dict({"rest_error": 418})
