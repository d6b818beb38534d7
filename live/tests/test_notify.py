"""`/ws/events/` in process: refusals, and each write's event reaching only its owner."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from conversations import services
from conversations.models import Message

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def events_socket(token=None, origin=None):
    from sesame_site.asgi import application

    headers = []
    if token:
        headers.append((b"authorization", f"Token {token}".encode()))
    if origin:
        headers.append((b"origin", origin.encode()))
    communicator = WebsocketCommunicator(application, "/ws/events/", headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    return communicator, connected


async def end(communicator) -> None:
    """End a refused socket's application now, while the test's loop runs."""
    communicator.future.cancel()
    await asyncio.wait([communicator.future], timeout=5)


async def next_event(communicator, within=2.0) -> dict:
    return json.loads(await communicator.receive_from(within))


@pytest.fixture
def other_token(other_user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=other_user).key


async def test_anonymous_and_foreign_origins_are_refused():
    """No user, or a browser Origin from another site: refused before accept."""
    anonymous, connected = await events_socket(origin="http://127.0.0.1")
    assert connected is False
    foreign, connected = await events_socket(token="not-a-token", origin="https://evil.example")
    assert connected is False
    await end(anonymous)
    await end(foreign)


async def test_each_write_reaches_its_owner_only(user, token, other_token):
    """Create, message, rename, delete: four events for the owner, none for another user."""
    mine, connected = await events_socket(token)
    theirs, other_connected = await events_socket(other_token)
    assert connected and other_connected
    conversation = await sync_to_async(services.conversation_create)(owner=user, title="")
    created = await next_event(mine)
    assert created["type"] == "conversation.created"
    assert created["conversation"]["id"] == str(conversation.id)
    await sync_to_async(services.message_create)(
        conversation=conversation, role=Message.Role.USER, text="hello"
    )
    message = await next_event(mine)
    assert message["type"] == "message.created" and message["message"]["text"] == "hello"
    await sync_to_async(services.conversation_title_if_blank)(
        conversation_id=conversation.id, title="Greeting"
    )
    updated = await next_event(mine)
    assert updated["type"] == "conversation.updated"
    assert updated["conversation"]["title"] == "Greeting"
    assert updated["conversation"]["message_count"] == 1
    conversation_id = str(conversation.id)  # delete() forgets the instance's id
    await sync_to_async(services.conversation_delete)(conversation=conversation)
    deleted = await next_event(mine)
    assert deleted == {"type": "conversation.deleted", "conversation_id": conversation_id}
    assert await theirs.receive_nothing(timeout=0.3)
    await mine.disconnect()
    await theirs.disconnect()


async def test_a_rolled_back_write_sends_nothing(user, token):
    """Events leave after the commit: a write that rolls back is never announced."""
    from django.db import transaction

    mine, _ = await events_socket(token)

    def create_then_fail():
        with transaction.atomic():
            services.conversation_create(owner=user, title="never")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        await sync_to_async(create_then_fail)()
    assert await mine.receive_nothing(timeout=0.3)
    await mine.disconnect()


async def test_messages_announced_on_the_event_loop_reach_their_owner_in_order(
    user, token, other_token
):
    """Async code (a turn after its step) publishes on the loop: the owner's tab, in order."""
    from conversations import notify
    from conversations.serializers import message_data

    mine, connected = await events_socket(token)
    theirs, other_connected = await events_socket(other_token)
    assert connected and other_connected
    conversation = await sync_to_async(services.conversation_create)(owner=user)
    assert (await next_event(mine))["type"] == "conversation.created"
    stored = [
        await sync_to_async(services.message_create)(
            conversation=conversation, role=role, text=text, announce=False
        )
        for role, text in ((Message.Role.USER, "ping"), (Message.Role.MODEL, "pong"))
    ]
    notify.messages_stored(user.id, conversation.id, [message_data(m) for m in stored])
    events = [await next_event(mine), await next_event(mine)]
    assert [e["message"]["text"] for e in events] == ["ping", "pong"]
    assert {e["conversation_id"] for e in events} == {str(conversation.id)}
    assert await theirs.receive_nothing(timeout=0.3)
    await mine.disconnect()
    await theirs.disconnect()


IN_MEMORY_LAYERS = {
    alias: {"BACKEND": "channels.layers.InMemoryChannelLayer"} for alias in ("default", "live")
}


async def test_events_for_a_user_without_open_tabs_are_not_queued(user, token, settings):
    """With the in-memory layer (one process), a user with no open tab has nobody to tell:
    nothing is queued; once a tab is open, the same publish reaches it."""
    from conversations import notify

    settings.CHANNEL_LAYERS = IN_MEMORY_LAYERS  # Redis reaches other processes: always sent

    event = {"type": "conversation.deleted", "conversation_id": "c0ffee"}
    loop = asyncio.get_running_loop()
    notify.publish(user.id, event)
    outbox = notify._outboxes.get(loop)
    assert outbox is None or (not outbox.items and (outbox.task is None or outbox.task.done()))
    mine, connected = await events_socket(token)
    assert connected
    notify.publish(user.id, event)
    assert await next_event(mine) == event
    await mine.disconnect()


async def test_no_open_tab_spares_the_events_queries(user, settings):
    """With the in-memory layer and no tab open, naming a conversation runs its UPDATE and no
    query to render `conversation.updated`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CHANNEL_LAYERS = IN_MEMORY_LAYERS

    conversation = await sync_to_async(services.conversation_create)(owner=user, title="")

    def name_it():
        with CaptureQueriesContext(connection) as queries:
            named = services.conversation_title_if_blank(
                conversation_id=conversation.id, title="Quiet"
            )
        return named, [q["sql"] for q in queries.captured_queries]

    named, queries = await sync_to_async(name_it)()
    assert named
    assert [q for q in queries if q.startswith(("UPDATE", "SELECT"))] == [
        q for q in queries if q.startswith("UPDATE")
    ]
    assert len([q for q in queries if q.startswith("UPDATE")]) == 1
