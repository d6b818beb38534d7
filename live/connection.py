"""One Gemini Live connection: open, seed with history, forward input, close.

`LiveBridge` (bridge.py) owns one or two of these at a time (two while it rotates).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable, Sequence

from google.genai import errors, types
from websockets.exceptions import WebSocketException

from core import genai_wire
from live.events import HistoryTurn

logger = logging.getLogger(__name__)

MAX_FAILURES = 3  # consecutive failed connections before giving up
CONNECT_TIMEOUT_S = 15.0
CLOSE_TIMEOUT_S = 1.0
SEED_BATCH_BYTES = 2 * 1024 * 1024
# What a dead or refused upstream raises: the SDK turns every close into APIError.
UPSTREAM_ERRORS = (errors.APIError, WebSocketException, OSError, TimeoutError, ValueError)


class BridgeFailed(Exception):
    """Gemini could not be reached (or resumed, or started fresh) within the retry budget."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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
        audio = kwargs.get("audio") if method == genai_wire.REALTIME else None
        if audio is not None and len(kwargs) == 1:  # the hot path: 50 a second per call
            await genai_wire.send_audio(self.session, audio["data"], audio["mime_type"])
        else:
            await getattr(self.session, method)(**kwargs)

    async def receive(self):
        """Receive the connection's server messages until it closes (raises as the SDK does)."""
        while True:
            yield await genai_wire.receive(self.session)


class Connector:
    """Open one session's Gemini connections: resume from the newest handle while Gemini takes
    it, else start fresh, seeded with the stored history; count failures, back off, give up."""

    def __init__(
        self,
        client,
        config,
        *,
        load_history: Callable[[], Awaitable[Sequence[HistoryTurn]]],
        on_forget: Callable[[], Awaitable[None]],
        handle: str | None,
        cid: str,
        backoff: Sequence[float],
    ):
        self.handle = handle or None
        self.unsaved: list[HistoryTurn] = []  # completed turns the newest handle lacks
        self.failures = 0
        self.cid = cid
        self._client = client
        self._config = config
        self._load_history = load_history
        self._on_forget = on_forget
        self._backoff = tuple(backoff) or (0.0,)
        self._numbers = itertools.count(1)

    def new_handle(self, handle: str) -> None:
        """Gemini issued a newer handle: it holds every turn so far."""
        self.handle = handle
        self.unsaved = []

    async def forget_handle(self) -> None:
        """Start fresh from the stored history next time (and forget the stored handle)."""
        self.handle = None
        self.failures = 0
        await self._on_forget()

    async def establish(self) -> GeminiConnection:
        """Open a connection: resume while the handle works, else fresh from the history."""
        while True:
            handle = self.handle
            try:
                return await self._open(handle)
            except UPSTREAM_ERRORS as exc:
                self.failures += 1
                logger.warning(
                    "[live %s] connect failed (%d, resume=%s): %r",
                    self.cid,
                    self.failures,
                    bool(handle),
                    exc,
                )
                if handle is not None and (refused(exc) or self.failures >= MAX_FAILURES):
                    await self.forget_handle()
                    continue
                if self.failures >= MAX_FAILURES:
                    raise BridgeFailed("upstream_unavailable", describe(exc)) from exc
                await asyncio.sleep(self._backoff[min(self.failures, len(self._backoff)) - 1])

    async def _open(self, handle: str | None) -> GeminiConnection:
        conn = GeminiConnection(next(self._numbers), resumed=handle is not None, cid=self.cid)
        try:
            await conn.open(self._client, self._config.model, self._config.connect_config(handle))
            if handle is None:
                self.unsaved = []  # the stored history holds them
                await conn.seed(await self._load_history())
            elif self.unsaved:
                await conn.seed(self.unsaved)
        except BaseException:
            await conn.close()
            raise
        logger.info(
            "[live %s] connection %d open (resumed=%s)", self.cid, conn.number, conn.resumed
        )
        return conn


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


def seconds(duration: str | None, default: float) -> float:
    """Parse a proto Duration such as "10s" or "1.5s" (`default` when it is not one)."""
    try:
        return float((duration or "").rstrip("s"))
    except ValueError:
        return default
