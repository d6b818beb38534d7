"""Tell a user's open tabs what changed: one event per change, sent after the commit.

Services call these inside their transaction; the event leaves only once the write is
committed (`transaction.on_commit`), through the user's Channels group, so writes made on any
process reach every tab on every process (`/ws/events/`, see live/notify.py). A lost event is
logged, never an error for the write that caused it.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import os
import uuid
import weakref
from collections.abc import Callable, Iterable

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction
from django.db.models import Count, prefetch_related_objects

from conversations import selectors
from conversations.models import Conversation, Message
from conversations.serializers import conversation_data, message_data

logger = logging.getLogger(__name__)

SEND_TIMEOUT_S = 0.5
OUTBOX_LIMIT = 10_000  # events waiting for the channel layer, per process
EVENT_TYPE = "user.event"  # the consumer method that renders it: `user_event`


def user_group(user_id) -> str:
    """Return the name of the Channels group of a user's open tabs."""
    return f"sesame.user.{user_id}"


def messages_created(messages: Iterable[Message], *, pictures: bool = True) -> None:
    """After the commit: `message.created` for each stored message.

    `pictures=False` says the messages have none, which spares a query at every turn.
    """
    messages = list(messages)
    if messages:
        _on_commit(lambda: _send_messages(messages, pictures))


def messages_stored(owner_id: int, conversation_id: uuid.UUID, data: Iterable[dict]) -> None:
    """`message.created` for committed messages the caller has already rendered (API data).

    Call only after the commit; this publishes at once. Called on the event loop (after the
    `sync_to_async` step that stored them), it costs no thread wake-up at all.
    """
    publish(owner_id, *(_message_created(conversation_id, message) for message in data))


def conversation_created(conversation: Conversation) -> None:
    """After the commit: `conversation.created` (it has no messages yet: nothing to count)."""
    event = _conversation_event("conversation.created", conversation)
    _on_commit(lambda: publish(conversation.owner_id, event))


def conversation_updated(conversation_id: uuid.UUID) -> None:
    """After the commit: `conversation.updated` (a title, a rename)."""
    _on_commit(lambda: _send_conversation(conversation_id, "conversation.updated"))


def conversation_deleted(*, owner_id: int, conversation_id: uuid.UUID) -> None:
    """After the commit: `conversation.deleted`."""
    event = {"type": "conversation.deleted", "conversation_id": str(conversation_id)}
    _on_commit(lambda: publish(owner_id, event))


def publish(user_id: int, *events: dict) -> None:
    """Send events to the user's tabs, in order; log, never raise, when they cannot go.

    Called on an event loop, the events go into that loop's outbox. Called from a database
    thread under an event loop (Daphne), they are handed to that loop's outbox and the thread
    goes on at once (this wakes the loop: callers that can publish from the loop after their
    step do). Elsewhere (a shell, sync tests) they are sent before returning.
    """
    layer = get_channel_layer()
    if layer is None or not events:
        return
    group = user_group(user_id)
    if _nobody_listens(layer, group):
        return
    if _on_running_loop():
        _post(layer, group, events)
        return
    loop = _serving_loop()
    if loop is not None:
        loop.call_soon_threadsafe(_post, layer, group, events)
        return
    try:
        async_to_sync(_group_send)(layer, group, events)
    except Exception as exc:  # noqa: BLE001 - the write stands; only the notice is lost
        logger.warning("events %s for user %s not sent: %r", events[0]["type"], user_id, exc)


def _nobody_listens(layer, group: str | None = None) -> bool:
    """Whether a process-local layer has no member in `group` (in any group when None): no tab
    of this process, the only ones it reaches, would hear the events, so nothing is rendered,
    queued or sent (a turn's every message spared a task and a send)."""
    if not isinstance(layer, InMemoryChannelLayer):
        return False
    return not (layer.groups if group is None else layer.groups.get(group))


async def _group_send(layer, group: str, events: tuple[dict, ...]) -> None:
    async with asyncio.timeout(SEND_TIMEOUT_S):
        for event in events:
            await layer.group_send(group, {"type": EVENT_TYPE, "event": event})


def _on_running_loop() -> bool:
    """Return whether this thread is running an event loop (the caller is async code)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _serving_loop() -> asyncio.AbstractEventLoop | None:
    """Return the event loop this thread works for (inside `sync_to_async`), if running."""
    local = SyncToAsync.threadlocal
    if getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(local, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


class _Outbox:
    """One loop's queue of events to send, drained in order by a task that lives while busy."""

    def __init__(self):
        self.items: collections.deque = collections.deque(maxlen=OUTBOX_LIMIT)
        self.task: asyncio.Task | None = None

    def post(self, layer, group: str, events: tuple[dict, ...]) -> None:
        if len(self.items) == self.items.maxlen:
            logger.warning("event outbox full: the oldest events are dropped")
        self.items.append((layer, group, events))
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._drain(), name="events-outbox")

    async def _drain(self) -> None:
        while self.items:
            layer, group, events = self.items.popleft()
            try:
                await _group_send(layer, group, events)
            except Exception as exc:  # noqa: BLE001 - the write stands; only the notice is lost
                logger.warning("events %s to %s not sent: %r", events[0]["type"], group, exc)


_outboxes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _post(layer, group: str, events: tuple[dict, ...]) -> None:
    loop = asyncio.get_running_loop()
    outbox = _outboxes.get(loop)
    if outbox is None:
        outbox = _outboxes[loop] = _Outbox()
    outbox.post(layer, group, events)


def _on_commit(callback: Callable[[], None]) -> None:
    transaction.on_commit(callback, robust=True)


def _send_messages(messages: list[Message], pictures: bool) -> None:
    if _nobody_listens(get_channel_layer()):
        return
    owner_id = messages[0].conversation.owner_id  # loaded with the messages, no query
    unknown = [
        m for m in messages if "attachments" not in getattr(m, "_prefetched_objects_cache", {})
    ]
    if pictures:
        prefetch_related_objects(unknown, "attachments")
    else:  # this runs at every turn: no query, no queryset
        selectors.mark_without_pictures(unknown)
    events = [_message_created(m.conversation_id, message_data(m)) for m in messages]
    publish(owner_id, *events)  # one hop to the event loop for the whole turn


def _message_created(conversation_id, data: dict) -> dict:
    return {"type": "message.created", "conversation_id": str(conversation_id), "message": data}


def _send_conversation(conversation_id: uuid.UUID, kind: str) -> None:
    if _nobody_listens(get_channel_layer()):
        return  # spare the query
    conversation = (
        Conversation.objects.filter(id=conversation_id)
        .annotate(message_count=Count("messages"))
        .first()
    )
    if conversation is not None:
        publish(conversation.owner_id, _conversation_event(kind, conversation))


def _conversation_event(kind: str, conversation: Conversation) -> dict:
    return {"type": kind, "conversation": conversation_data(conversation)}
