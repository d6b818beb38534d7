"""Two narrow fixes to Daphne, so a stopping server can close its live calls properly.

1. Autobahn (under Daphne) only sends 1000 or 3000-4999 through `sendClose`, yet 1012
   (service restart) is the registered code for "come back, to this or another server".
   Daphne's `WebSocketProtocol.serverClose` is the one narrow point: 1011-1013 go straight to
   autobahn's `sendCloseFrame`, every other code through the original path.
2. On SIGTERM, Daphne's `Server.kill_all_applications` reads `details["application_instance"]`
   of every connection, but a connection whose application already finished (or has not
   started yet) has none: the KeyError skips the wait, so every application is dropped at
   once (close 1006) instead of being cancelled and awaited. The fixed copy skips those, and
   first runs the hooks given to `on_shutdown` (asgi.py gives the live calls' graceful stop),
   waiting for what they return before it cancels the applications still running.

Imported by asgi.py; tests pin that both hooks are still where they were.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol
from twisted.internet import defer

logger = logging.getLogger("daphne.server")

SERVER_CODES = frozenset({1011, 1012, 1013})
_original_server_close = WebSocketProtocol.serverClose


def server_close(self, code=None):
    """Daphne's `serverClose`, also for the server-side codes IANA registered."""
    if code in SERVER_CODES:
        self.sendCloseFrame(code=code, isReply=False)
    else:
        _original_server_close(self, code)


_shutdown_hooks: list[Callable[[], Awaitable | None]] = []


def on_shutdown(hook: Callable[[], Awaitable | None]) -> None:
    """Call `hook()` when the server is told to stop, before its applications are cancelled.

    The hook returns what to wait for (or None); the applications still running after it are
    cancelled and awaited.
    """
    if hook not in _shutdown_hooks:
        _shutdown_hooks.append(hook)


def _cancel_all(server) -> list[asyncio.Future]:
    wait_for = []
    for details in list(server.connections.values()):
        application_instance = details.get("application_instance")
        if application_instance is not None and not application_instance.done():
            application_instance.cancel()
            wait_for.append(application_instance)
    logger.info("Killed %i pending application instances", len(wait_for))
    return wait_for


def kill_all_applications(self):
    """Run the shutdown hooks, then cancel every running application and wait for them all."""
    waits = []
    for hook in _shutdown_hooks:
        try:
            waiting = hook()
        except Exception:  # noqa: BLE001 - a failing hook must not keep the server up
            logger.exception("shutdown hook %r failed", hook)
            continue
        if waiting is not None:
            waits.append(waiting)

    async def stop() -> None:
        if waits:
            await asyncio.gather(*waits, return_exceptions=True)
        await asyncio.gather(*_cancel_all(self), return_exceptions=True)

    if waits:
        wait_deferred = defer.Deferred.fromFuture(asyncio.ensure_future(stop()))
    else:  # nothing to wind down: cancel at once
        wait_deferred = defer.Deferred.fromFuture(asyncio.gather(*_cancel_all(self)))
    wait_deferred.addErrback(lambda x: None)
    return wait_deferred


if not getattr(WebSocketProtocol.serverClose, "sesame", False):
    server_close.sesame = True
    WebSocketProtocol.serverClose = server_close
    Server.kill_all_applications = kill_all_applications
