"""Reads of the stored conversations, always scoped to one user."""

import uuid

from django.db import router
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from conversations.models import Attachment, Conversation, Message
from core.db.compiled import Compiled, Param


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
    return _CONVERSATION.first(owner=user.pk, id=conversation_id)


def message_list(*, conversation: Conversation) -> QuerySet[Message]:
    """Return a conversation's messages, oldest first, with their attachments."""
    return (
        Message.objects.filter(conversation=conversation)
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def message_list_for_history(*, conversation: Conversation) -> list[Message]:
    """Return a conversation's messages, oldest first, as `history` reads them: one query.

    Every turn reads its whole thread, so this is the hottest read there is. Each message
    holds its id, role, text and status (its other fields are deferred: read them and Django
    queries) and its attachments where a prefetch would put them, so `message.attachments
    .all()` reads no database. The attachments are fetched in a second query only when some
    message has any.
    """
    db = router.db_for_read(Message)
    names = ("id", "role", "text", "status")
    messages, with_pictures = [], []
    for *values, has_pictures in _HISTORY.rows(conversation=conversation.id):
        message = Message.from_db(db, names, values)
        set_pictures(message, [])
        messages.append(message)
        if has_pictures:
            with_pictures.append(message)
    if with_pictures:
        pictures = {message.id: [] for message in with_pictures}
        for attachment in Attachment.objects.filter(message__in=with_pictures).order_by("id"):
            pictures[attachment.message_id].append(attachment)
        for message in with_pictures:
            set_pictures(message, pictures[message.id])
    return messages


_ATTACHMENTS = Message.attachments.field.remote_field.cache_name  # "attachments"
_SAMPLE_ID = uuid.UUID(int=0x5E5A)  # any id: the statements below are compiled with it
_HISTORY = Compiled(
    lambda conversation: (
        Message.objects.filter(conversation_id=conversation)
        .annotate(has_pictures=Exists(Attachment.objects.filter(message=OuterRef("pk"))))
        .order_by("created_at", "id")
        .values_list("id", "role", "text", "status", "has_pictures")
    ),
    conversation=Param(Message._meta.get_field("conversation"), _SAMPLE_ID),
)
_CONVERSATION = Compiled(
    lambda owner, id: Conversation.objects.filter(owner_id=owner, id=id),
    owner=Param(Conversation._meta.get_field("owner"), -0x5E5A),
    id=Param(Conversation._meta.pk, _SAMPLE_ID),
)


def message_get(*, conversation: Conversation, message_id: int) -> Message:
    """Return one message of the conversation, whole, with its attachments prefetched."""
    return message_list(conversation=conversation).get(id=message_id)


def set_pictures(message: Message, attachments: list[Attachment]) -> None:
    """Put a message's attachments where a prefetch would: `attachments.all()` reads no DB."""
    message.__dict__.setdefault("_prefetched_objects_cache", {})[_ATTACHMENTS] = attachments


def message_pictures(message: Message) -> list[Attachment]:
    """Return a message's attachments: the prefetched list itself when there is one (each
    `attachments.all()` builds a manager and a queryset around it)."""
    cached = message.__dict__.get("_prefetched_objects_cache", {}).get(_ATTACHMENTS)
    if isinstance(cached, list):  # set_pictures, mark_without_pictures
        return cached
    if isinstance(cached, QuerySet) and cached._result_cache is not None:  # prefetch_related
        return cached._result_cache
    return list(message.attachments.all())


def mark_without_pictures(messages) -> None:
    """Record that `messages` have no attachments, as a prefetch would, without a query.

    `message.attachments.all()` then returns an empty list (a `none()` queryset would be
    cloned by every serializer that reads it: ~0.2 ms a message on every turn).
    """
    for message in messages:
        set_pictures(message, [])


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
