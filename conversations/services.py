"""Writes to the stored conversations: the only code that changes them."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from conversations import notify, selectors
from conversations.models import TITLE_MAX_LENGTH, Attachment, Conversation, Message
from core.db.compiled import Compiled, CompiledInsert, Param

# Every message is inserted, and marks its conversation as recently used: both statements
# compiled once, not at every message.
_INSERT_MESSAGE = CompiledInsert(Message)
_TOUCH = Compiled(
    lambda id: Conversation.objects.filter(id=id),
    id=Param(Conversation._meta.pk, uuid.UUID(int=0x5E5A)),
    updated_at=Param(
        Conversation._meta.get_field("updated_at"), datetime(2000, 1, 1, tzinfo=UTC), save=True
    ),
)


@dataclass(frozen=True)
class NewImage:
    """A validated, re-encoded picture ready to be stored."""

    data: bytes
    mime_type: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
            self.mime_type, "bin"
        )


@transaction.atomic
def conversation_create(*, owner, title: str = "") -> Conversation:
    """Create an empty conversation for `owner`."""
    conversation = Conversation(owner=owner, title=title.strip()[:TITLE_MAX_LENGTH])
    conversation.full_clean(validate_unique=False)  # a new uuid4: no query to prove it unique
    conversation.save()
    notify.conversation_created(conversation)
    return conversation


@transaction.atomic
def conversation_rename(*, conversation: Conversation, title: str) -> Conversation:
    """Give a conversation a new title."""
    conversation.title = title.strip()[:TITLE_MAX_LENGTH]
    conversation.updated_at = timezone.now()
    conversation.full_clean()
    conversation.save(update_fields=["title", "updated_at"])
    notify.conversation_updated(conversation.id)
    return conversation


@transaction.atomic
def conversation_title_if_blank(*, conversation_id: uuid.UUID, title: str) -> bool:
    """Set a generated title unless the user (or an earlier turn) already named it."""
    title = " ".join(title.split())[:TITLE_MAX_LENGTH]
    if not title:
        return False
    named = bool(Conversation.objects.filter(id=conversation_id, title="").update(title=title))
    if named:
        notify.conversation_updated(conversation_id)
    return named


@transaction.atomic
def conversation_delete(*, conversation: Conversation) -> None:
    """Delete a conversation, its messages and (after the commit) its files."""
    owner_id, conversation_id = conversation.owner_id, conversation.id
    conversation.delete()
    notify.conversation_deleted(owner_id=owner_id, conversation_id=conversation_id)


@transaction.atomic
def conversation_save_resumption(*, conversation_id: uuid.UUID, handle: str) -> None:
    """Keep the newest Gemini Live resumption handle, so a reload can resume the session."""
    Conversation.objects.filter(id=conversation_id).update(
        live_resumption_handle=handle,
        live_resumption_issued_at=timezone.now() if handle else None,
    )


@transaction.atomic
def message_create(
    *,
    conversation: Conversation,
    role: str,
    text: str = "",
    source: str = Message.Source.TEXT,
    status: str = Message.Status.COMPLETE,
    metadata: dict | None = None,
    images: Iterable[NewImage] = (),
    announce: bool = True,
) -> Message:
    """Store one message with its pictures, and mark the conversation as recently used.

    `announce=False`: the caller sends `message.created` itself once committed.
    """
    message = Message(
        conversation=conversation,
        role=role,
        text=text,
        source=source,
        status=status,
        metadata=metadata or {},
    )
    _clean_new_message(message)
    _INSERT_MESSAGE.save(message)
    attachments = []
    for image in images:
        attachment = Attachment(
            message=message,
            mime_type=image.mime_type,
            width=image.width,
            height=image.height,
            size_bytes=len(image.data),
        )
        attachment.file.save(f"image.{image.extension}", ContentFile(image.data), save=False)
        attachment.full_clean(validate_unique=False)  # a new uuid4, as above
        attachment.save()
        attachments.append(attachment)
    selectors.set_pictures(message, attachments)  # reading them back needs no query
    _TOUCH.update({"updated_at": "updated_at"}, id=conversation.id, updated_at=message.created_at)
    if announce:
        notify.messages_created([message])
    return message


def _clean_new_message(message: Message) -> None:
    """Validate a new message's fields. The caller holds the conversation, and a new message
    has no unique field or constraint to check but its auto key (walking them at every turn
    would prove nothing; `tests/test_services.py` keeps the model so)."""
    message.full_clean(exclude=["conversation"], validate_unique=False, validate_constraints=False)


@transaction.atomic
def message_finish(
    *, message: Message, text: str, status: str, metadata: dict | None = None
) -> Message:
    """Record the final text, status and metadata of a message that was being produced."""
    message.text = text
    message.status = status
    if metadata:
        message.metadata = {**message.metadata, **metadata}
    message.full_clean()
    message.save(update_fields=["text", "status", "metadata"])
    return message


@dataclass(frozen=True)
class LiveUserInput:
    """What the user contributed to a live turn: speech (transcribed), typed text or pictures."""

    text: str
    source: str = Message.Source.VOICE
    images: tuple[NewImage, ...] = ()


@transaction.atomic
def live_turn_store(
    *,
    conversation: Conversation,
    user_inputs: Iterable[LiveUserInput],
    model_text: str,
    source: str = Message.Source.VOICE,
    interrupted: bool = False,
    resumption_handle: str | None = None,
    announce: bool = True,
) -> list[Message]:
    """Store one turn of a live session: the user's inputs in order, then the model's words.

    Also keeps the session's newest resumption handle when given. One transaction and, for
    turns without pictures, one INSERT: this runs at every turn of every call. With
    `announce=False` the caller sends `message.created` itself once committed
    (`notify.messages_stored`), from the API data it renders anyway.
    """
    inputs = [item for item in user_inputs if item.text.strip() or item.images]
    if any(item.images for item in inputs):
        messages = [
            message_create(
                conversation=conversation,
                role=Message.Role.USER,
                text=item.text,
                source=item.source,
                metadata={"live": True},
                images=item.images,
                announce=announce,
            )
            for item in inputs
        ]
    else:
        messages = [
            Message(
                conversation=conversation,
                role=Message.Role.USER,
                text=item.text,
                source=item.source,
                metadata={"live": True},
            )
            for item in inputs
        ]
    if model_text.strip():
        status = Message.Status.INTERRUPTED if interrupted else Message.Status.COMPLETE
        messages.append(
            Message(
                conversation=conversation,
                role=Message.Role.MODEL,
                text=model_text.strip(),
                source=source,
                status=status,
                metadata={"live": True},
            )
        )
    new = [message for message in messages if message.pk is None]
    for message in new:
        _clean_new_message(message)
    Message.objects.bulk_create(new)
    if announce:
        notify.messages_created(new, pictures=False)  # message_create announced the others
    changes = {"updated_at": messages[-1].created_at} if messages else {}
    if resumption_handle is not None:
        changes["live_resumption_handle"] = resumption_handle
        changes["live_resumption_issued_at"] = timezone.now() if resumption_handle else None
    if changes:
        Conversation.objects.filter(id=conversation.id).update(**changes)
    return messages
