"""What a live call needs beside its own work when Sesame runs as several processes.

`ProductionHooks` is mixed into the live session base, which calls it at a few clearly named
points: metrics and the connection id in the logs, and the per-user control group. Control
events come through Channels' own machinery: each call listens on the `live` channel layer
(`LIVE_LAYER`), joins its user's group after accept, and Channels' pump dispatches each event
to a handler method here:

- `live.end`: an operator ended the user's calls wherever they run (`end_calls_of`, the admin);
- `live.stop`: this process is stopping (SIGTERM, `stop_calls`): the call stores its turn so
  far and closes its Gemini session, the client is told `server_restarting` and the socket
  closes with 1012, so the page reconnects (to any process) and resumes from the stored handle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

from core import logs, metrics
from live.events import BridgeError, Reconnecting, TurnComplete

logger = logging.getLogger(__name__)

LIVE_LAYER = "live"  # the channel layer alias live calls listen on (see settings)
CLOSE_SERVICE_RESTART = 1012
CLOSE_ENDED_BY_ADMIN = 4403
CLOSE_ACK_S = 1.0
SEND_TIMEOUT_S = 1.0
RESTART_MESSAGE = "The server is restarting; the call resumes on a new connection."
ADMIN_MESSAGE = "An administrator ended this call."

_calls: weakref.WeakSet = weakref.WeakSet()  # this process's calls that joined their group


def control_group(user_id) -> str:
    """Return the Channels group of a user's live calls (control events, never audio)."""
    return f"sesame.live.{user_id}"


def end_calls_of(user_id: int, message: str = ADMIN_MESSAGE) -> None:
    """Ask every process to end the user's live calls, telling each client `message`."""
    layer = get_channel_layer(LIVE_LAYER)
    if layer is not None:
        event = {"type": "live.end", "message": message}
        async_to_sync(layer.group_send)(control_group(user_id), event)


def stop_calls() -> asyncio.Future | None:
    """The process is stopping: wind down its calls; return what to wait for (None: nothing).

    Each call gets a `live.stop` event on its own channel (or, when the layer cannot carry it,
    the same handler is called here); the returned future ends once every call has closed
    its socket, or after `SESAME_SHUTDOWN_SECONDS` and the close handshake at most.
    """
    calls = [call for call in _calls if not call.ending]
    if not calls:
        return None
    return asyncio.ensure_future(_stop(calls))


async def _stop(calls: list) -> None:
    logger.info("server stopping: ending %d live calls with 1012", len(calls))
    event = {"type": "live.stop"}
    for call in calls:
        try:
            async with asyncio.timeout(SEND_TIMEOUT_S):
                await call.channel_layer.send(call.channel_name, event)
        except Exception as exc:  # noqa: BLE001 - the layer is down: stop the call directly
            logger.warning("[live %s] stop event not sent (%r); stopping directly", call.cid, exc)
            await call.live_stop(event)
    deadline = time.monotonic() + settings.SESAME_SHUTDOWN_SECONDS + CLOSE_ACK_S + 1
    for call in calls:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                await call.gone.wait()


class ProductionHooks:
    """Mixed into `LiveSessionConsumer`; each method is one hook the base calls."""

    channel_layer_alias = LIVE_LAYER
    _control_joined = False

    def hook_connection_id(self) -> None:
        """Tag this task's log lines (and its children's) with the connection id."""
        logs.connection_id.set(self.cid)
        self.gone = asyncio.Event()  # set once the socket is closed (or the client left)

    def hook_refused(self, reason: str) -> None:
        """Count a socket refused before or right after accept."""
        metrics.SOCKETS_REFUSED.labels(reason=reason).inc()

    async def hook_join_control(self) -> None:
        """Join the user's control group so an operator can end this call from anywhere."""
        _calls.add(self)
        if self.channel_layer is None:
            return
        try:
            async with asyncio.timeout(SEND_TIMEOUT_S):
                await self.channel_layer.group_add(control_group(self.user.pk), self.channel_name)
            self._control_joined = True
        except Exception as exc:  # noqa: BLE001 - the call goes on without remote control
            logger.warning("[live %s] control group not joined: %r", self.cid, exc)

    async def hook_leave_control(self) -> None:
        """Leave the control group (its entry expires anyway if this fails)."""
        _calls.discard(self)
        if self._control_joined:
            self._control_joined = False
            try:
                async with asyncio.timeout(SEND_TIMEOUT_S):
                    await self.channel_layer.group_discard(
                        control_group(self.user.pk), self.channel_name
                    )
            except Exception as exc:  # noqa: BLE001
                logger.warning("[live %s] control group not left: %r", self.cid, exc)

    def hook_bridge_event(self, event) -> None:
        """Count what the operator wants to see: turns, Gemini errors, rotations."""
        kind = type(event)
        if kind is TurnComplete:
            metrics.LIVE_TURNS.labels(
                status="interrupted" if event.interrupted else "complete"
            ).inc()
        elif kind is BridgeError:
            metrics.GEMINI_ERRORS.labels(kind=event.code, path="live").inc()
        elif kind is Reconnecting:
            metrics.LIVE_RECONNECTS.labels(reason=event.reason).inc()

    # -- control events (Channels' pump dispatches them by type) -------------------------------

    async def live_end(self, message: dict) -> None:
        """An operator ended the user's calls (`end_calls_of`): tell the client why, close."""
        text = message.get("message") or ADMIN_MESSAGE
        logger.info("[live %s] ended by an administrator", self.cid)
        self.spawn(self.fail("ended_by_admin", text, CLOSE_ENDED_BY_ADMIN), "admin-end")

    async def live_stop(self, message: dict) -> None:
        """The process is stopping (`stop_calls`): store, close Gemini, then close with 1012."""
        if self.spawn(self._stop_for_restart(), "restart") is None:
            self.gone.set()  # already ending: nothing to wait for

    async def _stop_for_restart(self) -> None:
        logger.info("[live %s] server stopping: storing the turn and closing 1012", self.cid)
        try:
            async with asyncio.timeout(settings.SESAME_SHUTDOWN_SECONDS):
                await self.teardown()
        except TimeoutError:
            logger.warning("[live %s] teardown did not finish before the stop", self.cid)
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.send_error("server_restarting", RESTART_MESSAGE, fatal=True)
            await self.close(CLOSE_SERVICE_RESTART)
        # Daphne drops every connection once the applications return: wait for the client's
        # answer to the close frame, so the frame is on the wire (1012, not 1006).
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(CLOSE_ACK_S):
                await self.gone.wait()
        self.gone.set()
