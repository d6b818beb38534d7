"""Control events through the live channel layer, in process: a stopping server, an operator."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from live.session import registry
from live.tests.helpers import astored, emulator_idle, live_tasks, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_a_stopping_server_stores_the_turn_then_closes_1012(voice, conversation, emulator):
    """`stop_calls` (what SIGTERM runs): the reply so far stored, Gemini closed, 1012."""
    from live.production import stop_calls

    client = await voice("text")
    await emulator.aset_faults(pace=0.5)  # a slow reply: still under way at the stop
    await client.send_json({"type": "text", "text": "tell me a long story please"})
    await client.until("text")
    waiting = stop_calls()
    assert waiting is not None
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == ("server_restarting", True)
    assert await client.until_closed() == 1012
    await waiting
    rows = await astored(conversation)
    assert rows[0][3] == "tell me a long story please"
    assert rows[1][2] == "interrupted" and rows[1][3]  # the reply so far, kept
    await wait_for(emulator_idle(emulator), within=1.0)
    await wait_for(lambda: not live_tasks(), within=1.0)
    assert registry.count() == 0 and stop_calls() is None


async def test_an_operator_ends_the_users_calls_only(voice, conversation, user, other_user):
    """`end_calls_of` reaches the user's call through its control group: 4403, slot freed."""
    from live.production import end_calls_of

    client = await voice("text")
    await sync_to_async(end_calls_of)(other_user.pk)
    await client.send_json({"type": "text", "text": "still here"})
    done = await client.until("turn_complete")  # another user's end left this call alone
    assert done["messages"][0]["text"] == "still here" and not client.of_type("error")
    await sync_to_async(end_calls_of)(user.pk)
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == ("ended_by_admin", True)
    assert await client.until_closed() == 4403
    await wait_for(lambda: registry.count() == 0, within=1.0)
