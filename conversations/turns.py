"""One HTTP turn: prepare (store the user's message, read what Gemini remembers), stream
Gemini's reply, store it (whole, partial or failed) and title a new conversation.

Shared by the API view and any other caller. `conversation_for` and `turn_prepare` are sync
(they use the ORM and read picture files): call them from async code in one `sync_to_async`
step, then `turn_announce` on the event loop. The reply then streams on `client.aio` with no
thread, no transaction and no database connection held; `turn_finish` stores it in one more
step. The user's other tabs hear of each stored message from the event loop, after the step
that stored it: publishing from the database thread would wake the loop once more a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings

from conversations import history, images, notify, selectors, services, titles
from conversations.gemini import Reply, UpstreamError, release_connection, spawn
from conversations.models import Conversation, Message
from conversations.serializers import message_data
from core import metrics
from core.errors import SesameError


@dataclass
class Turn:
    """A turn whose user message is stored: the reply to stream, and what storing needs."""

    conversation: Conversation
    user_message: Message  # its attachments prefetched
    user_data: dict  # the user message as the API shows it, rendered once
    reply: Reply
    needs_title: bool
    new_user_message: bool  # stored by this turn (a retry answers an earlier one)

    @property
    def picture_count(self) -> int:
        return len(self.user_message.attachments.all())


def conversation_for(*, user, conversation_id) -> Conversation:
    """Return the user's conversation, or refuse with 404 (also for someone else's)."""
    conversation = selectors.conversation_get_plain(user=user, conversation_id=conversation_id)
    if conversation is None:
        raise SesameError("Conversation not found.", code="not_found", status=404)
    return conversation


def turn_prepare(
    *, conversation: Conversation, text: str, pictures: Sequence[bytes], retry: bool
) -> Turn:
    """Store the user's message (a retry answers the one a failed reply left), read the history.

    Pictures are checked and re-encoded before anything is stored. A new message is rendered
    once, for the answer and for the user's other tabs (`turn_announce`). Ends by releasing
    the thread's database connection: the caller's next step waits on Gemini.
    """
    try:
        created = None
        if not retry:
            created = services.message_create(
                conversation=conversation,
                role=Message.Role.USER,
                text=text,
                images=images.prepare_images(pictures),
                announce=False,
            )
        messages = selectors.message_list_for_history(conversation=conversation)
        if created is None:
            message = selectors.message_get(
                conversation=conversation, message_id=message_to_retry(messages).id
            )
        else:
            message = created
        return Turn(
            conversation=conversation,
            user_message=message,
            user_data=message_data(message),
            reply=Reply(history.contents(messages)),
            needs_title=not conversation.title,
            new_user_message=created is not None,
        )
    finally:
        release_connection()


def turn_announce(turn: Turn) -> None:
    """On the event loop, after `turn_prepare`: `message.created` for a new user message."""
    if turn.new_user_message:
        _announce(turn, turn.user_data)


def _announce(turn: Turn, data: dict) -> None:
    """`message.created` for one of the turn's committed messages, from the event loop."""
    notify.messages_stored(turn.conversation.owner_id, turn.conversation.id, [data])


def message_to_retry(messages: Sequence[Message]) -> Message:
    """Return the user message left without a reply by a failed turn."""
    for message in reversed(messages):
        if message.role == Message.Role.USER:
            return message
        if message.status != Message.Status.FAILED:
            break
    raise SesameError("There is no failed turn to retry.", code="nothing_to_retry")


def turn_store(turn: Turn, status: str, error: UpstreamError | None = None) -> dict:
    """Store the reply and return it rendered (the answer's and `message.created`'s data);
    name a new conversation now when Gemini will not (offline, failed). Sync: `turn_finish`
    runs it and announces the reply."""
    try:
        message = services.message_create(
            conversation=turn.conversation,
            role=Message.Role.MODEL,
            text=turn.reply.text,
            status=status,
            metadata=turn.reply.metadata(error),
            announce=False,
        )
        data = message_data(message)
        if turn.needs_title and (settings.GEMINI_OFFLINE or status != Message.Status.COMPLETE):
            titles.title_locally(
                turn.conversation.id,
                user_text=turn.user_message.text,
                picture_count=turn.picture_count,
            )
        return data
    finally:
        release_connection()


async def turn_finish(turn: Turn, status: str, error: UpstreamError | None = None) -> dict:
    """Store the reply and return it as the API shows it; a new conversation with a complete
    reply is named by Gemini, later."""
    data = await sync_to_async(turn_store)(turn, status, error)
    _announce(turn, data)
    metrics.HTTP_TURNS.labels(status=status).inc()
    if error is not None:
        metrics.GEMINI_ERRORS.labels(kind=error.code, path="http").inc()
    if turn.needs_title and status == Message.Status.COMPLETE and not settings.GEMINI_OFFLINE:
        spawn(
            titles.title_first_exchange(
                turn.conversation.id,
                user_text=turn.user_message.text,
                picture_count=turn.picture_count,
                reply_text=turn.reply.text,
            ),
            name=f"title-{turn.conversation.id}",
        )
    return data
