"""The emulator's aiohttp application: routing, the control endpoint, start and stop."""

from __future__ import annotations

import itertools
import logging
import re
from pathlib import Path

from aiohttp import WSCloseCode, web

from . import certs
from .live import LiveSession
from .rest import RestApi, api_key, error_response
from .state import EmulatorState, Settings
from .transport import SniffingListener

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 32 * 1024 * 1024
_SLASHES = re.compile(r"/{2,}")
_REST_PATH = re.compile(r"^/(v1|v1beta|v1alpha)/models/([^:/]+):([A-Za-z]+)$")
_LIVE_PATH = re.compile(
    r"^/ws/google\.ai\.generativelanguage\.(v1|v1beta|v1alpha)\."
    r"GenerativeService\.BidiGenerateContent(Constrained)?$"
)


class EmulatorServer:
    """Own the HTTP application, the sniffing listener and the shared state."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        cert_dir: Path | None = None,
    ) -> None:
        self.state = EmulatorState(settings)
        self.host = host
        self._port = port
        self.cert_dir = certs.cert_dir_from(cert_dir)
        self.ca_file: Path | None = None
        self._rest = RestApi(self.state)
        self._sessions: set[LiveSession] = set()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._listener: SniffingListener | None = None

    @property
    def base_url(self) -> str:
        """Return the REST base URL (plain HTTP; Live upgrades to TLS on the same port)."""
        assert self._listener is not None, "server not started"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._listener.port}"

    async def start(self) -> None:
        """Write or load the certificate, then start serving."""
        self.ca_file, cert, key = certs.ensure_certificates(self.cert_dir)
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        app.on_shutdown.append(self._close_sessions)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        ssl_ctx = certs.server_ssl_context(cert, key)
        self._listener = SniffingListener(self._runner.server, ssl_ctx, self.host, self._port)
        await self._listener.start()
        logger.info("Gemini emulator serving on %s (TLS on the same port)", self.base_url)

    async def stop(self) -> None:
        """Stop accepting, close Live sessions and finish in-flight requests."""
        if self._listener is not None:
            await self._listener.stop()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = _SLASHES.sub("/", request.path)
        if path.startswith("/emulator/"):
            return await self._control(request, path.removeprefix("/emulator/"))
        live = _LIVE_PATH.match(path)
        if live and request.method == "GET":
            return await self._live(request)
        rest = _REST_PATH.match(path)
        if rest and request.method == "POST":
            return await self._rest.handle(request, rest.group(2), rest.group(3))
        return error_response(404, f"The emulator does not serve {request.method} {path}.")

    async def _live(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(
            compress=False, max_msg_size=MAX_BODY_BYTES, timeout=2.0, autoping=True
        )
        await ws.prepare(request)
        session = LiveSession(ws, self.state, cid=str(next(self._ids)), key=api_key(request))
        self._sessions.add(session)
        try:
            await session.run()
        finally:
            self._sessions.discard(session)
        return ws

    async def _close_sessions(self, app: web.Application) -> None:
        for session in list(self._sessions):
            await session.close(WSCloseCode.GOING_AWAY, "Emulator shutting down.")

    async def _control(self, request: web.Request, action: str) -> web.Response:
        """Serve the JSON control endpoint: faults, reset, counters."""
        state = self.state
        if action == "faults" and request.method == "POST":
            try:
                data = await request.json() if request.can_read_body else {}
                state.faults.update(data if isinstance(data, dict) else {})
            except (ValueError, TypeError) as exc:
                return web.json_response({"error": str(exc)}, status=400)
            return web.json_response({"faults": state.faults.current.as_dict()})
        if action == "faults" and request.method == "GET":
            return web.json_response({"faults": state.faults.current.as_dict()})
        if action == "reset" and request.method == "POST":
            state.reset()
            return web.json_response({"faults": state.faults.current.as_dict()})
        if action == "counters" and request.method == "GET":
            return web.json_response(state.counters.as_dict())
        return web.json_response(
            {"error": f"unknown control {request.method} {action}"}, status=404
        )
