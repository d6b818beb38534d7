"""Reads of the stored conversations, always scoped to one user."""

import uuid

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

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


def message_list_for_history(*, conversation: Conversation) -> list[Message]:
    """Return a conversation's messages, oldest first, as `history` reads them: one query.

    Every turn reads its whole thread, so this is the hottest read there is. Each message
    holds its id, role, text and status (its other fields are deferred: read them and Django
    queries) and its attachments where a prefetch would put them, so `message.attachments
    .all()` reads no database. The attachments are fetched in a second query only when some
    message has any. The SQL is the ORM's own queryset, compiled once per database rather
    than on every turn (about 1 ms of a turn's CPU).
    """
    compiled = _HISTORY_SQL.get(connection.vendor)
    if compiled is None:
        compiled = _HISTORY_SQL[connection.vendor] = _history_sql(connection)
    sql, params, index = compiled
    params = list(params)
    params[index] = _CONVERSATION.get_db_prep_value(conversation.id, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    db, names = connection.alias, ("id", "role", "text", "status")
    messages, with_pictures = [], []
    for *values, has_pictures in rows:
        message = Message.from_db(db, names, values)
        message._prefetched_objects_cache = {_ATTACHMENTS: []}
        messages.append(message)
        if has_pictures:
            with_pictures.append(message)
    if with_pictures:
        by_id = {message.id: message for message in with_pictures}
        for attachment in Attachment.objects.filter(message__in=with_pictures).order_by("id"):
            by_id[attachment.message_id]._prefetched_objects_cache[_ATTACHMENTS].append(attachment)
    return messages


_ATTACHMENTS = Message.attachments.field.remote_field.cache_name  # "attachments"
_CONVERSATION = Message._meta.get_field("conversation")
_HISTORY_SQL: dict[str, tuple[str, tuple, int]] = {}


def _history_sql(conn) -> tuple[str, tuple, int]:
    """Compile `message_list_for_history`'s query: its SQL, parameters, the conversation's."""
    pictures = Attachment.objects.filter(message=OuterRef("pk"))
    queryset = (
        Message.objects.filter(conversation_id=_PLACEHOLDER)
        .annotate(has_pictures=Exists(pictures))
        .order_by("created_at", "id")
        .values_list("id", "role", "text", "status", "has_pictures")
    )
    sql, params = queryset.query.get_compiler(connection=conn).as_sql()
    placeholder = _CONVERSATION.get_db_prep_value(_PLACEHOLDER, conn)
    return sql, tuple(params), list(params).index(placeholder)


_PLACEHOLDER = uuid.UUID(int=0)


def message_get(*, conversation: Conversation, message_id: int) -> Message:
    """Return one message of the conversation, whole, with its attachments prefetched."""
    return message_list(conversation=conversation).get(id=message_id)


def mark_without_pictures(messages) -> None:
    """Record that `messages` have no attachments, as a prefetch would, without a query.

    `message.attachments.all()` then returns an empty list (a `none()` queryset would be
    cloned by every serializer that reads it: ~0.2 ms a message on every turn).
    """
    for message in messages:
        message.__dict__.setdefault("_prefetched_objects_cache", {})[_ATTACHMENTS] = []


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
