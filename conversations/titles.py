"""Naming conversations: after their first exchange, by Gemini online or by the user's words.

The one place that titles conversations: HTTP turns call `title_first_exchange` (online) or
`title_locally`, live sessions `local_title`; all end in `services.conversation_title_if_blank`,
which never replaces a title the user chose (and bounds it by `models.TITLE_MAX_LENGTH`).
"""

from __future__ import annotations

import asyncio
import logging
import re

from asgiref.sync import sync_to_async
from django.conf import settings

from conversations import services
from conversations.gemini import NO_RETRY, release_connection
from core import gemini as gemini_client
from core import genai_wire

logger = logging.getLogger(__name__)

GENERATED_TITLE_CHARS = 60  # a generated name is a short line, well inside TITLE_MAX_LENGTH
TITLE_INSTRUCTION = (
    "You name chat conversations. Answer with a title of at most six words for the "
    "conversation below, in its language, with no quotes and no final punctuation."
)


def short_title(text: str, fallback: str = "") -> str:
    """Return a short title made from the first line of a text (Markdown marks dropped)."""
    for line in text.splitlines():
        line = " ".join(re.sub(r"[#*_`>\[\]]+", " ", line).split()).strip(" \"'“”-:")
        if line:
            break
    else:
        return fallback
    if len(line) <= GENERATED_TITLE_CHARS:
        return line
    cut = line[: GENERATED_TITLE_CHARS - 1].rsplit(" ", 1)[0] or line[: GENERATED_TITLE_CHARS - 1]
    return cut.rstrip(",.;:") + "…"


def local_title(user_text: str, picture_count: int) -> str:
    """Name a conversation after its first typed words, or its pictures."""
    pictures = "Picture" if picture_count == 1 else f"{picture_count} pictures"
    return short_title(user_text, fallback=pictures if picture_count else "New conversation")


async def gemini_title(user_text: str, reply_text: str) -> str:
    """Ask Gemini for a title of the first exchange; empty when it cannot give one.

    The request goes out as the REST API's own JSON on google-genai's transport
    (`core/genai_wire.py`), like every HTTP turn, without the SDK's pydantic layer.
    """
    prompt = f"User: {user_text[:2000]}\n\nAssistant: {reply_text[:2000]}"
    body = genai_wire.request_body(
        [{"role": "user", "parts": [genai_wire.text_part(prompt)]}],
        system_instruction=TITLE_INSTRUCTION,
    )
    words = []
    try:
        async with asyncio.timeout(30):
            chunks = genai_wire.stream_generate(
                gemini_client.get_client(),
                model=settings.GEMINI_TEXT_MODEL,
                body=body,
                http_options=NO_RETRY,
            )
            async for chunk in chunks:
                words.append(genai_wire.chunk_text(chunk))
        return short_title("".join(words))
    except Exception as exc:  # noqa: BLE001 - a title is a nicety: fall back to local words
        logger.info("no title from Gemini: %s", exc)
        return ""


async def title_first_exchange(
    conversation_id, *, user_text: str, picture_count: int, reply_text: str
) -> None:
    """Title a conversation after its first exchange, unless it has a title already.

    Offline, the emulator only quotes, so the title is the user's first words; online Gemini
    names the exchange, and the first words stay the fallback.
    """
    title = ""
    if not settings.GEMINI_OFFLINE and reply_text:
        title = await gemini_title(user_text, reply_text)
    await sync_to_async(_title_if_blank)(
        conversation_id, title or local_title(user_text, picture_count)
    )


def _title_if_blank(conversation_id, title: str) -> None:
    try:
        services.conversation_title_if_blank(conversation_id=conversation_id, title=title)
    finally:
        release_connection()  # this runs in the background, beyond any request


def title_locally(conversation_id, *, user_text: str, picture_count: int) -> None:
    """Name an untitled conversation after the user's first words (sync, no Gemini call)."""
    services.conversation_title_if_blank(
        conversation_id=conversation_id, title=local_title(user_text, picture_count)
    )
