"""One Gemini Live session, transport-agnostic: inputs in, typed events out.

`LiveBridge` wraps `client.aio.live.connect()` and knows nothing of Django or of browsers: one
receive loop per Gemini connection, one `_on_<field>` handler per server message field. It
outlives Gemini's connections: on `goAway` it switches at the next turn boundary (or just before
the announced close); after an unexpected close it resumes from the newest handle with backoff
(MAX_FAILURES at most), then starts fresh from the stored history. Turns the newest handle lacks
are re-sent as context. Input is never dropped: it waits in `live.inputs.InputQueue` during a
switch, and an utterance cut by a switch is replayed whole to the new connection, answered once.

Public interface, for every transport: `start()`, `close()`, `send_audio()`, `send_image()`,
`send_text()`, `end_audio()`, `activity_start()`, `activity_end()`, `take_open_turn()`; the
events of `live.events` go to `on_event`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from google.genai import types

from core.genai_wire import ServerContent
from live.connection import (
    MAX_FAILURES,
    UPSTREAM_ERRORS,
    BridgeFailed,
    Connector,
    GeminiConnection,
    describe,
    seconds,
)
from live.events import (
    TEXT,
    AudioChunk,
    BridgeConfig,
    BridgeError,
    Event,
    HistoryTurn,
    Interrupted,
    Reconnecting,
    Resumed,
    ResumptionHandle,
    TextDelta,
    TranscriptDelta,
    TurnComplete,
    UserInput,
)
from live.inputs import REALTIME, Call, InputQueue, audio_call, picture_call, pieces
from live.turns import Turns

logger = logging.getLogger(__name__)

__all__ = ["BridgeFailed", "LiveBridge"]

BACKOFF_S = (0.25, 0.75, 1.5)
HANDLE_WAIT_S = 1.0  # after a turn, how long a rotation waits for the handle that follows it
GO_AWAY_MARGIN_S = 1.0  # switch at least this long before the announced close
GO_AWAY_DEFAULT_S = 10.0
STABLE_S = 10.0  # a connection that lived this long resets the failure count

OnEvent = Callable[[Event], Awaitable[None]]
LoadHistory = Callable[[], Awaitable[Sequence[HistoryTurn]]]


class LiveBridge:
    """One user-facing live session over one or more successive Gemini Live connections."""

    _HANDLERS = (
        ("server_content", "_on_server_content"),
        ("session_resumption_update", "_on_session_resumption_update"),
        ("go_away", "_on_go_away"),
        ("tool_call", "_on_tool_call"),
    )

    def __init__(
        self,
        client,
        config: BridgeConfig,
        *,
        on_event: OnEvent,
        load_history: LoadHistory,
        handle: str | None = None,
        cid: str = "-",
        backoff: Sequence[float] | None = None,
    ):
        self.config = config
        self.cid = cid
        self._emit = on_event
        self._up = Connector(
            client,
            config,
            load_history=load_history,
            on_forget=lambda: on_event(ResumptionHandle("")),
            handle=handle,
            cid=cid,
            backoff=BACKOFF_S if backoff is None else backoff,
        )
        self._conn: GeminiConnection | None = None  # the one input goes to
        self._conns: set[GeminiConnection] = set()  # every open one (two during a rotation)
        self._live = False  # inputs go straight to the current connection
        self._inputs = InputQueue(cid)
        self._switch_task: asyncio.Task | None = None
        self._deadline_task: asyncio.Task | None = None
        self._rotate_after_turn = False
        self._handle_arrived = asyncio.Event()
        self._turns = Turns()
        self._failed = False
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> bool:
        """Connect, resuming from the handle if Gemini still knows it; return whether it did."""
        conn = await self._up.establish()
        self._conns.add(conn)
        await self._adopt(conn)
        return conn.resumed

    async def close(self) -> None:
        """Close every Gemini connection and end every task the bridge owns (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._live = False
        current = asyncio.current_task()
        tasks = [t for t in (self._switch_task, self._deadline_task) if t and t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        await asyncio.gather(*(self._retire(conn) for conn in list(self._conns)))
        logger.info("[live %s] bridge closed", self.cid)

    def take_open_turn(self) -> TurnComplete | None:
        """Return what the unfinished turn holds (the model's part marked interrupted)."""
        return self._turns.take_open()

    # -- inputs --------------------------------------------------------------------------------

    async def send_audio(self, pcm: bytes) -> None:
        """Forward microphone audio (PCM16 mono 16 kHz), in pieces of at most 100 ms."""
        for piece in pieces(pcm):
            if await self._send(audio_call(piece)):
                self._inputs.sent_audio(piece)

    async def send_image(
        self,
        data: bytes,
        mime_type: str,
        *,
        persist: bool = False,
        text: str = "",
        tag: object = None,
    ) -> None:
        """Send a camera frame (`persist` False) or a picture the model answers (True)."""
        if not persist:
            await self._send((REALTIME, {"video": {"data": data, "mime_type": mime_type}}))
            return
        self._turns.note(UserInput("image", text=text, data=data, mime_type=mime_type, tag=tag))
        await self._send(picture_call(data, mime_type, text))

    async def send_text(self, text: str) -> None:
        """Send a typed turn."""
        self._turns.note(UserInput("text", text=text))
        await self._send((REALTIME, {"text": text}))

    async def end_audio(self) -> None:
        """Tell Gemini the microphone paused (flushes its voice activity detection)."""
        if not self.config.manual_activity:
            await self._send((REALTIME, {"audio_stream_end": True}))

    async def activity_start(self) -> None:
        """Push-to-talk: the user started speaking."""
        if self.config.manual_activity:
            await self._send((REALTIME, {"activity_start": {}}))

    async def activity_end(self) -> None:
        """Push-to-talk: the user stopped speaking."""
        if self.config.manual_activity:
            await self._send((REALTIME, {"activity_end": {}}))

    async def _send(self, call: Call) -> bool:
        """Send now if a connection takes input (return True), else queue the call."""
        conn = self._conn
        if self._live and conn is not None:
            try:
                await conn.send(call)
                return True
            except UPSTREAM_ERRORS as exc:
                logger.info("[live %s] send failed, queueing: %r", self.cid, exc)
                self._live = False
        self._inputs.queue(call)
        return False

    # -- connecting ----------------------------------------------------------------------------

    async def _adopt(self, conn: GeminiConnection) -> None:
        """Make `conn` current: start its receive loop and replay what it must hear first."""
        self._conn = conn
        name = f"live-{self.cid}-receive-{conn.number}"
        conn.task = asyncio.create_task(self._receive_loop(conn), name=name)
        if await self._inputs.catch_up(conn):
            self._live = True

    async def _retire(self, conn: GeminiConnection) -> None:
        conn.retired = True
        task = conn.task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            await asyncio.wait([task])
        await conn.close()
        self._conns.discard(conn)
        logger.info("[live %s] connection %d closed", self.cid, conn.number)

    # -- switching connections -----------------------------------------------------------------

    def _begin_switch(self, old: GeminiConnection, mode: str) -> None:
        """Replace `old`: "turn" (after a turn, keep it until the new one is up), "now", "lost"."""
        self._rotate_after_turn = False
        self._live = False
        deadline, self._deadline_task = self._deadline_task, None
        if deadline is not None and deadline is not asyncio.current_task():
            deadline.cancel()
        name = f"live-{self.cid}-switch"
        self._switch_task = asyncio.create_task(self._switch(old, mode), name=name)

    async def _switch(self, old: GeminiConnection, mode: str) -> None:
        try:
            if mode != "turn":
                await self._retire(old)
                await self._end_open_turn()
            await self._emit(Reconnecting("lost" if mode == "lost" else "go_away"))
            if mode == "turn":
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(HANDLE_WAIT_S):
                        await self._handle_arrived.wait()
            if self._up.failures >= MAX_FAILURES and self._up.handle is not None:
                await self._up.forget_handle()  # resuming keeps dying young: start fresh
            try:
                if self._up.failures >= MAX_FAILURES:
                    raise BridgeFailed("upstream_unstable", "Gemini keeps closing the session.")
                new = await self._up.establish()
                self._conns.add(new)
            except BridgeFailed as exc:
                self._failed = True
                await self._emit(BridgeError(exc.code, exc.message, fatal=True))
                return
            old.retired = True  # whatever it says from now on is not this session's any more
            await self._adopt(new)
            if mode == "turn":
                await self._retire(old)
            await self._emit(Resumed(fresh=not new.resumed))
        finally:
            if self._switch_task is asyncio.current_task():
                self._switch_task = None
                self._switch_if_dead()

    def _switch_if_dead(self) -> None:
        """Start another switch if the current connection died while the last one ran."""
        conn = self._conn
        if self._closed or self._failed or conn is None or conn.retired:
            return
        if conn.task is not None and conn.task.done():
            self._begin_switch(conn, "lost")

    async def _end_open_turn(self) -> None:
        """Close the turn a dead connection cut short, so it is stored and remembered.

        Speech not answered yet is left out: it is replayed to the next connection.
        """
        turn = self._turns.take_open(drop_voice=self._inputs.speech)
        if turn is None:
            return
        if turn.model_text:
            await self._emit(Interrupted(turn.turn))
        self._up.unsaved += turn.history()
        await self._emit(turn)

    async def _rotate_at_deadline(self, conn: GeminiConnection, delay: float) -> None:
        await asyncio.sleep(delay)
        self._deadline_task = None
        if self._rotate_after_turn and conn is self._conn and self._switch_task is None:
            logger.info("[live %s] goAway deadline: switching mid-turn", self.cid)
            self._begin_switch(conn, "now")

    def _on_lost(self, conn: GeminiConnection, exc: BaseException) -> None:
        loop_time = asyncio.get_running_loop().time()
        if conn.turns == 0 and loop_time - conn.opened_at < STABLE_S:
            self._up.failures += 1  # died young: counts toward giving up
        else:
            self._up.failures = 0
        logger.warning("[live %s] connection %d lost: %s", self.cid, conn.number, describe(exc))
        self._handle_arrived.set()
        if self._switch_task is None and not self._closed:
            self._begin_switch(conn, "lost")

    # -- receiving -----------------------------------------------------------------------------

    async def _receive_loop(self, conn: GeminiConnection) -> None:
        """Receive from one connection until it closes."""
        try:
            async for message in conn.receive():
                if conn.retired:
                    return
                for name, handler in self._HANDLERS:
                    value = getattr(message, name)
                    if value is not None:
                        await getattr(self, handler)(conn, value)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every way a connection ends comes here
            if conn.retired or self._closed:
                return
            if not isinstance(exc, UPSTREAM_ERRORS):
                logger.exception("[live %s] receive loop failed", self.cid)
            if conn is self._conn:
                self._live = False
                self._on_lost(conn, exc)

    async def _on_server_content(
        self, conn: GeminiConnection, content: ServerContent | types.LiveServerContent
    ):
        turns = self._turns
        heard = content.input_transcription
        if heard is not None and heard.text:
            await self._emit(TranscriptDelta("user", heard.text, turns.heard(heard.text)))
        model_turn = content.model_turn
        if model_turn is not None and model_turn.parts:
            for part in model_turn.parts:
                blob = part.inline_data
                if blob is not None and blob.data:
                    self._answering()
                    await self._emit(AudioChunk(blob.data))
                elif part.text and not part.thought and self.config.response == TEXT:
                    await self._emit(TextDelta(part.text, self._answering(part.text)))
        spoken = content.output_transcription
        if spoken is not None and spoken.text:
            await self._emit(TranscriptDelta("model", spoken.text, self._answering(spoken.text)))
        if content.interrupted:
            turns.current.interrupted = True
            await self._emit(Interrupted(turns.current.number))
        if content.turn_complete:
            await self._complete_turn(conn)

    def _answering(self, words: str = "") -> int:
        """The model answers the current turn (with `words`); return the turn's number."""
        if self._turns.answer(words):
            self._inputs.boundary()  # Gemini has the user's turn: nothing before is replayed
        return self._turns.current.number

    async def _complete_turn(self, conn: GeminiConnection) -> None:
        conn.turns += 1
        self._up.failures = 0
        event = self._turns.complete()
        if event is not None:
            self._up.unsaved += event.history()
            await self._emit(event)
        if self._rotate_after_turn and conn is self._conn and self._switch_task is None:
            self._handle_arrived.clear()
            self._begin_switch(conn, "turn")

    async def _on_session_resumption_update(self, conn: GeminiConnection, update) -> None:
        if conn is not self._conn or not update.resumable or not update.new_handle:
            return
        self._up.new_handle(update.new_handle)
        self._handle_arrived.set()
        await self._emit(ResumptionHandle(update.new_handle))

    async def _on_go_away(self, conn: GeminiConnection, go_away: types.LiveServerGoAway) -> None:
        if conn is not self._conn or self._switch_task is not None or self._rotate_after_turn:
            return
        time_left = seconds(go_away.time_left, GO_AWAY_DEFAULT_S)
        logger.info(
            "[live %s] goAway on connection %d, %.1f s left", self.cid, conn.number, time_left
        )
        if not self._turns.current.open and not self._inputs.speech:
            self._handle_arrived.set()  # between turns: the newest handle is in hand
            self._begin_switch(conn, "turn")
            return
        self._rotate_after_turn = True
        delay = max(0.0, time_left - GO_AWAY_MARGIN_S)
        name = f"live-{self.cid}-goaway-deadline"
        self._deadline_task = asyncio.create_task(self._rotate_at_deadline(conn, delay), name=name)

    async def _on_tool_call(self, conn: GeminiConnection, tool_call) -> None:
        logger.warning("[live %s] ignoring a tool call: no tools are declared", self.cid)
