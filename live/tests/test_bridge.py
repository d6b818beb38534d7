"""The bridge alone (no Django) against the Gemini emulator: turns, rotation, reconnects."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio

from core.gemini import build_client
from live import bridge as bridge_module
from live.bridge import LiveBridge
from live.events import (
    AudioChunk,
    BridgeConfig,
    BridgeError,
    HistoryTurn,
    Interrupted,
    Reconnecting,
    Resumed,
    ResumptionHandle,
    TextDelta,
    TranscriptDelta,
    TurnComplete,
)
from live.tests.helpers import jpeg, live_tasks, png, utterance

MODEL = "gemini-live-2.5-flash-preview"
pytestmark = pytest.mark.asyncio


class Recorder:
    """Collect the bridge's events and wait for them by type."""

    def __init__(self):
        self.events: list = []
        self._arrived = asyncio.Condition()

    async def __call__(self, event):
        async with self._arrived:
            self.events.append(event)
            self._arrived.notify_all()

    async def wait(self, kind, count: int = 1, within: float = 10.0):
        async with asyncio.timeout(within), self._arrived:
            await self._arrived.wait_for(lambda: len(self.of(kind)) >= count)
        return self.of(kind)[count - 1]

    def of(self, kind) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    def transcript(self, role: str) -> str:
        return "".join(e.text for e in self.of(TranscriptDelta) if e.role == role)


@pytest.fixture
def client(emulator):
    return build_client(api_key="test", base_url=emulator.base_url, ca_file=emulator.ca_file)


@pytest_asyncio.fixture
async def make_bridge(client):
    """Return a factory of started bridges; every one is closed after the test."""
    bridges = []

    async def make(*, response="audio", handle=None, history=(), start=True, **config):
        recorder = Recorder()

        async def load_history():  # what the consumer's storage would hold by now
            stored = [turn for event in recorder.of(TurnComplete) for turn in event.history()]
            return [*history, *stored]

        bridge = LiveBridge(
            client,
            BridgeConfig(model=MODEL, response=response, **config),
            on_event=recorder,
            load_history=load_history,
            handle=handle,
            cid="test",
            backoff=(0.05, 0.1, 0.2),
        )
        bridges.append(bridge)
        resumed = await bridge.start() if start else None
        return bridge, recorder, resumed

    yield make
    for bridge in bridges:
        await bridge.close()


async def speak(bridge, pcm=None):
    from live.tests.signals import chunked

    for chunk in chunked(utterance() if pcm is None else pcm):
        await bridge.send_audio(chunk)


async def test_spoken_turn_gives_audio_both_transcripts_and_a_handle(make_bridge):
    """Speech in: model audio, the user's and the model's transcripts, then a handle."""
    bridge, events, resumed = await make_bridge()
    assert resumed is False
    await speak(bridge)
    turn = await events.wait(TurnComplete)
    handle = await events.wait(ResumptionHandle)
    assert events.transcript("user") == "[speech 1.00 s]"
    assert events.transcript("model").startswith("[Gemini emulator] You said:")
    assert sum(len(e.data) for e in events.of(AudioChunk)) > 24_000 * 2 * 0.3
    assert [(i.kind, i.text) for i in turn.inputs] == [("voice", "[speech 1.00 s]")]
    assert turn.model_text == events.transcript("model").strip()
    assert not turn.interrupted and handle.handle


async def test_text_response_streams_text(make_bridge):
    """With TEXT responses the model's words arrive as text deltas, no audio."""
    bridge, events, _ = await make_bridge(response="text")
    await bridge.send_text("hello there")
    turn = await events.wait(TurnComplete)
    text = "".join(e.text for e in events.of(TextDelta))
    assert text.startswith('[Gemini emulator] You said: "hello there"')
    assert turn.model_text == text.strip() and not events.of(AudioChunk)


async def test_picture_is_seen_and_camera_frame_is_video(make_bridge, emulator):
    """A persisted picture is a turn the model describes; a camera frame is video input."""
    bridge, events, _ = await make_bridge(response="text")
    await bridge.send_image(jpeg(), "image/jpeg", persist=False)
    await bridge.send_image(png(), "image/png", persist=True, text="look", tag="mine")
    turn = await events.wait(TurnComplete)
    assert "I see a PNG image, 64×48 pixels, mean colour #ff0000" in turn.model_text
    assert [(i.kind, i.text, i.tag) for i in turn.inputs] == [("image", "look", "mine")]
    assert (await emulator.acounters())["video_frames_received"] == 1


async def test_fresh_session_is_seeded_with_history(make_bridge, emulator):
    """Without a handle, the stored turns (text and pictures) are the new session's context."""
    history = [
        HistoryTurn("user", "my cat is called Miso"),
        HistoryTurn("model", "Nice."),
        HistoryTurn("user", "", ((png(), "image/png"),)),
    ]
    bridge, events, _ = await make_bridge(response="text", history=history)
    await bridge.send_text("what did I say")
    turn = await events.wait(TurnComplete)
    assert '1. "my cat is called Miso"; 2. "(a picture)"' in turn.model_text


async def test_interruption_flushes_and_input_keeps_flowing(make_bridge, emulator):
    """Speech during the reply: interrupted, the cut turn marked, then the next reply."""
    await emulator.aset_faults(pace=1)
    bridge, events, _ = await make_bridge()
    await bridge.send_text("tell me a long story please, a very long one indeed")
    await events.wait(AudioChunk)
    await speak(bridge)
    await events.wait(Interrupted)
    cut = await events.wait(TurnComplete)
    assert cut.interrupted and cut.model_text.startswith("[Gemini")
    answer = await events.wait(TurnComplete, 2)
    assert not answer.interrupted and "[speech" in answer.model_text


async def test_go_away_rotates_at_a_turn_boundary_and_remembers(make_bridge, emulator):
    """goAway: a new connection with the newest handle, the old one closed before its end."""
    await emulator.aset_faults(go_away_after_s=0.3, go_away_time_left_s=3)
    bridge, events, _ = await make_bridge(response="text")
    await bridge.send_text("first thing")
    await events.wait(TurnComplete)
    await events.wait(Reconnecting)
    await bridge.send_text("what did I say")  # queued during the switch, replayed after
    resumed = await events.wait(Resumed)
    assert resumed.fresh is False
    turn = await events.wait(TurnComplete, 2)
    assert 'Before that you said: 1. "first thing"' in turn.model_text
    counters = await emulator.acounters()
    assert counters["go_aways_sent"] == 1 and counters["live_resumptions"] == 1
    assert counters["live_sessions_open"] == 1  # the old connection is gone, early
    assert not events.of(BridgeError)


async def test_abrupt_close_reconnects_with_the_handle(make_bridge, emulator):
    """An unexpected close: reconnect from the newest handle; the history survives."""
    await emulator.aset_faults(close_after_s=0.5)
    bridge, events, _ = await make_bridge(response="text")
    await bridge.send_text("remember the blue door")
    await events.wait(ResumptionHandle)
    assert (await events.wait(Reconnecting)).reason == "lost"
    assert (await events.wait(Resumed)).fresh is False
    await bridge.send_text("what did I say")
    answer = await events.wait(TurnComplete, 2)
    assert 'Before that you said: 1. "remember the blue door"' in answer.model_text
    assert (await emulator.acounters())["live_resumptions"] == 1


async def test_turn_cut_by_a_close_is_remembered_after_resuming(make_bridge, emulator):
    """A close in mid-reply: the cut turn is reported, then re-sent as context on resuming."""
    await emulator.aset_faults(close_after_s=1.0)
    bridge, events, _ = await make_bridge()
    await bridge.send_text("zero")
    await events.wait(ResumptionHandle)
    await emulator.aset_faults(pace=1)  # a reply long enough to be cut
    await bridge.send_text("alpha")
    await events.wait(Reconnecting)
    cut = await events.wait(TurnComplete, 2)
    assert cut.interrupted and [i.text for i in cut.inputs] == ["alpha"]
    await events.wait(Resumed)
    await emulator.aset_faults(pace=10)
    await bridge.send_text("what did I say")
    answer = await events.wait(TurnComplete, 3)
    assert 'Before that you said: 1. "zero"; 2. "alpha"' in answer.model_text


async def test_rejected_handle_starts_fresh_from_history(make_bridge, emulator):
    """A handle Gemini no longer knows: forgotten, and the session starts from history."""
    history = [HistoryTurn("user", "stored earlier")]
    bridge, events, resumed = await make_bridge(response="text", handle="stale", history=history)
    assert resumed is False
    assert events.of(ResumptionHandle)[0].handle == ""
    await bridge.send_text("what did I say")
    turn = await events.wait(TurnComplete)
    assert '1. "stored earlier"' in turn.model_text


async def test_unreachable_gemini_fails_after_three_attempts(client, monkeypatch):
    """Connection refused three times: start() gives up with an error code."""
    dead = build_client(api_key="x", base_url="http://127.0.0.1:9", ca_file=None)
    bridge = LiveBridge(
        dead,
        BridgeConfig(model=MODEL),
        on_event=Recorder(),
        load_history=_no_history,
        cid="t",
        backoff=(0.01,),
    )
    with pytest.raises(bridge_module.BridgeFailed) as failure:
        async with asyncio.timeout(10):
            await bridge.start()
    assert failure.value.code == "upstream_unavailable"
    await bridge.close()


async def test_close_ends_every_task_and_gemini_session(make_bridge, emulator):
    """close() leaves no task behind and no Live session open upstream."""
    bridge, events, _ = await make_bridge()
    await speak(bridge)
    await events.wait(AudioChunk)
    await bridge.close()
    assert not [t for t in live_tasks() if "test" in t.get_name()]
    open_now = (await emulator.acounters())["live_sessions_open"]
    for _ in range(20):
        if open_now == 0:
            break
        await asyncio.sleep(0.05)
        open_now = (await emulator.acounters())["live_sessions_open"]
    assert open_now == 0


async def _no_history():
    return []


async def _turns(events: Recorder, count: int) -> list[TurnComplete]:
    await events.wait(TurnComplete, count)
    return events.of(TurnComplete)


async def test_go_away_during_a_reply_waits_for_the_turn_to_end(make_bridge, emulator):
    """goAway mid-reply: the reply plays out whole, then the connection is switched."""
    await emulator.aset_faults(pace=1, go_away_after_s=0.3, go_away_time_left_s=5)
    bridge, events, _ = await make_bridge()
    await bridge.send_text("a question that takes a while to answer out loud")
    await events.wait(Resumed, within=15)
    kinds = [type(e) for e in events.events]
    assert kinds.index(TurnComplete) < kinds.index(Reconnecting)
    assert not events.of(TurnComplete)[0].interrupted and not events.of(Interrupted)


async def test_go_away_deadline_switches_mid_reply(make_bridge, emulator):
    """goAway with too little time left for the reply: switch now, the cut turn kept."""
    await emulator.aset_faults(pace=1, go_away_after_s=0.3, go_away_time_left_s=0.5)
    bridge, events, _ = await make_bridge()
    await bridge.send_text("a question that takes a while to answer out loud")
    await events.wait(Resumed, within=15)
    cut = events.of(TurnComplete)[0]
    assert cut.interrupted and cut.inputs[0].text.startswith("a question")
    await emulator.aset_faults(pace=10)
    await bridge.send_text("what did I say")
    answer = await events.wait(TurnComplete, 2)
    assert '1. "a question that takes a while to answer out loud"' in answer.model_text
    assert not events.of(BridgeError)
