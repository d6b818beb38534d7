"""What Gemini remembers of a conversation: one rule for HTTP turns and live sessions alike.

Failed replies are left out (a retry replaces them) and so are empty messages. Pictures are
sent newest first within one byte budget (Gemini refuses requests over 20 MB): the newest
message's pictures always go, and each older picture beyond the budget is replaced by a note
saying it was there. The rule runs on the request's (or the session's storage) thread: it reads
picture files.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from conversations import selectors
from conversations.models import Attachment, Message
from core import genai_wire

logger = logging.getLogger(__name__)

PICTURES_BUDGET_BYTES = 12 * 1024 * 1024


@dataclass(frozen=True)
class Remembered:
    """One remembered message: its role, its text (notes included), its pictures' bytes."""

    role: str  # "user" or "model"
    text: str
    images: tuple[tuple[bytes, str], ...] = ()


def _remembered(message: Message, pictures: list[Attachment]) -> bool:
    if message.role == Message.Role.MODEL and message.status == Message.Status.FAILED:
        return False
    return bool(message.text.strip()) or bool(pictures)


def _sent_pictures(kept: Sequence[tuple[Message, list[Attachment]]]) -> set:
    """Return the ids of the pictures to send, newest first, within the budget."""
    chosen, spent = set(), 0
    for index, (_, pictures) in enumerate(reversed(kept)):
        for attachment in pictures:
            if index == 0 or spent + attachment.size_bytes <= PICTURES_BUDGET_BYTES:
                chosen.add(attachment.id)
                spent += attachment.size_bytes
    return chosen


def _read(attachment: Attachment) -> bytes | None:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.warning("attachment %s has no file; described instead", attachment.id)
        return None


def _note(attachment: Attachment) -> str:
    return f"[An earlier {attachment.width}×{attachment.height} picture, no longer attached.]"


def remembered(messages: Sequence[Message]) -> list[Remembered]:
    """Return what Gemini remembers of `messages` (oldest first, attachments prefetched)."""
    attached = [(message, selectors.message_pictures(message)) for message in messages]
    kept = [(message, pictures) for message, pictures in attached if _remembered(message, pictures)]
    sent = _sent_pictures(kept)
    result = []
    for message, pictures in kept:
        texts = [message.text] if message.text.strip() else []
        images = []
        for attachment in pictures:
            data = _read(attachment) if attachment.id in sent else None
            if data is None:
                texts.append(_note(attachment))
            else:
                images.append((data, attachment.mime_type))
        role = "model" if message.role == Message.Role.MODEL else "user"
        result.append(Remembered(role, "\n".join(texts), tuple(images)))
    return result


def contents(messages: Sequence[Message]) -> list[dict]:
    """Return what Gemini remembers as REST wire contents; consecutive turns of one role merge.

    (A voice transcript then a typed message, or a user turn whose reply failed: Gemini
    prefers the roles to alternate.) The JSON of the REST API itself (`core.genai_wire`):
    google-genai's pydantic layer would cost ~0.5 ms per message on every turn.
    """
    result: list[dict] = []
    for turn in remembered(messages):
        parts = [genai_wire.text_part(turn.text)] if turn.text else []
        parts += [genai_wire.blob_part(data, mime) for data, mime in turn.images]
        if result and result[-1]["role"] == turn.role:
            result[-1]["parts"].extend(parts)
        else:
            result.append({"role": turn.role, "parts": parts})
    return result
