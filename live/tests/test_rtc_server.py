"""WebRTC calls served by a real Daphne process: an aiortc client peer, the emulator upstream."""

from __future__ import annotations

import asyncio
import time
import urllib.request

import pytest
import pytest_asyncio
import websockets
from aiortc import RTCPeerConnection
from asgiref.sync import sync_to_async
from websockets.exceptions import InvalidStatus

from bench._rtc_client import RtcClient, SyntheticVideoTrack
from conversations.models import Message
from live.tests import signals
from live.tests.helpers import WebsocketsClient, metric, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session_cookie(user, client):
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest_asyncio.fixture
async def rtc_socket(daphne_server, conversation, session_cookie):
    """Return a factory of browser-like sockets on /ws/rtc/ (cookie + Origin)."""
    sockets = []

    async def open_(conversation_id=None, *, cookie=session_cookie, origin=None):
        headers = {"Origin": origin or daphne_server.url}
        if cookie:
            headers["Cookie"] = cookie
        path = f"/ws/rtc/{conversation_id or conversation.id}/"
        async with asyncio.timeout(10):
            ws = await websockets.connect(daphne_server.ws_url + path, additional_headers=headers)
        socket = WebsocketsClient(ws)
        sockets.append(socket)
        return socket

    yield open_
    for socket in sockets:
        await socket.close()


@pytest_asyncio.fixture
async def place_call(rtc_socket):
    """Return a factory: a connected WebRTC call (socket + aiortc peer)."""
    calls = []

    async def place(camera=None, sources=None):
        client = RtcClient(await rtc_socket(), camera=camera)
        calls.append(client)
        client.ready = await client.call(sources=sources)
        await client.connected()
        return client

    yield place
    for client in calls:
        await client.close()


def stored(conversation) -> list[tuple[str, str, str]]:
    return list(
        Message.objects.filter(conversation_id=conversation.id)
        .order_by("created_at", "id")
        .values_list("role", "source", "status")
    )


astored = sync_to_async(stored)


async def _reply_to(client: RtcClient, text: str) -> str:
    await client.socket.send_json({"type": "text", "text": text})
    while True:
        done = await client.socket.until("turn_complete", within=15)
        reply = done["messages"][-1]["text"]
        if text in reply:
            return reply


async def test_speech_in_keeps_its_duration_and_the_reply_plays_on_the_track(
    place_call, conversation
):
    """1.2 s of speech reaches Gemini as 1.2 s (±5 %); the reply is heard; stored as webrtc."""
    client = await place_call()
    assert client.ready["ice_servers"] == []
    client.say(signals.tone(1.2) + signals.silence(0.8))
    done = await client.socket.until("turn_complete", within=15)
    heard = client.socket.transcript("user")
    assert heard.startswith("[speech ")
    assert abs(float(heard.split()[1]) - 1.2) <= 0.06, heard
    assert [(m["role"], m["source"]) for m in done["messages"]] == [
        ("user", "webrtc"),
        ("model", "webrtc"),
    ]
    await wait_for(lambda: len(client.loud_at) >= 10, within=5)
    assert signals.rms(bytes(client.heard)) > 300
    assert await astored(conversation) == [
        ("user", "webrtc", "complete"),
        ("model", "webrtc", "complete"),
    ]
    assert not client.socket.of_type("error")


async def test_barge_in_stops_the_model_audio_at_once(place_call, emulator):
    """Speaking over the reply: `interrupted`, and no model audio plays after it."""
    await emulator.aset_faults(pace=1)
    client = await place_call()
    await client.socket.send_json({"type": "text", "text": "please say something long for me"})
    await wait_for(lambda: len(client.loud_at) >= 10, within=10)
    client.say(signals.tone(1.0) + signals.silence(0.8))
    await client.socket.until("interrupted", within=10)
    cut_at = time.perf_counter()
    cut = await client.socket.until("turn_complete", within=10)
    assert cut["messages"][-1]["status"] == "interrupted"
    await asyncio.sleep(0.6)  # the answer to the barge-in only starts after its silence
    late = [t for t in client.loud_at if t > cut_at + 0.1]
    assert late == [] or late[0] > cut_at + 0.6, late[:3]


async def test_camera_reaches_gemini_as_jpeg_once_a_second(place_call, emulator):
    """A 640×480 camera: about one JPEG a second reaches Gemini, described on request."""
    client = await place_call(camera=SyntheticVideoTrack(640, 480, 15, colour=(0, 0, 255)))
    await wait_for(lambda: emulator.counters()["video_frames_received"] >= 1, within=5)
    first = await emulator.acounters()
    await asyncio.sleep(4.0)
    frames = (await emulator.acounters())["video_frames_received"] - first["video_frames_received"]
    assert 3 <= frames <= 5, frames
    reply = await _reply_to(client, "what do you see")
    assert "JPEG image, 640×480 pixels" in reply, reply


async def test_screen_share_added_mid_call_arrives_as_the_screen(place_call, emulator):
    """Renegotiating a screen mid-call: Gemini sees the screen, the camera as an inset."""
    client = await place_call(camera=SyntheticVideoTrack(640, 480, 15, colour=(0, 0, 255)))
    await wait_for(lambda: emulator.counters()["video_frames_received"] >= 1, within=5)
    screen = SyntheticVideoTrack(1280, 720, 5, colour=(255, 0, 0))
    answer = await client.share_screen(screen)
    assert "b=AS:1000" in answer.split("m=video")[2] and "b=AS:300" in answer.split("m=video")[1]
    await asyncio.sleep(2.5)
    reply = await _reply_to(client, "what do you see")
    assert "JPEG image, 1280×720 pixels" in reply, reply
    assert client.pc.connectionState == "connected" and not client.socket.of_type("error")


async def test_sources_name_the_screen_when_it_is_the_only_video(place_call, emulator):
    """`sources` in the offer: a lone video track named "screen" is treated as the screen."""
    screen = SyntheticVideoTrack(1280, 720, 5, colour=(0, 255, 0))
    call = await place_call(camera=screen, sources={"1": "screen"})
    assert call.mid_of(screen) == "1"
    await wait_for(lambda: emulator.counters()["video_frames_received"] >= 1, within=5)
    reply = await _reply_to(call, "what do you see")
    assert "JPEG image, 1280×720 pixels" in reply, reply


async def test_go_away_rotation_mid_call_keeps_the_call(place_call, emulator):
    """Gemini's goAway mid-call: reconnecting/resumed, media untouched, the next turn works."""
    await emulator.aset_faults(go_away_after_s=1.0, go_away_time_left_s=3, go_away_count=1)
    client = await place_call()
    await _reply_to(client, "first thing")
    await client.socket.until("reconnecting", within=10)
    assert (await client.socket.until("resumed", within=10))["fresh"] is False
    client.say(signals.tone(1.0) + signals.silence(0.8))
    done = await client.socket.until("turn_complete", within=15)
    assert done["messages"][0]["text"].startswith("[speech 1.0")
    recall = await _reply_to(client, "what did I say")
    assert 'Before that you said: 1. "first thing"; 2. "[speech 1.0' in recall, recall
    assert client.pc.connectionState == "connected"
    assert client.socket.close_code is None and not client.socket.of_type("error")


async def test_hanging_up_frees_the_call_and_closes_the_gemini_session(
    place_call, emulator, daphne_server
):
    """Closing the socket ends the call: Gemini's session closes, the media stops, and the
    server's own numbers show no peer connection, call, thread or task of it left."""

    async def scrape():
        url = daphne_server.url + "/metrics"
        page = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=5).read())
        page = page.decode()
        return {
            name: metric(page, name)
            for name in (
                "sesame_rtc_peer_connections",
                "sesame_live_sessions",
                "sesame_threads",
                "sesame_event_loop_tasks",
            )
        }

    before = await scrape()
    frames = emulator.counters()["video_frames_received"]
    client = await place_call(camera=SyntheticVideoTrack(640, 480, 15, colour=(0, 0, 255)))
    await wait_for(lambda: emulator.counters()["live_sessions_open"] >= 1, within=5)
    await wait_for(lambda: emulator.counters()["video_frames_received"] > frames, within=5)
    during = await scrape()
    assert during["sesame_rtc_peer_connections"] == before["sesame_rtc_peer_connections"] + 1
    assert during["sesame_live_sessions"] == before["sesame_live_sessions"] + 1
    await client.socket.close()
    await wait_for(lambda: emulator.counters()["live_sessions_open"] == 0, within=10)
    heard = len(client.heard)
    await asyncio.sleep(0.5)
    assert len(client.heard) - heard < 2 * 24_000 * 0.1  # the server's track has stopped
    after = await scrape()
    assert after["sesame_rtc_peer_connections"] == before["sesame_rtc_peer_connections"]
    assert after["sesame_live_sessions"] == before["sesame_live_sessions"]
    assert after["sesame_threads"] <= during["sesame_threads"]
    assert during["sesame_event_loop_tasks"] > before["sesame_event_loop_tasks"]
    for _ in range(50):  # the call's tasks end with it (not one left running)
        if after["sesame_event_loop_tasks"] <= before["sesame_event_loop_tasks"]:
            break
        await asyncio.sleep(0.1)
        after = await scrape()
    assert after["sesame_event_loop_tasks"] <= before["sesame_event_loop_tasks"], (before, after)


async def test_bad_signalling_gets_errors_and_the_call_goes_on(rtc_socket, place_call):
    """Offer before setup, malformed SDP, no audio, audio on the socket: errors; then a call."""
    socket = await rtc_socket()
    await socket.send_json({"type": "offer", "sdp": "v=0"})
    assert (await socket.until("error"))["code"] == "setup_required"
    await socket.send_json({"type": "setup", "response": "audio"})
    await socket.until("ready")
    await socket.send_json({"type": "offer", "sdp": "this is not sdp"})
    assert (await socket.until("error"))["code"] == "bad_sdp"
    video_only = RTCPeerConnection()
    video_only.addTrack(SyntheticVideoTrack())
    await video_only.setLocalDescription(await video_only.createOffer())
    await socket.send_json({"type": "offer", "sdp": video_only.localDescription.sdp})
    assert (await socket.until("error"))["code"] == "no_audio"
    await video_only.close()
    await socket.send_json({"type": "offer", "sdp": "v=0", "sources": {"0": "tv"}})
    assert (await socket.until("error"))["code"] == "bad_sdp"
    await socket.send_bytes(bytes(640))
    assert (await socket.until("error"))["code"] == "unexpected_audio"
    assert all(not f["fatal"] for f in socket.of_type("error")) and socket.close_code is None
    client = await place_call()  # the server goes on serving calls
    client.say(signals.tone(0.6) + signals.silence(0.8))
    assert (await client.socket.until("turn_complete", within=15))["messages"][0]["text"]


@pytest.fixture
def other_cookie(other_user):
    from django.test import Client

    browser = Client()
    browser.force_login(other_user)
    return f"sessionid={browser.cookies['sessionid'].value}"


@pytest.mark.parametrize("case", ["bad_origin", "no_user", "someone_else"])
async def test_refusals_are_403_at_the_handshake(case, rtc_socket, other_cookie):
    """Wrong Origin, no user, someone else's conversation: HTTP 403 before accept."""
    kwargs = {}
    if case == "bad_origin":
        kwargs["origin"] = "http://evil.example"
    elif case == "no_user":
        kwargs["cookie"] = None
    else:
        kwargs["cookie"] = other_cookie
    with pytest.raises(InvalidStatus) as refused:
        await rtc_socket(**kwargs)
    assert refused.value.response.status_code == 403


async def test_a_closed_peer_connection_ends_the_call_with_an_error(place_call, emulator):
    """The browser's peer connection closes: a fatal error event, close 4410, Gemini closed."""
    client = await place_call()
    await client.pc.close()
    error = await client.socket.until("error", within=10)
    assert (error["code"], error["fatal"]) == ("rtc_failed", True)
    assert await client.socket.until_closed() == 4410
    await wait_for(lambda: emulator.counters()["live_sessions_open"] == 0, within=10)
