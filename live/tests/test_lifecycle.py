"""One session lifecycle: whatever ends a session, nothing is left open (consumers, emulator)."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from live.session import registry
from live.tests.helpers import astored, b64, emulator_idle, live_tasks, png, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_session_time_limit_closes_gemini_within_a_second(voice, emulator, settings):
    """The time limit ends the session: Gemini's connection is closed within a second."""
    settings.SESAME_MAX_LIVE_SECONDS = 1
    settings.SESAME_LIVE_WARNING_SECONDS = 0
    client = await voice()
    assert await client.until_closed(within=3) == 4408
    await wait_for(emulator_idle(emulator), within=1.0)
    await wait_for(lambda: not live_tasks(), within=1.0)


async def test_exception_in_a_handler_ends_the_session_cleanly(
    voice, conversation, emulator, monkeypatch, caplog
):
    """A handler raises: error frame, close 1011, Gemini closed, slot freed, one log line."""
    from live.consumers import VoiceConsumer

    async def broken(self, frame):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(VoiceConsumer, "_on_text", broken)
    client = await voice("text")
    await client.send_json({"type": "text", "text": "boom"})
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == ("internal_error", True)
    assert await client.until_closed() == 1011
    await wait_for(emulator_idle(emulator), within=1.0)
    await wait_for(lambda: not live_tasks(), within=1.0)
    assert registry.count() == 0
    logged = [r for r in caplog.records if "unhandled error" in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info[1].args == ("injected fault",)
    assert logged[0].getMessage().startswith("[live ") and "websocket.receive" in (
        logged[0].getMessage()
    )


async def test_over_cap_setup_sent_at_once_starts_no_gemini_session(
    voice, conversation, token, emulator, settings
):
    """Over the cap, a setup queued behind the connect starts nothing: 4429, one session."""
    from channels.testing import WebsocketCommunicator

    from sesame_site.asgi import application

    settings.SESAME_MAX_LIVE_SESSIONS_PER_USER = 1
    await voice()
    headers = [(b"authorization", f"Token {token}".encode())]
    rushed = []
    for _ in range(10):
        communicator = WebsocketCommunicator(application, f"/ws/live/{conversation.id}/", headers)
        await communicator.send_input({"type": "websocket.connect"})  # no wait for accept
        await communicator.send_to(text_data='{"type": "setup", "response": "audio"}')
        rushed.append(communicator)
    for communicator in rushed:
        outputs = [await communicator.receive_output(5) for _ in range(3)]
        assert outputs[-1] == {"type": "websocket.close", "code": 4429}
    await asyncio.sleep(0.5)
    assert (await emulator.acounters())["live_sessions_total"] == 1
    assert registry.count() == 1
    for communicator in rushed:
        await communicator.disconnect()


# -- the turn rate ---------------------------------------------------------------------------


async def test_typed_turns_and_pictures_over_a_socket_count_against_the_turn_rate(
    voice, conversation, settings, user
):
    """SESAME_TURN_RATE, shared with HTTP: past it `throttled` with retry_after; the call goes
    on, and the refused turn is neither answered nor stored."""
    from django.core.cache import cache
    from rest_framework.test import APIClient

    api_client = APIClient()
    api_client.force_authenticate(user)
    cache.clear()
    settings.SESAME_TURN_RATE = "3/min"
    client = await voice("text")
    await client.send_json({"type": "text", "text": "one"})
    await client.until("turn_complete")
    picture = {"type": "image", "mime_type": "image/png", "data": b64(png()), "persist": True}
    await client.send_json(picture)
    await client.until("turn_complete")
    response = await database_sync_to_async(api_client.post)(
        f"/api/conversations/{conversation.id}/messages/", {"text": "three"}, format="json"
    )
    assert response.status_code == 201  # the HTTP turn is the third of the same counter
    await client.send_json({"type": "text", "text": "four"})
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == ("throttled", False)
    assert 1 <= error["retry_after"] <= 60
    await client.send_json(picture)
    assert (await client.until("error"))["code"] == "throttled"
    await client.speak()  # speech is not a counted turn: the call goes on
    done = await client.until("turn_complete")
    assert done["messages"][0]["text"] == "[speech 1.00 s]"
    texts = [row[3] for row in await astored(conversation)]
    assert "four" not in texts and texts.count("") == 1  # one picture stored, not two
    cache.clear()


# -- turn numbers ----------------------------------------------------------------------------


async def test_turn_numbers_after_an_interruption(voice, emulator):
    """A typed barge-in: Gemini answers it at once, yet turn_complete of the cut turn comes
    before any event of the next turn, each event numbered."""
    await emulator.aset_faults(pace=1)
    client = await voice()
    await client.send_json({"type": "text", "text": "please say something long for me now"})
    while not client.audio:
        await client.next()
    await client.send_json({"type": "text", "text": "stop, new question"})
    while len(client.of_type("turn_complete")) < 2:
        await client.next()
    cut, answered = client.of_type("turn_complete")
    assert cut["messages"][-1]["status"] == "interrupted"
    assert answered["messages"][0]["text"] == "stop, new question"
    assert answered["turn"] > cut["turn"]
    order = [(f["type"], f["turn"]) for f in client.frames if "turn" in f]
    position = order.index(("turn_complete", cut["turn"]))
    assert all(turn <= cut["turn"] for _, turn in order[:position]), order
    assert all(turn == answered["turn"] for _, turn in order[position + 1 :]), order
    assert ("interrupted", cut["turn"]) in order[:position]
    assert ("transcript", answered["turn"]) in order[position + 1 :]


async def test_the_channels_hooks_the_session_base_relies_on_still_exist():
    """The base overrides Channels' pump at one point only, `dispatch`; control events come
    through Channels' own layer and handlers, on a layer whose receive outlives Redis."""
    from channels.consumer import AsyncConsumer
    from channels.layers import get_channel_layer
    from django.conf import settings

    from core.layers import ResilientRedisChannelLayer
    from live.consumers import VoiceConsumer
    from live.session import LiveSessionConsumer

    assert "dispatch" in vars(AsyncConsumer) and "dispatch" in vars(LiveSessionConsumer)
    assert "__call__" not in vars(LiveSessionConsumer)
    layer = get_channel_layer(VoiceConsumer.channel_layer_alias)
    assert layer is not None and layer is not get_channel_layer()
    if settings.REDIS_URL:
        assert isinstance(layer, ResilientRedisChannelLayer)
    assert callable(VoiceConsumer.live_end) and callable(VoiceConsumer.live_stop)
