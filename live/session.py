"""What every live socket shares: refusal before accept, caps, the bridge, storage, teardown.

A consumer subclass parses its own frames and renders bridge events in its own protocol; this
base owns the session's tasks (each named, cancelled and awaited on teardown), the per-user cap
and the session length limit.

A live session is pinned to the Daphne process holding its socket. The concurrent-session cap
is checked in one place, `claim_session_slot`, against `live.caps.caps`: across every process
through Redis leases when `REDIS_URL` is set, else per process (`registry`). What several
processes need beyond that (control events from an operator or a stopping server, metrics,
the connection id in the logs) lives in live/production.py and is called from here through
the `hook_*` methods.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import enum
import logging
import math
import secrets
from collections import deque

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from redis.exceptions import RedisError

from conversations.models import Conversation
from conversations.throttles import turn_throttle_wait
from core import gemini
from live.bridge import BridgeFailed, LiveBridge
from live.caps import caps, registry  # noqa: F401 - registry: the process's count, for tools
from live.events import AudioChunk, BridgeConfig, BridgeError, ResumptionHandle, TurnComplete
from live.production import ProductionHooks
from live.store import SessionStore, resumption_handle

logger = logging.getLogger(__name__)

CLOSE_NORMAL = 1000
CLOSE_SESSION_CAP = 4429
CLOSE_TIME_LIMIT = 4408
CLOSE_UPSTREAM = 4502
CLOSE_INTERNAL = 1011
FRAME_MIME_TYPES = ("image/jpeg", "image/png", "image/webp")
TEARDOWN_WAIT_S = 5.0


class State(enum.Enum):
    """Where a live session is in its one lifecycle; it only ever moves forward."""

    CONNECTING = "connecting"  # accepted (or being accepted); Gemini not up yet
    READY = "ready"  # Gemini is up, frames flow
    ENDING = "ending"  # teardown has begun: nothing new starts
    ENDED = "ended"  # every task ended, every Gemini connection closed


class LiveSessionConsumer(ProductionHooks, AsyncWebsocketConsumer):
    """Base of the live consumers: subclasses parse frames and render events.

    The base owns the lifecycle (`State`): frames are handled only while the session is
    connecting or ready, every task it starts is named, owned and ended on teardown, and an
    unhandled exception anywhere ends the session with an error frame and close 1011.
    """

    # The channel layer (`ProductionHooks.channel_layer_alias`, "live") carries control events
    # only, never audio; its Redis backend (core/layers.py) outlives a Redis restart, so
    # Channels' pump waits on the socket and the layer without either failure ending a call.
    conversation: Conversation | None = None
    state = State.CONNECTING
    source = "voice"  # what the spoken turns are stored as (Message.Source)
    _ending: asyncio.Task | None = None
    _tasks: set[asyncio.Task] | None = None

    # -- hooks for subclasses ------------------------------------------------------------------

    async def authorize(self, user) -> bool:
        """Set `self.conversation` (or leave it for later); return False to refuse."""
        raise NotImplementedError

    async def send_audio(self, data: bytes) -> None:
        """Send model audio to the client."""
        raise NotImplementedError

    async def send_error(self, code: str, message: str, *, fatal: bool = False, **extra) -> None:
        """Send an error in this protocol (`extra`: fields such as retry_after)."""
        raise NotImplementedError

    async def send_warning(self, code: str, message: str, seconds_left: int) -> None:
        """Warn that the session ends soon (protocols without warnings ignore it)."""

    async def on_ready(self, resumed: bool) -> None:
        """Gemini is up."""

    async def on_event(self, event) -> None:
        """Render any other bridge event."""

    async def on_turn_stored(self, turn: TurnComplete, messages: list[dict]) -> None:
        """Turn `turn.number` was stored; `messages` are the API shapes of what was stored."""

    async def release(self) -> None:
        """Free the transport's own resources; the first step of the teardown."""

    # -- connection ----------------------------------------------------------------------------

    @property
    def ending(self) -> bool:
        """Whether teardown has begun (nothing may start any more)."""
        return self.state in (State.ENDING, State.ENDED)

    async def connect(self):
        self.init_session()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            logger.info("[live %s] refused: no user", self.cid)
            self.hook_refused("no_user")
            await self._refuse()
            return
        self.user = user
        if not await self.authorize(user):
            logger.info("[live %s] refused: not the user's conversation", self.cid)
            self.hook_refused("not_found")
            await self._refuse()
            return
        await self.accept()
        if not await self.claim_session_slot():
            self.hook_refused("too_many_sessions")
            limit = settings.SESAME_MAX_LIVE_SESSIONS_PER_USER
            message = f"You already have {limit} live sessions open; end one first."
            await self.fail("too_many_sessions", message, CLOSE_SESSION_CAP)
            return
        await self.hook_join_control()
        self.spawn(self._time_limit(), "limit")
        logger.info("[live %s] accepted for user %s", self.cid, user.pk)

    async def _refuse(self) -> None:
        self.state = State.ENDED
        await self.close()

    async def claim_session_slot(self) -> bool:
        """Count this session against the user's cap; return False when the cap is reached.

        The one place the concurrent-session cap is checked (on every process when Redis is
        configured); `_teardown` gives the slot back.
        """
        limit = settings.SESAME_MAX_LIVE_SESSIONS_PER_USER
        self._registered = await caps.acquire(self.user.pk, self.cid, limit)
        return self._registered

    def init_session(self) -> None:
        """Set up the session's state (before any task or bridge exists)."""
        self.cid = secrets.token_hex(4)
        self.hook_connection_id()
        self.bridge: LiveBridge | None = None
        self.store: SessionStore | None = None
        self._tasks = set()
        self._registered = False
        self._frame: tuple[str, str] | None = None
        self._frame_task: asyncio.Task | None = None
        self._last_frame_at = -1e9
        self._outbox: deque | None = None  # events held while an earlier turn is stored

    async def disconnect(self, code):
        await self.teardown()
        self.gone.set()

    async def dispatch(self, message):
        # Channels runs close_old_connections() in a worker thread before every message: a
        # thread hop per 20 ms audio frame. These consumers reach the database only through
        # database_sync_to_async, which closes stale connections itself, so frames skip it.
        try:
            if message["type"] == "websocket.receive":
                if not self.ending:  # frames queued behind a refusal or a stop start nothing
                    await self.websocket_receive(message)
            else:
                await super().dispatch(message)
        except (StopConsumer, asyncio.CancelledError):
            raise
        except Exception:  # noqa: BLE001 - any handler's failure ends the session cleanly
            await self.crash(message["type"])

    async def crash(self, where: str, exc: BaseException | None = None) -> None:
        """End the session after an unhandled exception: one log line, error frame, 1011."""
        cid = getattr(self, "cid", "-")
        logger.error("[live %s] unhandled error in %s", cid, where, exc_info=exc or True)
        if self._tasks is None:  # failed before connect() set anything up
            self.state = State.ENDED
            with contextlib.suppress(Exception):
                await self.close(CLOSE_INTERNAL)
            return
        await self.fail(
            "internal_error", "Something went wrong; the session has ended.", CLOSE_INTERNAL
        )

    def spawn(self, coro, name: str) -> asyncio.Task | None:
        """Start a task this session owns (cancelled and awaited on teardown); None if ending."""
        if self.ending:
            coro.close()
            return None
        task = asyncio.create_task(self._guarded(coro, name), name=f"live-{self.cid}-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coro, name: str) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a task's failure ends the session cleanly
            await self.crash(f"task {name}")

    # -- the bridge ----------------------------------------------------------------------------

    def bridge_config(self, *, response: str, voice: str = "", manual: bool = False):
        """Return the bridge configuration from settings and the client's choices."""
        return BridgeConfig(
            model=settings.GEMINI_LIVE_MODEL,
            system_instruction=settings.SESAME_SYSTEM_INSTRUCTION,
            voice=voice or settings.GEMINI_VOICE,
            response=response,
            manual_activity=manual,
            compression_trigger_tokens=settings.SESAME_LIVE_COMPRESSION_TOKENS,
        )

    def start_bridge(self, config: BridgeConfig) -> bool:
        """Create the bridge (input is queued at once) and connect it in the background.

        Start nothing and return False unless the session is still connecting without one.
        """
        if self.state is not State.CONNECTING or self.bridge is not None:
            return False
        assert self.conversation is not None
        self.store = SessionStore(self.conversation, cid=self.cid, source=self.source)
        self.bridge = LiveBridge(
            gemini.get_client(),
            config,
            on_event=self._on_bridge_event,
            load_history=self.store.history,
            handle=resumption_handle(self.conversation),
            cid=self.cid,
        )
        self.spawn(self._run_bridge(), "start")
        return True

    async def _run_bridge(self) -> None:
        try:
            resumed = await self.bridge.start()
        except BridgeFailed as exc:
            await self.fail(exc.code, exc.message, CLOSE_UPSTREAM)
            return
        if self.ending:
            return
        self.state = State.READY
        await self.on_ready(resumed)

    async def _on_bridge_event(self, event) -> None:
        if self.ending:
            return
        if type(event) is AudioChunk:  # the hot path first; binary audio carries no turn
            await self.send_audio(event.data)  # number, and is never held behind a storage write
            return
        self.hook_bridge_event(event)
        match event:
            case ResumptionHandle():
                self.store.save_handle(event.handle)
            case BridgeError(fatal=True):
                self.spawn(self.fail(event.code, event.message, CLOSE_UPSTREAM), "fail")
            case BridgeError():
                await self.send_error(event.code, event.message)
            case _ if self._outbox is not None:  # an earlier turn_complete is not out yet
                self._outbox.append(event)
            case _:
                await self._render(event)

    async def _render(self, event) -> None:
        match event:
            case TurnComplete():
                # Later events wait until this turn is stored and its turn_complete is out.
                self._outbox = deque()
                self.store.store_turn(event, self._turn_stored)
            case _:
                await self.on_event(event)

    async def _turn_stored(self, turn: TurnComplete, messages: list[dict]) -> None:
        # Runs on the storage task: a failure here ends the session from a task of its own.
        try:
            if not self.ending:
                await self.on_turn_stored(turn, messages)
            await self._release_held()
        except Exception as exc:  # noqa: BLE001 - ends the session cleanly
            self.spawn(self.crash("turn_complete", exc), "crash")

    async def _release_held(self) -> None:
        held, self._outbox = self._outbox, None
        while held and not self.ending:
            await self._render(held.popleft())
            if self._outbox is not None:  # another turn ended: the rest waits behind it
                self._outbox.extend(held)
                return

    # -- limits --------------------------------------------------------------------------------

    async def throttled(self) -> bool:
        """Count a turn against SESAME_TURN_RATE; when over it send `throttled`, return True."""
        try:
            wait = await sync_to_async(turn_throttle_wait, thread_sensitive=False)(self.user)
        except (RedisError, OSError) as exc:  # the cache (Redis) is down: a call goes on
            logger.warning(
                "[live %s] turn not counted, the cache is unreachable: %r", self.cid, exc
            )
            return False
        if wait is None:
            return False
        retry_after = max(1, math.ceil(wait))
        message = f"Too many turns; try again in {retry_after} s."
        await self.send_error("throttled", message, retry_after=retry_after)
        return True

    # -- camera frames -------------------------------------------------------------------------

    async def forward_frame(self, data: str, mime_type: str) -> None:
        """Forward a camera frame (base64), keeping only the newest, at most one per interval."""
        if mime_type not in FRAME_MIME_TYPES:
            await self.send_error("bad_image", "Camera frames must be JPEG, PNG or WebP.")
            return
        if len(data) * 3 // 4 > settings.SESAME_MAX_IMAGE_BYTES:
            await self.send_error("image_too_large", "That camera frame is too large.")
            return
        self._frame = (data, mime_type)
        if self._frame_task is None or self._frame_task.done():
            loop = asyncio.get_running_loop()
            delay = self._last_frame_at + settings.SESAME_CAMERA_FRAME_INTERVAL - loop.time()
            self._frame_task = self.spawn(self._send_frame_after(max(0.0, delay)), "camera")

    async def _send_frame_after(self, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        (data, mime_type), self._frame = self._frame, None
        self._last_frame_at = asyncio.get_running_loop().time()
        try:
            image = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            await self.send_error("bad_image", "A camera frame was not valid base64.")
            return
        await self.bridge.send_image(image, mime_type, persist=False)

    # -- ending --------------------------------------------------------------------------------

    async def _time_limit(self) -> None:
        total = max(1, settings.SESAME_MAX_LIVE_SECONDS)
        lead = min(settings.SESAME_LIVE_WARNING_SECONDS, total)
        await asyncio.sleep(total - lead)
        if lead > 0:
            await self.send_warning(
                "session_ending", f"This session ends in {lead} seconds (time limit).", lead
            )
            await asyncio.sleep(lead)
        message = f"Live sessions last at most {total} seconds; start a new one to go on."
        await self.fail("session_time_limit", message, CLOSE_TIME_LIMIT)

    async def fail(self, code: str, message: str, close_code: int) -> None:
        """Send a fatal error, end the session and close the socket with `close_code`."""
        if self.ending:
            return
        logger.info("[live %s] ending: %s", self.cid, code)
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.send_error(code, message, fatal=True)
        await self.end(close_code)

    async def end(self, close_code: int = CLOSE_NORMAL) -> None:
        """End the session (storing the unfinished turn) and close the socket."""
        await self.teardown()
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.close(close_code)

    async def teardown(self) -> None:
        """Close Gemini, store what is left and end every task; safe to call repeatedly."""
        if self._ending is not None:
            if not self._ending.done():
                await asyncio.wait([self._ending], timeout=TEARDOWN_WAIT_S)
            return
        if self.state is State.ENDED:
            return  # refused before anything started
        self.state = State.ENDING
        # A task of its own, so that cancelling the caller cannot cut the teardown short.
        caller = asyncio.current_task()
        name = f"live-{getattr(self, 'cid', '-')}-teardown"
        self._ending = asyncio.create_task(self._teardown(caller), name=name)
        await asyncio.shield(self._ending)

    async def _teardown(self, caller: asyncio.Task | None) -> None:
        try:
            await self.release()
            tasks = [t for t in self._tasks or () if t is not caller and not t.done()]
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks)
            if self.bridge is not None:
                await self.bridge.close()
                turn = self.bridge.take_open_turn()
                if turn is not None:
                    self.store.store_turn(turn)
            if self.store is not None:
                await self.store.close()
        finally:
            if getattr(self, "_registered", False):
                self._registered = False
                await caps.release(self.user.pk, self.cid)
                await self.hook_leave_control()
            self.state = State.ENDED
            logger.info("[live %s] session ended", getattr(self, "cid", "-"))


@database_sync_to_async
def conversation_for(user, conversation_id) -> Conversation | None:
    """Return the user's conversation with that id, or None."""
    from conversations import selectors

    return selectors.conversation_get(user=user, conversation_id=conversation_id)
