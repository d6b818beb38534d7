"""Reads of the stored conversations, always scoped to one user."""

import uuid

from django.db.models import Count, Prefetch, Q, QuerySet

from conversations.models import Attachment, Conversation, Message


def conversation_list(*, user, search: str = "") -> QuerySet[Conversation]:
    """Return the user's conversations, newest first, optionally matching `search`."""
    queryset = Conversation.objects.filter(owner=user)
    search = search.strip()
    if search:
        matching = Message.objects.filter(text__icontains=search).values("conversation_id")
        queryset = queryset.filter(Q(title__icontains=search) | Q(id__in=matching))
    return queryset.annotate(message_count=Count("messages")).order_by("-updated_at", "-id")


def conversation_get(*, user, conversation_id) -> Conversation | None:
    """Return the user's conversation with that id, or None (also for someone else's)."""
    try:
        conversation_id = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    return (
        conversation_list(user=user).filter(id=conversation_id).first()
        if user.is_authenticated
        else None
    )


def conversation_get_plain(*, user, conversation_id) -> Conversation | None:
    """Return the user's conversation with that id, without counting its messages."""
    try:
        conversation_id = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    if not user.is_authenticated:
        return None
    return Conversation.objects.filter(owner=user, id=conversation_id).first()


def message_list(*, conversation: Conversation) -> QuerySet[Message]:
    """Return a conversation's messages, oldest first, with their attachments."""
    return (
        Message.objects.filter(conversation=conversation)
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def message_list_with_pictures(*, conversation: Conversation) -> list[Message]:
    """Return `message_list()`'s messages and attachments, in two plain queries.

    The same result as the prefetching queryset, without the per-message queryset Django's
    prefetch builds (a few ms on every turn of a long thread): each message's attachments are
    put where a prefetch would put them, so `message.attachments.all()` reads no database.
    """
    messages = list(Message.objects.filter(conversation=conversation).order_by("created_at", "id"))
    pictures: dict[int, list[Attachment]] = {message.id: [] for message in messages}
    for attachment in Attachment.objects.filter(message__conversation=conversation).order_by("id"):
        pictures.setdefault(attachment.message_id, []).append(attachment)
    cache_name = Message.attachments.field.remote_field.cache_name  # "attachments"
    for message in messages:
        message._prefetched_objects_cache = {cache_name: pictures[message.id]}
    return messages


def mark_without_pictures(messages) -> None:
    """Record that `messages` have no attachments, as a prefetch would, without a query.

    `message.attachments.all()` then returns an empty list (a `none()` queryset would be
    cloned by every serializer that reads it: ~0.2 ms a message on every turn).
    """
    cache_name = Message.attachments.field.remote_field.cache_name
    for message in messages:
        message.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = []


def attachment_get(*, user, attachment_id) -> Attachment | None:
    """Return an attachment if it belongs to one of the user's conversations."""
    try:
        attachment_id = uuid.UUID(str(attachment_id))
    except ValueError:
        return None
    return (
        Attachment.objects.select_related("message__conversation")
        .filter(id=attachment_id, message__conversation__owner=user)
        .first()
    )


def message_list_recent(*, conversation: Conversation, limit: int) -> list[Message]:
    """Return a conversation's newest `limit` messages, oldest first, with their attachments."""
    newest = message_list(conversation=conversation).order_by("-created_at", "-id")[:limit]
    return list(reversed(newest))


def attachment_get_for_staff(*, attachment_id) -> Attachment | None:
    """Return any attachment by id, for staff holding the view permission (checked by caller)."""
    try:
        attachment_id = uuid.UUID(str(attachment_id))
    except ValueError:
        return None
    return Attachment.objects.filter(id=attachment_id).first()
