"""WebRTC calls in-process (the ASGI app on the test's loop): what a hang-up frees."""

from __future__ import annotations

import threading

import pytest

from bench._rtc_client import RtcClient, SyntheticVideoTrack
from live import audio
from live.tests.helpers import live_tasks, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def _media_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.endswith("-decoder")]


async def test_hang_up_frees_every_task_thread_track_and_the_gemini_session(
    open_socket, conversation, token, emulator
):
    """After a call with camera and screen, closing the socket leaves nothing running."""
    socket = await open_socket(f"/ws/rtc/{conversation.id}/", token=token)
    client = RtcClient(socket, camera=SyntheticVideoTrack(320, 240, 10))
    await client.call()
    await client.connected()
    await client.share_screen(SyntheticVideoTrack(640, 360, 5, colour=(255, 0, 0)))
    client.say(audio.tone(0.6) + audio.silence(0.8))
    await socket.until("turn_complete", within=15)
    await wait_for(lambda: emulator.counters()["video_frames_received"] >= 2, within=6)
    server_peers = [t for t in live_tasks() if "-rtc-" in t.get_name()]
    assert {t.get_name().rsplit("-", 1)[1] for t in server_peers} >= {"audio", "pictures"}
    assert _media_threads() == []  # aiortc's decoder threads ended at once: nothing decodes there
    await socket.close()
    await wait_for(lambda: not live_tasks(), within=10)
    await wait_for(lambda: emulator.counters()["live_sessions_open"] == 0, within=10)
    await client.close()
    assert _media_threads() == []


async def test_no_connection_within_the_deadline_ends_the_call(
    open_socket, conversation, token, settings
):
    """An answer nobody connects to (UDP blocked): rtc_timeout, close 4410, nothing left."""
    settings.SESAME_RTC_CONNECT_TIMEOUT = 0.5
    socket = await open_socket(f"/ws/rtc/{conversation.id}/", token=token)
    client = RtcClient(socket)
    await socket.send_json({"type": "setup", "response": "audio"})
    await socket.until("ready")
    client.pc.addTrack(client.mic)
    await client.pc.setLocalDescription(await client.pc.createOffer())
    await socket.send_json({"type": "offer", "sdp": client.pc.localDescription.sdp})
    await socket.until("answer")  # never applied: no connectivity checks answer the server
    error = await socket.until("error", within=5)
    assert (error["code"], error["fatal"]) == ("rtc_timeout", True)
    assert await socket.until_closed() == 4410
    assert not [t for t in live_tasks() if "-rtc-" in t.get_name()]
    await socket.close()
    await wait_for(lambda: not live_tasks(), within=5)
    await client.close()
