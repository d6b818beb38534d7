"""Tell a user's open tabs what changed: one event per change, sent after the commit.

Services call these inside their transaction; the event leaves only once the write is
committed (`transaction.on_commit`), through the user's Channels group, so writes made on any
process reach every tab on every process (`/ws/events/`, see live/notify.py). A lost event is
logged, never an error for the write that caused it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Count, prefetch_related_objects
from rest_framework.utils.encoders import JSONEncoder

from conversations.models import Conversation, Message
from conversations.serializers import ConversationSerializer, MessageSerializer

logger = logging.getLogger(__name__)

SEND_TIMEOUT_S = 0.5
EVENT_TYPE = "user.event"  # the consumer method that renders it: `user_event`


def user_group(user_id) -> str:
    """Return the name of the Channels group of a user's open tabs."""
    return f"sesame.user.{user_id}"


def messages_created(messages: Iterable[Message]) -> None:
    """After the commit: `message.created` for each stored message."""
    messages = list(messages)
    if messages:
        _on_commit(lambda: _send_messages(messages))


def conversation_created(conversation: Conversation) -> None:
    """After the commit: `conversation.created`."""
    _on_commit(lambda: _send_conversation(conversation.id, "conversation.created"))


def conversation_updated(conversation_id: uuid.UUID) -> None:
    """After the commit: `conversation.updated` (a title, a rename)."""
    _on_commit(lambda: _send_conversation(conversation_id, "conversation.updated"))


def conversation_deleted(*, owner_id: int, conversation_id: uuid.UUID) -> None:
    """After the commit: `conversation.deleted`."""
    event = {"type": "conversation.deleted", "conversation_id": str(conversation_id)}
    _on_commit(lambda: publish(owner_id, event))


def publish(user_id: int, event: dict) -> None:
    """Send an event to the user's tabs now (from sync code); log, never raise, on failure."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(_group_send)(layer, user_group(user_id), event)
    except Exception as exc:  # noqa: BLE001 - the write stands; only the notice is lost
        logger.warning("event %s for user %s not sent: %r", event.get("type"), user_id, exc)


async def _group_send(layer, group: str, event: dict) -> None:
    async with asyncio.timeout(SEND_TIMEOUT_S):
        await layer.group_send(group, {"type": EVENT_TYPE, "event": event})


def _on_commit(callback: Callable[[], None]) -> None:
    transaction.on_commit(callback, robust=True)


def _send_messages(messages: list[Message]) -> None:
    owner_id = messages[0].conversation.owner_id  # loaded with the messages, no query
    prefetch_related_objects(
        [m for m in messages if "attachments" not in getattr(m, "_prefetched_objects_cache", {})],
        "attachments",
    )
    for message in messages:
        event = {
            "type": "message.created",
            "conversation_id": str(message.conversation_id),
            "message": MessageSerializer(message).data,
        }
        publish(owner_id, _plain(event))


def _send_conversation(conversation_id: uuid.UUID, kind: str) -> None:
    conversation = (
        Conversation.objects.filter(id=conversation_id)
        .annotate(message_count=Count("messages"))
        .first()
    )
    if conversation is not None:
        event = {"type": kind, "conversation": ConversationSerializer(conversation).data}
        publish(conversation.owner_id, _plain(event))


def _plain(event: dict) -> dict:
    """Return the event with only msgpack-friendly values (ids and dates as strings)."""
    return json.loads(json.dumps(event, cls=JSONEncoder))
