"""`/ws/events/` across two Daphne processes on PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import time

import pytest
from websockets.exceptions import InvalidStatus

from tests.production.conftest import ahttp

pytestmark = [pytest.mark.services, pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def frames_within(client, seconds: float) -> list[dict]:
    """Collect the JSON frames a socket receives in `seconds`."""
    frames = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            frame = await client.next(within=left)
        except TimeoutError:
            break
        if frame is None:
            break
        frames.append(frame)
    return frames


async def test_turn_on_one_process_reaches_the_users_tab_on_the_other(
    start_daphne, connect, token, other_token, conversation
):
    """A turn posted through process A appears on the user's events socket on B within 1 s."""
    a, b = start_daphne(), start_daphne()
    mine = await connect(b, "/ws/events/", token=token)
    theirs = await connect(b, "/ws/events/", token=other_token)
    theirs_on_a = await connect(a, "/ws/events/", token=other_token)
    path = f"/api/conversations/{conversation.id}/messages/"
    posted = asyncio.create_task(ahttp(a, "POST", path, token=token, body={"text": "hi there"}))
    started = time.monotonic()
    first = await mine.until("message.created", within=5)
    user_seen = time.monotonic() - started
    second = await mine.until("message.created", within=5)
    status, body = await posted
    assert status == 201
    assert first["conversation_id"] == str(conversation.id)
    assert first["message"] == body["user_message"]
    assert second["message"] == body["model_message"]
    assert user_seen < 1.0 + 0.5  # the request itself takes part of it; see the next test
    assert await frames_within(theirs, 0.5) == []
    assert await frames_within(theirs_on_a, 0.1) == []


async def test_event_arrives_within_a_second_of_the_commit(
    start_daphne, connect, token, conversation
):
    """A rename through A: `conversation.updated` on B's socket within 1 s of the answer."""
    a, b = start_daphne(), start_daphne()
    tab = await connect(b, "/ws/events/", token=token)
    path = f"/api/conversations/{conversation.id}/"
    status, _ = await ahttp(a, "PATCH", path, token=token, body={"title": "Renamed"})
    answered = time.monotonic()
    event = await tab.until("conversation.updated", within=1.0)
    assert status == 200 and time.monotonic() - answered < 1.0
    assert event["conversation"]["title"] == "Renamed"
    assert event["conversation"]["id"] == str(conversation.id)


async def test_created_and_deleted_conversations(start_daphne, connect, token):
    """Creating and deleting through A: both events on the user's socket on B."""
    a, b = start_daphne(), start_daphne()
    tab = await connect(b, "/ws/events/", token=token)
    status, created = await ahttp(a, "POST", "/api/conversations/", token=token, body={})
    assert status == 201
    event = await tab.until("conversation.created", within=2)
    assert event["conversation"]["id"] == created["id"]
    status, _ = await ahttp(a, "DELETE", f"/api/conversations/{created['id']}/", token=token)
    assert status == 204
    assert (await tab.until("conversation.deleted", within=2))["conversation_id"] == created["id"]


async def test_anonymous_and_foreign_origin_are_refused_at_the_handshake(start_daphne, connect):
    """No user → 403 before accept; a browser from another site → 403."""
    server = start_daphne()
    with pytest.raises(InvalidStatus) as anonymous:
        await connect(server, "/ws/events/", origin=server.url)
    assert anonymous.value.response.status_code == 403
    with pytest.raises(InvalidStatus) as foreign:
        await connect(server, "/ws/events/", origin="https://evil.example")
    assert foreign.value.response.status_code == 403


async def test_an_idle_events_socket_stays_open(start_daphne, connect, token, conversation):
    """Nothing for longer than the channel layer's blocking read: the socket still delivers."""
    server = start_daphne()
    tab = await connect(server, "/ws/events/", token=token)
    assert await frames_within(tab, 7.0) == []
    assert tab.close_code is None
    path = f"/api/conversations/{conversation.id}/"
    assert (await ahttp(server, "PATCH", path, token=token, body={"title": "Still here"}))[0] == 200
    assert (await tab.until("conversation.updated", within=2))["conversation"][
        "title"
    ] == "Still here"


async def test_a_live_turn_on_one_process_reaches_a_tab_on_the_other(
    start_daphne, connect, token, conversation
):
    """A typed turn in a call on A: both stored messages arrive as events on B."""
    a, b = start_daphne(), start_daphne()
    tab = await connect(b, "/ws/events/", token=token)
    call = await connect(a, f"/ws/live/{conversation.id}/", token=token)
    await call.send_json({"type": "setup", "response": "text"})
    await call.until("ready")
    await call.send_json({"type": "text", "text": "spoken elsewhere"})
    stored = (await call.until("turn_complete"))["messages"]
    first = await tab.until("message.created", within=2)
    second = await tab.until("message.created", within=2)
    assert [first["message"], second["message"]] == stored
