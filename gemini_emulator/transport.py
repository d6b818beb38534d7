"""One listening port for plain HTTP and TLS: peek each connection's first byte."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
from collections.abc import Callable

logger = logging.getLogger(__name__)

TLS_HANDSHAKE = 0x16  # first byte of a TLS record carrying a ClientHello
FIRST_BYTE_TIMEOUT_S = 60.0
TLS_HANDSHAKE_TIMEOUT_S = 10.0


class SniffingListener:
    """Accept connections and hand each to `protocol_factory`, over TLS when it starts one."""

    def __init__(
        self,
        protocol_factory: Callable[[], asyncio.Protocol],
        ssl_context: ssl.SSLContext,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._factory = protocol_factory
        self._ssl = ssl_context
        self._host = host
        self._port = port
        self._sock: socket.socket | None = None
        self._accept_task: asyncio.Task | None = None
        self._pending: set[asyncio.Task] = set()

    @property
    def port(self) -> int:
        """Return the bound port (useful when started on port 0)."""
        assert self._sock is not None, "listener not started"
        return self._sock.getsockname()[1]

    async def start(self) -> None:
        """Bind the socket and start accepting."""
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        self._sock = socket.create_server((self._host, self._port), family=family, backlog=1024)
        self._sock.setblocking(False)
        self._accept_task = asyncio.create_task(self._accept_loop(), name="emulator-accept")

    async def stop(self) -> None:
        """Stop accepting and drop connections still being sniffed."""
        tasks = [t for t in (self._accept_task, *self._pending) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._sock is not None:
            self._sock.close()

    async def _accept_loop(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._sock is not None
        while True:
            try:
                conn, _ = await loop.sock_accept(self._sock)
            except OSError as exc:  # e.g. EMFILE: back off instead of spinning
                logger.warning("accept failed: %s", exc)
                await asyncio.sleep(0.1)
                continue
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            task = asyncio.create_task(self._dispatch(conn), name="emulator-sniff")
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def _dispatch(self, conn: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        try:
            first = await asyncio.wait_for(_peek_byte(conn), FIRST_BYTE_TIMEOUT_S)
            if first is None:
                conn.close()
                return
            tls = self._ssl if first == TLS_HANDSHAKE else None
            await loop.connect_accepted_socket(
                self._factory,
                conn,
                ssl=tls,
                ssl_handshake_timeout=TLS_HANDSHAKE_TIMEOUT_S if tls else None,
            )
        except (OSError, TimeoutError, ssl.SSLError) as exc:
            logger.debug("connection dropped before HTTP: %r", exc)
            conn.close()
        except asyncio.CancelledError:
            conn.close()
            raise


async def _peek_byte(conn: socket.socket) -> int | None:
    """Wait until `conn` is readable and return its first byte without consuming it."""
    loop = asyncio.get_running_loop()
    readable = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
    try:
        await readable
    finally:
        loop.remove_reader(fd)
    data = conn.recv(1, socket.MSG_PEEK)
    return data[0] if data else None
