"""WebRTC calls served by a real Daphne process: an aiortc client peer, the emulator upstream."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio
import websockets
from asgiref.sync import sync_to_async

from bench._rtc_client import RtcClient
from conversations.models import Message
from live import audio
from live.tests.helpers import WebsocketsClient, wait_for

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
    client.say(audio.tone(1.2) + audio.silence(0.8))
    done = await client.socket.until("turn_complete", within=15)
    heard = client.socket.transcript("user")
    assert heard.startswith("[speech ")
    assert abs(float(heard.split()[1]) - 1.2) <= 0.06, heard
    assert [(m["role"], m["source"]) for m in done["messages"]] == [
        ("user", "webrtc"),
        ("model", "webrtc"),
    ]
    await wait_for(lambda: len(client.loud_at) >= 10, within=5)
    assert audio.rms(bytes(client.heard)) > 300
    assert await astored(conversation) == [
        ("user", "webrtc", "complete"),
        ("model", "webrtc", "complete"),
    ]
    assert not client.socket.of_type("error")
