"""Helpers for Live tests: bounded receives over the real SDK session."""

from __future__ import annotations

import asyncio

from google.genai import types

from .media import pcm_chunks

LIVE_MODEL = "gemini-live-2.5-flash-preview"
PCM_IN = "audio/pcm;rate=16000"
TIMEOUT_S = 10


async def receive_turn(session) -> list[types.LiveServerMessage]:
    """Return every message up to and including turnComplete, within the timeout."""
    async with asyncio.timeout(TIMEOUT_S):
        return [message async for message in session.receive()]


async def next_message(session) -> types.LiveServerMessage:
    """Return the next server message, within the timeout."""
    async with asyncio.timeout(TIMEOUT_S):
        async for message in session.receive():
            return message
    raise AssertionError("no message")


async def send_audio(session, pcm: bytes) -> None:
    """Stream PCM16 16 kHz audio in 20 ms realtime-input chunks."""
    for chunk in pcm_chunks(pcm):
        await session.send_realtime_input(audio=types.Blob(data=chunk, mime_type=PCM_IN))


def text_of(messages) -> str:
    """Join the model-turn text of messages."""
    return "".join(m.text or "" for m in messages if m.server_content)


def output_transcript(messages) -> str:
    """Join the output transcription pieces of messages."""
    return "".join(
        m.server_content.output_transcription.text
        for m in messages
        if m.server_content and m.server_content.output_transcription
    )


def input_transcript(messages) -> str:
    """Join the input transcription pieces of messages."""
    return "".join(
        m.server_content.input_transcription.text
        for m in messages
        if m.server_content and m.server_content.input_transcription
    )


def audio_parts(messages) -> list[types.Blob]:
    """Return the inline audio blobs of the model turns in messages."""
    return [
        part.inline_data
        for m in messages
        if m.server_content and m.server_content.model_turn
        for part in m.server_content.model_turn.parts or []
        if part.inline_data
    ]


async def resumption_handle(session) -> str:
    """Return the handle of the sessionResumptionUpdate that follows a turn."""
    message = await next_message(session)
    assert message.session_resumption_update is not None, message
    assert message.session_resumption_update.resumable is True
    return message.session_resumption_update.new_handle
