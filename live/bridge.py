"""One Gemini Live session, transport-agnostic: inputs in, typed events out.

`LiveBridge` wraps `client.aio.live.connect()` and knows nothing of Django or of browsers. It
owns one receive loop per Gemini connection and one `_on_<field>` handler per field of a server
message. It keeps the session alive across Gemini's connection limits:

- `goAway`: at the next turn boundary (or shortly before the announced close), open a new
  connection with the newest resumption handle, replay the input queued meanwhile, then close
  the old one.
- an unexpected close: retry with backoff, resuming from the newest handle (at most
  MAX_FAILURES consecutive failures), then start fresh, seeded with the stored history.

Turns completed since the newest handle are re-sent as context after a resumption, so nothing
the user said is forgotten. Input is never dropped during a switch: it is queued, and the
microphone audio since the last turn boundary is replayed first when speech may be in progress
(`live.inputs.InputQueue`), so an utterance cut by a switch is heard whole, and answered once.

The public interface, for every transport (WebSocket, WebRTC, RTVI): `start()`, `close()`,
`send_audio()`, `send_image()`, `send_text()`, `end_audio()`, `activity_start()`,
`activity_end()`, `take_open_turn()`, and the events of `live.events` given to `on_event`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable, Sequence

from google.genai import types

from live.connection import UPSTREAM_ERRORS, GeminiConnection, describe, refused
from live.events import (
    TEXT,
    AudioChunk,
    BridgeConfig,
    BridgeError,
    Event,
    HistoryTurn,
    Interrupted,
    OpenTurn,
    Reconnecting,
    Resumed,
    ResumptionHandle,
    TextDelta,
    TranscriptDelta,
    TurnComplete,
    UserInput,
)
from live.inputs import CONTENT, REALTIME, Call, InputQueue, audio_call, pieces

logger = logging.getLogger(__name__)

MAX_FAILURES = 3
BACKOFF_S = (0.25, 0.75, 1.5)
HANDLE_WAIT_S = 1.0  # after a turn, how long a rotation waits for the handle that follows it
GO_AWAY_MARGIN_S = 1.0  # switch at least this long before the announced close
GO_AWAY_DEFAULT_S = 10.0
STABLE_S = 10.0  # a connection that lived this long resets the failure count

OnEvent = Callable[[Event], Awaitable[None]]
LoadHistory = Callable[[], Awaitable[Sequence[HistoryTurn]]]


class BridgeFailed(Exception):
    """Gemini could not be reached (or resumed, or started fresh) within the retry budget."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class LiveBridge:
    """One user-facing live session over one or more successive Gemini Live connections."""

    _HANDLERS = (
        ("server_content", "_on_server_content"),
        ("session_resumption_update", "_on_session_resumption_update"),
        ("go_away", "_on_go_away"),
        ("tool_call", "_on_tool_call"),
        ("setup_complete", "_on_setup_complete"),
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
        self._client = client
        self._emit = on_event
        self._load_history = load_history
        self._handle = handle or None
        self._backoff = tuple(BACKOFF_S if backoff is None else backoff) or (0.0,)
        self._numbers = itertools.count(1)
        self._conn: GeminiConnection | None = None  # the one input goes to
        self._conns: set[GeminiConnection] = set()  # every open one (two during a rotation)
        self._live = False  # inputs go straight to the current connection
        self._inputs = InputQueue(cid)
        self._switch_task: asyncio.Task | None = None
        self._deadline_task: asyncio.Task | None = None
        self._rotate_after_turn = False
        self._handle_arrived = asyncio.Event()
        self._turn = OpenTurn(1)
        self._next = OpenTurn(2)
        self._unsaved: list[HistoryTurn] = []  # completed turns the newest handle lacks
        self._failures = 0
        self._failed = False
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> bool:
        """Connect, resuming from the handle if Gemini still knows it; return whether it did."""
        conn = await self._establish()
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

    def take_open_turn(self, *, drop_voice: bool = False) -> TurnComplete | None:
        """Return what the unfinished turn holds (the model's part marked interrupted).

        `drop_voice`: leave out speech not answered yet (it is about to be replayed).
        """
        turn, following = self._turn, self._next
        if drop_voice:
            following.drop_voice()
            if not turn.model_started:
                turn.drop_voice()
        turn.inputs += following.inputs
        if not turn.open:
            self._next = OpenTurn(turn.number + 1)
            return None
        self._turn, self._next = OpenTurn(turn.number + 1), OpenTurn(turn.number + 2)
        event = turn.complete(interrupted=turn.model_started)
        return event if event.inputs or event.model_text else None

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
        self._note(UserInput("image", text=text, data=data, mime_type=mime_type, tag=tag))
        parts = [types.Part.from_bytes(data=data, mime_type=mime_type)]
        if text:
            parts.append(types.Part(text=text))
        turns = [types.Content(role="user", parts=parts)]
        await self._send((CONTENT, {"turns": turns, "turn_complete": True}))

    async def send_text(self, text: str) -> None:
        """Send a typed turn."""
        self._note(UserInput("text", text=text))
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

    def _note(self, item: UserInput) -> None:
        # Input sent while the model is answering belongs to the turn after this one.
        (self._next if self._turn.model_started else self._turn).inputs.append(item)

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

    async def _catch_up(self, conn: GeminiConnection) -> bool:
        """Replay the open utterance, then the queued calls, to `conn`; False if it died."""
        inputs = self._inputs
        replay = inputs.replay_calls()
        if replay or len(inputs):
            logger.info(
                "[live %s] replaying %.2f s of speech and %d queued inputs",
                self.cid,
                inputs.replay_seconds(),
                len(inputs),
            )
        try:
            for call in replay:
                await conn.send(call)
            while (call := inputs.next_pending()) is not None:
                await conn.send(call)
                inputs.pending_sent()
        except UPSTREAM_ERRORS as exc:
            logger.info("[live %s] replay interrupted: %r", self.cid, exc)
            return False
        return True

    # -- connecting ----------------------------------------------------------------------------

    async def _establish(self) -> GeminiConnection:
        """Open a connection: resume while the handle works, else fresh from the history."""
        while True:
            handle = self._handle
            try:
                return await self._open(handle)
            except UPSTREAM_ERRORS as exc:
                self._failures += 1
                logger.warning(
                    "[live %s] connect failed (%d, resume=%s): %r",
                    self.cid,
                    self._failures,
                    bool(handle),
                    exc,
                )
                if handle is not None and (refused(exc) or self._failures >= MAX_FAILURES):
                    await self._forget_handle()  # start fresh from the stored history
                    continue
                if self._failures >= MAX_FAILURES:
                    raise BridgeFailed("upstream_unavailable", describe(exc)) from exc
                await asyncio.sleep(self._backoff[min(self._failures, len(self._backoff)) - 1])

    async def _open(self, handle: str | None) -> GeminiConnection:
        conn = GeminiConnection(next(self._numbers), resumed=handle is not None, cid=self.cid)
        try:
            await conn.open(self._client, self.config.model, self.config.connect_config(handle))
            if handle is None:
                self._unsaved = []  # the stored history holds them
                await conn.seed(await self._load_history())
            elif self._unsaved:
                await conn.seed(self._unsaved)
        except BaseException:
            await conn.close()
            raise
        self._conns.add(conn)
        logger.info(
            "[live %s] connection %d open (resumed=%s)", self.cid, conn.number, conn.resumed
        )
        return conn

    async def _forget_handle(self) -> None:
        self._handle = None
        self._failures = 0
        await self._emit(ResumptionHandle(""))

    async def _adopt(self, conn: GeminiConnection) -> None:
        """Make `conn` current: start its receive loop and replay what it must hear first."""
        self._conn = conn
        name = f"live-{self.cid}-receive-{conn.number}"
        conn.task = asyncio.create_task(self._receive_loop(conn), name=name)
        if await self._catch_up(conn):
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
            if self._failures >= MAX_FAILURES and self._handle is not None:
                await self._forget_handle()  # resuming keeps dying young: start fresh
            try:
                if self._failures >= MAX_FAILURES:
                    raise BridgeFailed("upstream_unstable", "Gemini keeps closing the session.")
                new = await self._establish()
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
        turn = self.take_open_turn(drop_voice=self._inputs.speech)
        if turn is None:
            return
        if turn.model_text:
            await self._emit(Interrupted(turn.turn))
        self._unsaved += turn.history()
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
            self._failures += 1  # died young: counts toward giving up
        else:
            self._failures = 0
        logger.warning("[live %s] connection %d lost: %s", self.cid, conn.number, describe(exc))
        self._handle_arrived.set()
        if self._switch_task is None and not self._closed:
            self._begin_switch(conn, "lost")

    # -- receiving -----------------------------------------------------------------------------

    async def _receive_loop(self, conn: GeminiConnection) -> None:
        """Receive from one connection until it closes; `receive()` ends at each turn."""
        try:
            while True:
                async for message in conn.session.receive():
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

    async def _on_server_content(self, conn: GeminiConnection, content: types.LiveServerContent):
        turn = self._turn
        heard = content.input_transcription
        if heard is not None and heard.text:
            target = self._next if turn.model_started else turn
            target.add_voice(heard.text)
            await self._emit(TranscriptDelta("user", heard.text, target.number))
        model_turn = content.model_turn
        if model_turn is not None and model_turn.parts:
            for part in model_turn.parts:
                blob = part.inline_data
                if blob is not None and blob.data:
                    self._model_answers(turn)
                    await self._emit(AudioChunk(blob.data))
                elif part.text and not part.thought and self.config.response == TEXT:
                    self._model_answers(turn)
                    turn.model_parts.append(part.text)
                    await self._emit(TextDelta(part.text, turn.number))
        spoken = content.output_transcription
        if spoken is not None and spoken.text:
            self._model_answers(turn)
            turn.model_parts.append(spoken.text)
            await self._emit(TranscriptDelta("model", spoken.text, turn.number))
        if content.interrupted:
            turn.interrupted = True
            await self._emit(Interrupted(turn.number))
        if content.turn_complete:
            await self._complete_turn(conn)

    def _model_answers(self, turn: OpenTurn) -> None:
        if not turn.model_started:
            turn.model_started = True
            self._inputs.boundary()  # Gemini has the user's turn: nothing before is replayed

    async def _complete_turn(self, conn: GeminiConnection) -> None:
        turn, self._turn = self._turn, self._next
        self._next = OpenTurn(self._turn.number + 1)
        conn.turns += 1
        self._failures = 0
        event = turn.complete()
        if event.inputs or event.model_text:
            self._unsaved += event.history()
            await self._emit(event)
        if self._rotate_after_turn and conn is self._conn and self._switch_task is None:
            self._handle_arrived.clear()
            self._begin_switch(conn, "turn")

    async def _on_session_resumption_update(self, conn: GeminiConnection, update) -> None:
        if conn is not self._conn or not update.resumable or not update.new_handle:
            return
        self._handle = update.new_handle
        self._unsaved = []
        self._handle_arrived.set()
        await self._emit(ResumptionHandle(update.new_handle))

    async def _on_go_away(self, conn: GeminiConnection, go_away: types.LiveServerGoAway) -> None:
        if conn is not self._conn or self._switch_task is not None or self._rotate_after_turn:
            return
        time_left = _seconds(go_away.time_left)
        logger.info(
            "[live %s] goAway on connection %d, %.1f s left", self.cid, conn.number, time_left
        )
        if not self._turn.open and not self._inputs.speech:
            self._handle_arrived.set()  # between turns: the newest handle is in hand
            self._begin_switch(conn, "turn")
            return
        self._rotate_after_turn = True
        delay = max(0.0, time_left - GO_AWAY_MARGIN_S)
        name = f"live-{self.cid}-goaway-deadline"
        self._deadline_task = asyncio.create_task(self._rotate_at_deadline(conn, delay), name=name)

    async def _on_tool_call(self, conn: GeminiConnection, tool_call) -> None:
        logger.warning("[live %s] ignoring a tool call: no tools are declared", self.cid)

    async def _on_setup_complete(self, conn: GeminiConnection, setup_complete) -> None:
        logger.debug("[live %s] setup complete on connection %d", self.cid, conn.number)


def _seconds(duration: str | None) -> float:
    """Parse a proto Duration such as "10s" or "1.5s"."""
    try:
        return float((duration or "").rstrip("s"))
    except ValueError:
        return GO_AWAY_DEFAULT_S
