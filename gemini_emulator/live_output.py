"""The output side of a Live reply: streamed text, or paced audio with its transcript."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from . import audio, model
from .state import EmulatorState

logger = logging.getLogger(__name__)

TEXT_PIECE_S = 0.05  # one streamed text piece every 50 ms at pace 1.0
WORDS_PER_TEXT_PIECE = 4

Send = Callable[[dict[str, Any]], Awaitable[None]]


class Speaker:
    """Stream one reply at a time and remember how much of it went out (for interruptions)."""

    def __init__(self, send: Send, state: EmulatorState) -> None:
        self._send = send
        self._state = state
        self._pieces: list[str] = []

    @property
    def spoken(self) -> str:
        """Return the part of the current reply sent so far."""
        return "".join(self._pieces)

    def reset(self) -> None:
        """Start a new reply."""
        self._pieces = []

    async def write(self, text: str) -> None:
        """Stream text as modelTurn text parts, a few words at a time."""
        pieces = model.split_text(text, len(text.split()) // WORDS_PER_TEXT_PIECE + 1)
        for piece in pieces:
            await self._send({"serverContent": {"modelTurn": {"parts": [{"text": piece}]}}})
            self._pieces.append(piece)
            await self._pause(TEXT_PIECE_S)

    async def speak(self, text: str, transcribe: bool) -> None:
        """Send the spoken tone in 40 ms chunks at the pace, transcript pieces interleaved."""
        chunks = self._state.tones.encoded_chunks(text)
        pieces = model.split_text(text, len(chunks))
        marks = {len(chunks) * i // len(pieces): piece for i, piece in enumerate(pieces)}
        loop = asyncio.get_running_loop()
        started = loop.time()
        for index, data in enumerate(chunks):
            piece = marks.get(index)
            if piece is not None:
                self._pieces.append(piece)
                if transcribe:
                    await self._send({"serverContent": {"outputTranscription": {"text": piece}}})
            await self._send(_audio_message(data))
            pace = self._state.pace
            if pace <= 0:
                await asyncio.sleep(0)
                continue
            due = started + (index + 1) * audio.CHUNK_MS / 1000 / pace
            await asyncio.sleep(max(0.0, due - loop.time()))

    async def _pause(self, seconds: float) -> None:
        pace = self._state.pace
        await asyncio.sleep(seconds / pace if pace > 0 else 0)


def _audio_message(data: str) -> dict[str, Any]:
    blob = {"mimeType": audio.OUTPUT_MIME, "data": data}
    return {"serverContent": {"modelTurn": {"parts": [{"inlineData": blob}]}}}
