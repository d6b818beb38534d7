"""The input queue: what waits during a switch, and what is replayed to a new connection."""

from live import inputs
from live.tests import signals


def audio_of(calls) -> bytes:
    return b"".join(kwargs["audio"]["data"] for _, kwargs in calls)


def test_silence_alone_is_never_replayed():
    """Nothing voiced since the boundary: a switch replays nothing (it switches at once)."""
    queue = inputs.InputQueue()
    for chunk in signals.chunked(signals.silence(2.0)):
        queue.sent_audio(chunk)
    assert not queue.speech and queue.replay_calls() == []


def test_open_utterance_is_replayed_whole_with_a_short_lead_in_100_ms_pieces():
    """Speech since the boundary: the utterance and 300 ms before it, in pieces of 100 ms."""
    queue = inputs.InputQueue()
    speech = signals.tone(1.0) + signals.silence(0.2)
    for chunk in signals.chunked(signals.silence(2.0) + speech):
        queue.sent_audio(chunk)
    calls = queue.replay_calls()
    assert queue.speech and audio_of(calls) == signals.silence(0.3) + speech
    assert {len(kwargs["audio"]["data"]) for _, kwargs in calls} == {inputs.PIECE_BYTES}
    assert queue.replay_seconds() == 1.5


def test_boundary_forgets_what_gemini_already_took():
    """Once Gemini answers, the audio before is never replayed (no turn answered twice)."""
    queue = inputs.InputQueue()
    for chunk in signals.chunked(signals.tone(1.0)):
        queue.sent_audio(chunk)
    queue.boundary()
    assert queue.replay_calls() == []


def test_replay_is_bounded():
    """At most 30 s is kept for replay."""
    queue = inputs.InputQueue()
    for chunk in signals.chunked(signals.tone(35.0, freq=200)):
        queue.sent_audio(chunk)
    assert len(audio_of(queue.replay_calls())) <= inputs.MAX_REPLAY_BYTES


def test_pending_calls_keep_their_order_and_only_the_newest_camera_frame():
    """Queued calls go out in order; an older camera frame is replaced by the newest."""
    queue = inputs.InputQueue()
    queue.queue(inputs.audio_call(b"\x00\x00"))
    queue.queue(("send_realtime_input", {"video": {"data": b"old", "mime_type": "image/jpeg"}}))
    queue.queue(("send_realtime_input", {"text": "hello"}))
    queue.queue(("send_realtime_input", {"video": {"data": b"new", "mime_type": "image/jpeg"}}))
    sent = []
    while (call := queue.next_pending()) is not None:
        sent.append(call[1])
        queue.pending_sent()
    assert [next(iter(k)) for k in sent] == ["audio", "text", "video"]
    assert sent[2]["video"]["data"] == b"new"


def test_voiced_check():
    """Speech-level audio is voiced; digital silence and faint noise are not."""
    assert inputs.voiced(signals.tone(0.02))
    assert not inputs.voiced(signals.silence(0.02))
    assert not inputs.voiced((b"\x40\x00\xc0\xff") * 160)  # +-64: far below speech
