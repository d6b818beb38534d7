"""What a live call needs beside its own work when Sesame runs as several processes.

`ProductionHooks` is mixed into the live session base, which calls it at a few clearly named
points: the cap shared through Redis (live/caps.py), the per-user control group an operator
uses to end calls wherever they run, metrics and the connection id in the logs, and the
graceful stop when Daphne is told to stop (SIGTERM): the call stores its turn so far and
closes its Gemini session, the client is told `server_restarting` and the socket closes with
1012, so the page reconnects (to any process) and resumes from the stored handle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

from core import logs, metrics
from live.events import BridgeError, Reconnecting, TurnComplete

logger = logging.getLogger(__name__)

CLOSE_SERVICE_RESTART = 1012
CLOSE_ENDED_BY_ADMIN = 4403
CONTROL_RETRY_S = 1.0
CLOSE_ACK_S = 1.0
RESTART_MESSAGE = "The server is restarting; the call resumes on a new connection."
ADMIN_MESSAGE = "An administrator ended this call."


def control_group(user_id) -> str:
    """Return the Channels group of a user's live calls (control events, never audio)."""
    return f"sesame.live.{user_id}"


def end_calls_of(user_id: int, message: str = ADMIN_MESSAGE) -> None:
    """Ask every process to end the user's live calls, telling each client `message`."""
    layer = get_channel_layer()
    if layer is not None:
        event = {"type": "live.end", "message": message}
        async_to_sync(layer.group_send)(control_group(user_id), event)


class ProductionHooks:
    """Mixed into `LiveSessionConsumer`; each method is one hook the base calls."""

    _control_joined = False

    def hook_connection_id(self) -> None:
        """Tag this task's log lines (and its children's) with the connection id."""
        logs.connection_id.set(self.cid)

    def hook_refused(self, reason: str) -> None:
        """Count a socket refused before or right after accept."""
        metrics.SOCKETS_REFUSED.labels(reason=reason).inc()

    async def hook_join_control(self) -> None:
        """Join the user's control group so an operator can end this call from anywhere."""
        if self.channel_layer is None:
            return
        try:
            await self.channel_layer.group_add(control_group(self.user.pk), self.channel_name)
            self._control_joined = True
        except Exception as exc:  # noqa: BLE001 - the call goes on without remote control
            logger.warning("[live %s] control group not joined: %r", self.cid, exc)

    async def hook_leave_control(self) -> None:
        """Leave the control group (its entry expires anyway if this fails)."""
        if self._control_joined:
            self._control_joined = False
            try:
                await self.channel_layer.group_discard(
                    control_group(self.user.pk), self.channel_name
                )
            except Exception as exc:  # noqa: BLE001
                logger.warning("[live %s] control group not left: %r", self.cid, exc)

    async def hook_control_events(self) -> None:
        """Read control events for the whole call, surviving a channel layer that restarts."""
        while True:
            try:
                await self.dispatch(await self.channel_receive())
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. Redis restarted: wait, rejoin
                task = asyncio.current_task()
                if not self._control_joined or (task is not None and task.cancelling()):
                    raise  # not a call (refused, ended), or being cancelled: stop reading
                logger.warning("[live %s] control events: %r; retrying", self.cid, exc)
                await asyncio.sleep(CONTROL_RETRY_S)
                if self._control_joined:
                    await self.hook_join_control()

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

    async def hook_cancelled(self, receive) -> bool:
        """Daphne cancelled the call with its socket open: the process is stopping.

        Returns True when handled (the call was wound down), False to let the cancel go on.
        A client that left would have sent a disconnect first, so only a stopping server
        (SIGTERM: Daphne cancels every application before it exits) gets here.
        """
        if not getattr(self, "_registered", False) or self._ending is not None:
            return False
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()
        logger.info("[live %s] server stopping: storing the turn and closing 1012", self.cid)
        try:
            async with asyncio.timeout(settings.SESAME_SHUTDOWN_SECONDS):
                await self.teardown()
        except TimeoutError:
            logger.warning("[live %s] teardown did not finish before the stop", self.cid)
        await self.send_error("server_restarting", RESTART_MESSAGE, fatal=True)
        await self.close(CLOSE_SERVICE_RESTART)
        # Daphne drops every connection once the applications return: wait for the client's
        # answer to the close frame, so the frame is on the wire (1012, not 1006).
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(CLOSE_ACK_S):
                while (await receive())["type"] != "websocket.disconnect":
                    pass
        return True

    async def live_end(self, message: dict) -> None:
        """An operator ended the user's calls (`end_calls_of`): tell the client why, close."""
        text = message.get("message") or ADMIN_MESSAGE
        logger.info("[live %s] ended by an administrator", self.cid)
        self.spawn(self.fail("ended_by_admin", text, CLOSE_ENDED_BY_ADMIN), "admin-end")
