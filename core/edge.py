"""The cheap edge: refuse an HTTP request body over its path's limit before anyone reads it.

Daphne queues a request's whole body for the application before calling it; Django would
then copy it (into a spooled file) and parse it before any view could refuse it. This ASGI
guard sits in front of Django: a declared `Content-Length` over the limit is answered 413 in
the error shape without receiving a byte of the body, and a body without a declared length
(chunked) is counted as Django reads it and cut off at the limit, answered 413 the same way.

Before any application runs, Twisted (under Daphne) would also parse every POSTed form body
into `request.args`, which Daphne never reads: a 100 MB multipart body cost ~14x its size in
memory and seconds of CPU. `lean_daphne_requests()` turns that off, and keeps nothing of a body
declared over its limit.

Only a turn (`POST /api/conversations/{id}/messages/`) may carry pictures, so only it gets the
large limit (SESAME_MAX_REQUEST_BYTES), and only when the request carries credentials (an
Authorization header or a session cookie; their validity is checked by the view). Every other
request is held to SESAME_MAX_BODY_BYTES. A proxy in front (the compose stack's) keeps larger
bodies away from Daphne altogether.
"""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

from core.errors import error_json

TURN_PATH = re.compile(r"^/api/conversations/[^/]+/messages/$")
COALESCE_BYTES = 1024 * 1024


class _Discard:
    """Where Twisted writes a body that will be refused: nothing is kept."""

    closed = False
    received = 0

    def write(self, data: bytes) -> None:
        self.received += len(data)

    def tell(self) -> int:
        return self.received

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def read(self, size: int = -1) -> bytes:
        return b""

    def close(self) -> None:
        self.closed = True


class _InMemoryBody(io.BytesIO):
    """Twisted's buffer for a body held in memory, handed over whole without a copy.

    `BytesIO.getvalue()` returns the buffer itself (trimmed to size), where `read()` would copy
    it: one copy fewer of every body, and for a picture of 15 MB, 15 MB of memory fewer to
    fault in.
    """

    def read(self, size: int | None = -1) -> bytes:
        if self.tell() == 0:
            whole = self.getvalue()
            if size is None or size < 0 or size >= len(whole):
                self.seek(len(whole))
                return whole
        return super().read(size)


class WholeBodyHandler(ASGIHandler):
    """Django's ASGI handler, taking a body that arrives in one message as it is.

    Django's `read_body` writes every body into a spooled temporary file, a copy; the JSON
    parser's `read()` then copies it out again. A body that fits in memory and arrives in one
    message (Daphne's, see `lean_daphne_requests`) is wrapped in a `BytesIO`, which shares the
    bytes rather than copying them, and whose whole `read()` hands back those same bytes: two
    copies fewer of a picture sent as JSON, and that much less memory to fault in. Anything
    else goes through Django's own `read_body`.
    """

    async def read_body(self, receive):
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            body = message.get("body", b"")
            if len(body) <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
                return io.BytesIO(body)
        return await super().read_body(_replaying(message, receive))


def _replaying(first: dict, receive):
    """Return a `receive` that gives `first` again, then what `receive` gives."""
    pending = [first]

    async def replaying_receive():
        return pending.pop() if pending else await receive()

    return replaying_receive


def lean_daphne_requests() -> None:
    """Have Daphne build its requests lean: no form parsing, refused bodies not kept.

    Daphne's HTTPFactory builds `daphne.http_protocol.WebRequest`; that name is pointed at a
    subclass that
    - turns off Twisted's form parsing (`parsePOSTFormSubmission`, twisted.web.http.Request);
    - in `gotLength` (Twisted's hook, called once the headers are in), gives a body whose
      declared length is already over its path's limit a sink that keeps nothing, instead of
      Twisted's temporary file: Daphne receives it anyway (it calls the application only once
      the whole body is in), but nothing writes, stores or reads it, and BodyLimit answers
      413 from the declared length; a body Django would hold in memory
      (FILE_UPLOAD_MAX_MEMORY_SIZE) is held in memory here too, not in a temporary file,
      and handed to the application in one message without a copy (`_InMemoryBody`);
    - has Daphne read the body for the application in pieces of FILE_UPLOAD_MAX_MEMORY_SIZE
      (and at least COALESCE_BYTES) rather than its default 8 KB (`Server.request_buffer_size`,
      a Daphne server setting the CLI does not expose): a 15 MB picture is one message, not
      1,900, and a body on disk is read in pieces of that size.

    It also stops Twisted's own access log on Daphne's HTTPFactory: Twisted formats a line for
    every request and hands it to its log system, where Daphne's observer drops it (Daphne
    writes its own access log), and re-formats its timestamp every second, a wake-up of an
    idle server. The tests check that these hooks still exist.
    """
    from daphne import http_protocol

    if getattr(http_protocol.WebRequest, "sesame_forms_off", False):
        return
    http_protocol.HTTPFactory.startFactory = _without_twisted_access_log

    class WebRequest(http_protocol.WebRequest):
        sesame_forms_off = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, parsePOSTFormSubmission=False, **kwargs)
            size = read_size()
            if getattr(self.server, "request_buffer_size", size) < size:
                self.server.request_buffer_size = size

        def gotLength(self, length):
            if length is not None and length > self._body_limit():
                self.content = _Discard()
            elif length is not None and length <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
                self.content = _InMemoryBody()  # as Django holds it: in memory, not on disk
            else:
                super().gotLength(length)

        def _body_limit(self) -> int:
            path = getattr(self.channel, "_path", None)  # the request line's target
            if path is None:  # not where Twisted keeps it any more: the largest limit
                return max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.SESAME_MAX_BODY_BYTES)
            path = path.split(b"?", 1)[0]
            headers = {
                name.lower(): values[-1]
                for name, values in self.requestHeaders.getAllRawHeaders()
                if values
            }
            return body_limit({"path": path.decode("latin-1")}, headers)

    http_protocol.WebRequest = WebRequest


def _without_twisted_access_log(factory) -> None:
    """`HTTPFactory.startFactory` with no access log file: `log()` then writes nothing, and no
    timestamp is kept up to date for it."""
    factory._logFile = None


def read_size() -> int:
    """Return the pieces Daphne reads a body in: a body held in memory, in one (its read
    returns less than this, which tells Daphne it is the last)."""
    return max(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1, COALESCE_BYTES)


def _headers(scope) -> dict[bytes, bytes]:
    return {key.lower(): value for key, value in scope.get("headers", [])}


def body_limit(scope, headers: dict[bytes, bytes]) -> int:
    """Return the largest body this request may carry."""
    if TURN_PATH.match(scope.get("path", "")) and (
        b"authorization" in headers
        or settings.SESSION_COOKIE_NAME.encode() in headers.get(b"cookie", b"")
    ):
        return max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.SESAME_MAX_BODY_BYTES)
    return settings.SESAME_MAX_BODY_BYTES


def _declared_length(headers: dict[bytes, bytes]) -> int | None:
    value = headers.get(b"content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


async def too_large(send, limit: int) -> None:
    """Answer 413 in the error shape (the body is left unread)."""
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:.0f} MB" if megabytes >= 1 else f"{limit // 1024} KB"
    body = error_json("request_too_large", f"The request body is larger than {size}.")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def coalesced(receive, size: int = COALESCE_BYTES):
    """Wrap `receive` to hand the app body chunks of about `size` bytes.

    Daphne delivers a body in 8 KB messages, all queued before the app runs; Django writes each
    to its spooled body file, and once that file is on disk (past FILE_UPLOAD_MAX_MEMORY_SIZE)
    every write is a thread hop: a 15 MB picture took ~600 of them. Joined here, it takes 15.
    """

    async def receive_coalesced():
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return message
        parts = [message.get("body", b"")]
        total = len(parts[0])
        while message.get("more_body") and total < size:
            message = await receive()
            if message["type"] != "http.request":
                return message  # the client left: the body does not matter any more
            parts.append(message.get("body", b""))
            total += len(parts[-1])
        return {"type": "http.request", "body": b"".join(parts), "more_body": message["more_body"]}

    return receive_coalesced


class BodyLimit:
    """ASGI middleware: 413 for a request body over its path's limit, before it is read."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        limit = body_limit(scope, headers)
        declared = _declared_length(headers)
        if declared is not None:
            if declared > limit:
                return await too_large(send, limit)
            # The server delivers no more than the declared length.
            return await self.app(scope, coalesced(receive), send)
        return await self._counted(scope, coalesced(receive), send, limit)

    async def _counted(self, scope, receive, send, limit: int) -> None:
        """Pass a body of undeclared length on while it stays under the limit."""
        received = 0
        over = False

        async def counted_receive():
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True  # the app sees a client gone, stops reading and answers nothing
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not over:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)
        if over:
            await too_large(send, limit)
