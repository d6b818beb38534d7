"""One Gemini Live connection: open, seed with history, forward input, close.

`LiveBridge` (bridge.py) owns one or two of these at a time (two while it rotates).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from google.genai import errors, types
from websockets.exceptions import WebSocketException

from live.events import HistoryTurn

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 15.0
CLOSE_TIMEOUT_S = 1.0
SEED_BATCH_BYTES = 2 * 1024 * 1024
# What a dead or refused upstream raises: the SDK turns every close into APIError.
UPSTREAM_ERRORS = (errors.APIError, WebSocketException, OSError, TimeoutError, ValueError)


class GeminiConnection:
    """One `client.aio.live.connect()` session and the task receiving from it."""

    def __init__(self, number: int, *, resumed: bool, cid: str = "-"):
        self.number = number
        self.cid = cid
        self.resumed = resumed
        self.session = None
        self.task: asyncio.Task | None = None
        self.retired = False
        self.opened_at = 0.0
        self.turns = 0
        self._stack = contextlib.AsyncExitStack()

    async def open(self, client, model: str, config: types.LiveConnectConfig) -> None:
        """Connect and complete the Live setup, or raise."""
        connect = client.aio.live.connect(model=model, config=config)
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            self.session = await self._stack.enter_async_context(connect)
        self.opened_at = asyncio.get_running_loop().time()

    async def close(self) -> None:
        """Close the WebSocket, waiting at most CLOSE_TIMEOUT_S for Gemini's close frame."""
        with contextlib.suppress(Exception):
            async with asyncio.timeout(CLOSE_TIMEOUT_S):
                await self._stack.aclose()

    async def seed(self, turns: Sequence[HistoryTurn]) -> None:
        """Give a new session the earlier turns as context, without asking for a reply."""
        if not turns:
            return
        batch: list[types.Content] = []
        size = 0
        for content in history_contents(turns):
            batch.append(content)
            size += sum(
                len(p.inline_data.data) if p.inline_data else len(p.text or "")
                for p in content.parts or ()
            )
            if size >= SEED_BATCH_BYTES:
                await self.session.send_client_content(turns=batch, turn_complete=False)
                batch, size = [], 0
        if batch:
            await self.session.send_client_content(turns=batch, turn_complete=False)
        logger.info("[live %s] seeded %d turns", self.cid, len(turns))

    async def send(self, call: tuple[str, dict]) -> None:
        """Make one SDK call on the session: (method name, keyword arguments)."""
        method, kwargs = call
        await getattr(self.session, method)(**kwargs)


def history_contents(turns: Sequence[HistoryTurn]) -> list[types.Content]:
    """Turn history into Contents, merging consecutive turns of one side."""
    contents: list[types.Content] = []
    for turn in turns:
        parts = [types.Part.from_bytes(data=d, mime_type=m) for d, m in turn.images]
        if turn.text:
            parts.append(types.Part(text=turn.text))
        if not parts:
            continue
        if contents and contents[-1].role == turn.role:
            contents[-1].parts.extend(parts)
        else:
            contents.append(types.Content(role=turn.role, parts=parts))
    return contents


def refused(exc: BaseException) -> bool:
    """Return whether Gemini refused the setup itself (e.g. an unknown or stale handle)."""
    return isinstance(exc, errors.APIError) and exc.code in (1007, 1008)


def describe(exc: BaseException) -> str:
    """Say, for people, why a connection failed (never a key or a payload)."""
    if isinstance(exc, errors.APIError):
        return f"Gemini closed the connection ({exc.code}: {exc.details or exc.message})"
    return f"Gemini is unreachable ({type(exc).__name__})"
