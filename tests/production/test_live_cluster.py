"""Live calls on two Daphne processes: the shared cap, SIGTERM, SIGKILL, the admin's end."""

from __future__ import annotations

import asyncio
import signal
import time

import pytest
from asgiref.sync import sync_to_async
from websockets.exceptions import ConnectionClosed

from conversations.models import Conversation, Message
from live.tests.helpers import wait_for

pytestmark = [pytest.mark.services, pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

DAPHNE_CLOSE_TIMEOUT_S = 10  # daphne's --application-close-timeout default


@sync_to_async
def stored(conversation) -> list[tuple[str, str, str]]:
    rows = Message.objects.filter(conversation_id=conversation.id).order_by("created_at", "id")
    return list(rows.values_list("role", "status", "text"))


@sync_to_async
def handle_of(conversation) -> str:
    return Conversation.objects.get(id=conversation.id).live_resumption_handle


async def open_call(connect, server, conversation, token, response="text"):
    client = await connect(server, f"/ws/live/{conversation.id}/", token=token)
    await client.send_json({"type": "setup", "response": response})
    client.ready = await client.until("ready")
    return client


async def admitted(connect, server, conversation, token) -> bool:
    """Open a call; return whether it got to ready (not refused by the cap)."""
    client = await connect(server, f"/ws/live/{conversation.id}/", token=token)
    try:
        await client.send_json({"type": "setup", "response": "text"})
        frame = await client.until("ready", "error")
    except (ConnectionClosed, AssertionError):
        return False
    await client.close()
    return frame["type"] == "ready"


async def test_the_cap_holds_across_two_processes(start_daphne, connect, token, conversation):
    """One call allowed per user: a second on the other process is refused with 4429."""
    a = start_daphne(SESAME_MAX_LIVE_SESSIONS_PER_USER="1")
    b = start_daphne(SESAME_MAX_LIVE_SESSIONS_PER_USER="1")
    first = await open_call(connect, a, conversation, token)
    second = await connect(b, f"/ws/live/{conversation.id}/", token=token)
    assert (await second.until("error"))["code"] == "too_many_sessions"
    assert await second.until_closed() == 4429
    await first.close()
    await wait_for(lambda: admitted(connect, b, conversation, token), within=5, interval=0.3)


async def test_a_killed_process_stops_counting_within_60_seconds(
    start_daphne, connect, token, conversation
):
    """SIGKILL on the process holding the only slot: the other admits a call once it lapses."""
    lease = "6"  # short, so the test is quick; the default (45 s) is bounded the same way
    a = start_daphne(SESAME_MAX_LIVE_SESSIONS_PER_USER="1", SESAME_LIVE_LEASE_SECONDS=lease)
    b = start_daphne(SESAME_MAX_LIVE_SESSIONS_PER_USER="1", SESAME_LIVE_LEASE_SECONDS=lease)
    await open_call(connect, a, conversation, token)
    refused = await connect(b, f"/ws/live/{conversation.id}/", token=token)
    assert await refused.until_closed() == 4429
    await asyncio.sleep(float(lease))  # the lease has been renewed at least once meanwhile
    refused = await connect(b, f"/ws/live/{conversation.id}/", token=token)
    assert await refused.until_closed() == 4429
    a.process.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    while not await admitted(connect, b, conversation, token):
        assert time.monotonic() - killed < 60
        await asyncio.sleep(0.5)
    assert time.monotonic() - killed <= float(lease) + 2


async def test_sigterm_mid_call_closes_1012_and_the_call_resumes_on_the_other(
    start_daphne, connect, token, conversation, emulator
):
    """SIGTERM: stored turn, server_restarting then 1012 in time, Gemini closed; B resumes."""
    a, b = start_daphne(), start_daphne()
    gemini_before = (await emulator.acounters())["live_sessions_open"]
    call = await open_call(connect, a, conversation, token)
    await call.send_json({"type": "text", "text": "remember the blue door"})
    await call.until("turn_complete")
    await wait_for(lambda: handle_of(conversation), within=5)
    await emulator.aset_faults(pace=0.5)  # a slow reply: still under way at the signal
    await call.send_json({"type": "text", "text": "tell me a long story please"})
    await call.until("text")
    a.process.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    error = await call.until("error", within=DAPHNE_CLOSE_TIMEOUT_S)
    assert error["code"] == "server_restarting" and error["fatal"] is True
    assert await call.until_closed(within=DAPHNE_CLOSE_TIMEOUT_S) == 1012
    assert time.monotonic() - signalled < DAPHNE_CLOSE_TIMEOUT_S
    a.process.wait(DAPHNE_CLOSE_TIMEOUT_S)
    rows = await stored(conversation)
    assert rows[0][2] == "remember the blue door" and rows[1][1] == "complete"
    assert rows[2][2] == "tell me a long story please"
    assert rows[3][1] == "interrupted" and rows[3][2]  # the reply so far, kept
    await emulator.aset_faults(pace=10)
    assert (await emulator.acounters())["live_sessions_open"] == gemini_before
    again = await open_call(connect, b, conversation, token)
    assert again.ready["resumed"] is True
    await again.send_json({"type": "text", "text": "what did I say"})
    recall = (await again.until("turn_complete"))["messages"][-1]["text"]
    assert '"remember the blue door"' in recall


async def test_admin_ends_a_call_on_another_process(
    start_daphne, connect, token, conversation, user, admin_client
):
    """The admin action (served by this process) ends the user's call held by a Daphne."""
    server = start_daphne()
    call = await open_call(connect, server, conversation, token)
    response = await sync_to_async(admin_client.post)(
        "/admin/auth/user/",
        {"action": "end_live_calls", "_selected_action": [user.pk]},
        follow=True,
    )
    assert response.status_code == 200 and "end the live calls of 1" in response.text
    error = await call.until("error")
    assert error["code"] == "ended_by_admin" and error["fatal"] is True
    assert await call.until_closed() == 4403
