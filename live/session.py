"""What every live socket shares: refusal before accept, caps, the bridge, storage, teardown.

A consumer subclass parses its own frames and renders bridge events in its own protocol; this
base owns the session's tasks (each named, cancelled and awaited on teardown), the per-user cap
and the session length limit.

A live session is pinned to the Daphne process holding its socket. The concurrent-session cap
is counted by `caps` (live/caps.py): across every process through Redis leases when
`REDIS_URL` is set, else per process (`registry`). What several processes need beyond that
(the cap, the control group, the graceful stop, metrics) lives in live/production.py and is
called from here through the `hook_*` methods.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import gc
import logging
import secrets

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings

from conversations.models import Conversation
from core import gemini
from live.bridge import BridgeFailed, LiveBridge
from live.caps import LiveCaps
from live.events import AudioChunk, BridgeConfig, BridgeError, ResumptionHandle, TurnComplete
from live.production import ProductionHooks
from live.store import SessionStore, resumption_handle

logger = logging.getLogger(__name__)

CLOSE_NORMAL = 1000
CLOSE_SESSION_CAP = 4429
CLOSE_TIME_LIMIT = 4408
CLOSE_UPSTREAM = 4502
FRAME_MIME_TYPES = ("image/jpeg", "image/png", "image/webp")
TEARDOWN_WAIT_S = 5.0


class SessionRegistry:
    """Count each user's open live sessions in this process."""

    def __init__(self):
        self._open: dict[int, set[str]] = {}

    def add(self, user_id: int, session_id: str, limit: int) -> bool:
        """Register a session unless the user already holds `limit`; return whether added."""
        sessions = self._open.setdefault(user_id, set())
        if len(sessions) >= limit:
            return False
        sessions.add(session_id)
        return True

    def remove(self, user_id: int, session_id: str) -> None:
        """Forget a session."""
        sessions = self._open.get(user_id)
        if sessions is not None:
            sessions.discard(session_id)
            if not sessions:
                del self._open[user_id]

    def count(self, user_id: int | None = None) -> int:
        """Return the user's open sessions (everyone's when `user_id` is None)."""
        if user_id is None:
            return sum(len(s) for s in self._open.values())
        return len(self._open.get(user_id, ()))


registry = SessionRegistry()
caps = LiveCaps(registry)


class LiveSessionConsumer(ProductionHooks, AsyncWebsocketConsumer):
    """Base of the live consumers: subclasses parse frames and render events."""

    conversation: Conversation | None = None
    _ending: asyncio.Task | None = None

    # -- hooks for subclasses ------------------------------------------------------------------

    async def authorize(self, user) -> bool:
        """Set `self.conversation` (or leave it for later); return False to refuse."""
        raise NotImplementedError

    async def send_audio(self, data: bytes) -> None:
        """Send model audio to the client."""
        raise NotImplementedError

    async def send_error(self, code: str, message: str, *, fatal: bool = False) -> None:
        """Send an error in this protocol."""
        raise NotImplementedError

    async def send_warning(self, code: str, message: str, seconds_left: int) -> None:
        """Warn that the session ends soon (protocols without warnings ignore it)."""

    async def on_ready(self, resumed: bool) -> None:
        """Gemini is up."""

    async def on_event(self, event) -> None:
        """Render any other bridge event."""

    async def on_turn_stored(self, messages: list[dict]) -> None:
        """A turn was stored; `messages` are the API shapes of what was stored."""

    # -- connection ----------------------------------------------------------------------------

    async def connect(self):
        _freeze_startup_heap()
        self.cid = secrets.token_hex(4)
        self.hook_connection_id()
        self.bridge: LiveBridge | None = None
        self.store: SessionStore | None = None
        self._tasks: set[asyncio.Task] = set()
        self._registered = False
        self._frame: tuple[str, str] | None = None
        self._frame_task: asyncio.Task | None = None
        self._last_frame_at = -1e9
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            logger.info("[live %s] refused: no user", self.cid)
            self.hook_refused("no_user")
            await self.close()
            return
        self.user = user
        if not await self.authorize(user):
            logger.info("[live %s] refused: not the user's conversation", self.cid)
            self.hook_refused("not_found")
            await self.close()
            return
        await self.accept()
        limit = settings.SESAME_MAX_LIVE_SESSIONS_PER_USER
        if not await caps.acquire(user.pk, self.cid, limit):
            self.hook_refused("too_many_sessions")
            message = f"You already have {limit} live sessions open; end one first."
            await self.fail("too_many_sessions", message, CLOSE_SESSION_CAP)
            return
        self._registered = True
        await self.hook_join_control()
        self.spawn(self._time_limit(), "limit")
        logger.info("[live %s] accepted for user %s", self.cid, user.pk)

    async def disconnect(self, code):
        await self.teardown()

    async def __call__(self, scope, receive, send):
        """Serve the socket: Channels' consumer loop, minus a new task per frame.

        Channels waits on the socket and the channel layer together and makes a task for every
        message; at 50 audio frames a second per call that is a measurable share of the CPU.
        Here the socket is read in a plain loop and the channel layer (control events only,
        never audio) by a task of its own.
        """
        self.scope = scope
        self.base_send = send
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        control = None
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
            self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
            name = f"live-control-{self.channel_name}"
            control = asyncio.create_task(self._control_events(), name=name)
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass
        except asyncio.CancelledError:
            if not await self.hook_cancelled(receive):
                raise
        finally:
            if control is not None:
                control.cancel()
                await asyncio.wait([control])

    async def _control_events(self) -> None:
        await self.hook_control_events()

    async def dispatch(self, message):
        # Channels runs close_old_connections() in a worker thread before every message: a
        # thread hop per 20 ms audio frame. These consumers reach the database only through
        # database_sync_to_async, which closes stale connections itself, so frames skip it.
        if message["type"] == "websocket.receive":
            await self.websocket_receive(message)
        else:
            await super().dispatch(message)

    def spawn(self, coro, name: str) -> asyncio.Task:
        """Start a task this session owns: cancelled and awaited on teardown."""
        task = asyncio.create_task(coro, name=f"live-{self.cid}-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

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

    def start_bridge(self, config: BridgeConfig) -> None:
        """Create the bridge (input is queued at once) and connect it in the background."""
        assert self.conversation is not None
        self.store = SessionStore(self.conversation, cid=self.cid)
        self.bridge = LiveBridge(
            gemini.get_client(),
            config,
            on_event=self._on_bridge_event,
            load_history=self.store.history,
            handle=resumption_handle(self.conversation),
            cid=self.cid,
        )
        self.spawn(self._run_bridge(), "start")

    async def _run_bridge(self) -> None:
        try:
            resumed = await self.bridge.start()
        except BridgeFailed as exc:
            await self.fail(exc.code, exc.message, CLOSE_UPSTREAM)
            return
        await self.on_ready(resumed)

    async def _on_bridge_event(self, event) -> None:
        kind = type(event)
        if kind is AudioChunk:  # the hot path first
            await self.send_audio(event.data)
            return
        self.hook_bridge_event(event)
        if kind is TurnComplete:
            self.store.store_turn(event, self.on_turn_stored)
        elif kind is ResumptionHandle:
            self.store.save_handle(event.handle)
        elif kind is BridgeError and event.fatal:
            self.spawn(self.fail(event.code, event.message, CLOSE_UPSTREAM), "fail")
        elif kind is BridgeError:
            await self.send_error(event.code, event.message)
        else:
            await self.on_event(event)

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
        logger.info("[live %s] ending: %s", self.cid, code)
        await self.send_error(code, message, fatal=True)
        await self.end(close_code)

    async def end(self, close_code: int = CLOSE_NORMAL) -> None:
        """End the session (storing the unfinished turn) and close the socket."""
        await self.teardown()
        await self.close(close_code)

    async def teardown(self) -> None:
        """Close Gemini, store what is left and end every task; safe to call repeatedly."""
        if self._ending is not None:
            if not self._ending.done():
                await asyncio.wait([self._ending], timeout=TEARDOWN_WAIT_S)
            return
        # A task of its own, so that cancelling the caller cannot cut the teardown short.
        caller = asyncio.current_task()
        name = f"live-{getattr(self, 'cid', '-')}-teardown"
        self._ending = asyncio.create_task(self._teardown(caller), name=name)
        await asyncio.shield(self._ending)

    async def _teardown(self, caller: asyncio.Task | None) -> None:
        if not hasattr(self, "_tasks"):
            return  # refused before connect() got far
        tasks = [t for t in self._tasks if t is not caller and not t.done()]
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
        if self._registered:
            self._registered = False
            await caps.release(self.user.pk, self.cid)
            await self.hook_leave_control()
        logger.info("[live %s] session ended", self.cid)


def _freeze_startup_heap() -> None:
    """Exempt the objects loaded at start-up from garbage collection, once per process.

    Django, DRF and google-genai leave a large, long-lived heap; without this a full
    collection walks all of it every few seconds under load, a pause of 100+ ms that every
    live session hears as a gap.
    """
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.collect()
        gc.freeze()


_heap_frozen = False


@database_sync_to_async
def conversation_for(user, conversation_id) -> Conversation | None:
    """Return the user's conversation with that id, or None."""
    from conversations import selectors

    return selectors.conversation_get(user=user, conversation_id=conversation_id)
