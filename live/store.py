"""A live session's storage: turns, the resumption handle and the history, off the audio path.

One owned task runs the database jobs of a session in order, through `database_sync_to_async`,
so the receive loops never wait on the database and a history read sees every turn queued
before it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from channels.db import database_sync_to_async
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone

from conversations import history, notify, selectors, services
from conversations.models import Conversation, Message
from conversations.serializers import message_data
from conversations.titles import local_title
from live.events import HistoryTurn, TurnComplete

logger = logging.getLogger(__name__)

RESUMPTION_TTL = timedelta(hours=2)  # Gemini keeps a handle this long after a session ends
CLOSE_TIMEOUT_S = 3.0

OnStored = Callable[[TurnComplete, list[dict]], Awaitable[None]]


def resumption_handle(conversation: Conversation) -> str | None:
    """Return the conversation's resumption handle if Gemini may still know it."""
    issued = conversation.live_resumption_issued_at
    if not conversation.live_resumption_handle or issued is None:
        return None
    if timezone.now() - issued > RESUMPTION_TTL:
        return None
    return conversation.live_resumption_handle


class SessionStore:
    """Run one session's database jobs in order on one task.

    Resumption handles are coalesced: only the newest is written, with the next turn when one
    is queued (one thread hop for both), else on its own.
    """

    def __init__(self, conversation: Conversation, *, cid: str, source: str = "voice"):
        self.conversation = conversation
        self.cid = cid
        self.source = source
        self._jobs: asyncio.Queue = asyncio.Queue()
        self._title = not conversation.title  # name an untitled thread after its first words
        self._handle: str | None = None  # the newest handle not written yet
        self._task = asyncio.create_task(self._run(), name=f"live-{cid}-store")

    def store_turn(self, turn: TurnComplete, on_stored: OnStored | None = None) -> None:
        """Queue a finished turn; `on_stored` gets it and the stored messages as API dicts
        (none if the write failed), so it is called exactly once either way."""
        title = self._title and bool(turn.inputs)
        self._title = self._title and not title
        args = lambda: (self.conversation, turn, self._take_handle(), title, self.source)  # noqa: E731
        then = None if on_stored is None else functools.partial(on_stored, turn)
        self._jobs.put_nowait((store_turn, args, then))

    def save_handle(self, handle: str) -> None:
        """Keep the newest resumption handle ("" forgets it); it is written soon, in order."""
        queued = self._handle is not None
        self._handle = handle
        if not queued:
            args = lambda: (self.conversation.id, self._take_handle())  # noqa: E731
            self._jobs.put_nowait((save_handle, args, None))

    def _take_handle(self) -> str | None:
        handle, self._handle = self._handle, None
        return handle

    async def history(self) -> list[HistoryTurn]:
        """Return the stored conversation, including every turn queued before this call."""
        future = asyncio.get_running_loop().create_future()

        async def resolve(turns):
            if not future.done():
                future.set_result(turns)

        self._jobs.put_nowait((load_history, lambda: (self.conversation,), resolve))
        return await future

    async def close(self) -> None:
        """Finish the queued jobs (bounded), then end the task."""
        self._jobs.put_nowait(None)
        done, _ = await asyncio.wait([self._task], timeout=CLOSE_TIMEOUT_S)
        if not done:
            logger.warning("[live %s] storage did not finish in time", self.cid)
            self._task.cancel()
            await asyncio.wait([self._task])

    async def _run(self) -> None:
        while (job := await self._jobs.get()) is not None:
            function, args, then = job
            try:
                result = await database_sync_to_async(function)(*args())
            except Exception:  # noqa: BLE001 - one failed write must not end the session
                logger.exception("[live %s] %s failed", self.cid, function.__name__)
                result = []
            if then is not None:
                try:
                    await then(result)
                except Exception:  # noqa: BLE001 - a gone client must not stop the storage
                    logger.exception("[live %s] after %s", self.cid, function.__name__)


def store_turn(
    conversation: Conversation,
    turn: TurnComplete,
    handle: str | None = None,
    title: bool = False,
    source: str = Message.Source.VOICE,
) -> list[dict]:
    """Store a turn's messages (and the newest handle, a first title); return the messages.

    Spoken turns and the model's words are stored with `source` (voice or webrtc).
    """
    inputs = []
    for item in turn.inputs:
        if item.kind == "image" and isinstance(item.tag, services.NewImage):
            inputs.append(
                services.LiveUserInput(item.text.strip(), Message.Source.TEXT, (item.tag,))
            )
        elif item.kind in ("voice", "text"):
            kind = source if item.kind == "voice" else Message.Source.TEXT
            inputs.append(services.LiveUserInput(item.text.strip(), kind))
    messages = services.live_turn_store(
        conversation=conversation,
        user_inputs=inputs,
        model_text=turn.model_text,
        source=source,
        interrupted=turn.interrupted,
        resumption_handle=handle,
        announce=False,  # announced below, from the data rendered here once
    )
    if title:
        title_conversation(conversation.id, turn)
    if any(item.images for item in inputs):
        prefetch_related_objects(messages, "attachments")
    else:  # every turn: no query, no queryset
        selectors.mark_without_pictures(messages)
    data = [message_data(message) for message in messages]
    notify.messages_stored(conversation.owner_id, conversation.id, data)  # committed
    return data


def title_conversation(conversation_id, turn: TurnComplete) -> None:
    """Name an untitled conversation after the first words (or pictures) of a live turn."""
    words = next((i.text for i in turn.inputs if i.text.strip()), "")
    pictures = sum(1 for i in turn.inputs if i.kind == "image")
    title = local_title(words, pictures) if words or pictures else "Voice call"
    services.conversation_title_if_blank(conversation_id=conversation_id, title=title)


def save_handle(conversation_id, handle: str | None) -> None:
    """Keep the newest resumption handle on the conversation (None: nothing new to write)."""
    if handle is not None:
        services.conversation_save_resumption(conversation_id=conversation_id, handle=handle)


def load_history(conversation: Conversation) -> list[HistoryTurn]:
    """Return the newest stored messages as history turns: what Gemini remembers of them."""
    messages = selectors.message_list_recent(
        conversation=conversation, limit=settings.SESAME_LIVE_HISTORY_MESSAGES
    )
    return [HistoryTurn(t.role, t.text, t.images) for t in history.remembered(messages)]
