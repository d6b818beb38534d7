"""The cheap edge: oversized bodies refused unread, bad bodies answered in the error shape."""

import asyncio
import json
import time

import pytest
from asgiref.testing import ApplicationCommunicator
from django.conf import settings

from core.edge import BodyLimit

pytestmark = pytest.mark.django_db


class RecordingApp:
    """An ASGI app that reads the whole body, records what it received, and answers 200."""

    def __init__(self):
        self.called = False
        self.received: list[dict] = []

    async def __call__(self, scope, receive, send):
        self.called = True
        while True:
            message = await receive()
            self.received.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def http_scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    return {"type": "http", "method": "POST", "path": path, "headers": headers}


async def exchange(app, scope, chunks: list[bytes]) -> tuple[int, dict, bytes]:
    """Run one request through the guard; return the status, headers and body it answered."""
    communicator = ApplicationCommunicator(BodyLimit(app), scope)
    for index, chunk in enumerate(chunks):
        more = index < len(chunks) - 1
        await communicator.send_input({"type": "http.request", "body": chunk, "more_body": more})
    start = await communicator.receive_output(5)
    body = await communicator.receive_output(5)
    await communicator.wait(5)
    return start["status"], dict(start["headers"]), body["body"]


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/auth/token/", "/api/conversations/"])
async def test_declared_length_over_the_limit_is_refused_unread(path, settings):
    """413 in the error shape; the app is never called, so it saw no http.request body."""
    app = RecordingApp()
    size = settings.SESAME_MAX_BODY_BYTES + 1
    scope = http_scope(path, [(b"content-length", str(size).encode())])
    status, headers, body = await exchange(app, scope, [b"x" * 1024])
    assert status == 413 and headers[b"content-type"] == b"application/json"
    assert json.loads(body)["error"]["code"] == "request_too_large"
    assert not app.called and app.received == []


@pytest.mark.asyncio
async def test_a_turn_without_credentials_gets_the_small_limit(settings):
    """Only a turn that carries credentials may send pictures' worth of body."""
    path = "/api/conversations/0b0e5a8e-0000-4000-8000-000000000000/messages/"
    size = str(settings.SESAME_MAX_BODY_BYTES * 4).encode()
    anonymous = RecordingApp()
    status, _, _ = await exchange(anonymous, http_scope(path, [(b"content-length", size)]), [b""])
    assert status == 413 and not anonymous.called
    signed = RecordingApp()
    headers = [(b"content-length", size), (b"authorization", b"Token abc")]
    status, _, _ = await exchange(signed, http_scope(path, headers), [b"x" * int(size)])
    assert status == 200 and signed.called


@pytest.mark.asyncio
async def test_a_streamed_body_past_the_limit_is_cut_off(settings):
    """Without a declared length the body is counted as it is read and stops at the limit."""
    settings.SESAME_MAX_BODY_BYTES = 10_000
    app = RecordingApp()
    chunks = [b"x" * 4000] * 10
    status, _, body = await exchange(app, http_scope("/api/auth/token/", []), chunks)
    assert status == 413 and json.loads(body)["error"]["code"] == "request_too_large"
    bodies = [m for m in app.received if m["type"] == "http.request"]
    assert sum(len(m["body"]) for m in bodies) <= 12_000  # the app stopped near the limit
    assert app.received[-1]["type"] == "http.disconnect"


@pytest.mark.asyncio
async def test_a_streamed_body_under_the_limit_passes():
    """A small chunked body reaches the app whole."""
    app = RecordingApp()
    status, _, body = await exchange(app, http_scope("/api/auth/token/", []), [b"ab", b"cd"])
    assert status == 200 and body == b"ok"
    assert b"".join(m.get("body", b"") for m in app.received) == b"abcd"


def test_deep_json_is_a_parse_error(client, user):
    """JSON nested 100,000 deep: 400 parse_error, unauthenticated or not, never a 500."""
    deep = "[" * 100_000 + "]" * 100_000
    for path in ("/api/auth/token/", "/api/conversations/"):
        response = client.post(path, deep, content_type="application/json")
        assert response.status_code in (400, 401), response.content
    response = client.post("/api/auth/token/", deep, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
    client.force_login(user)
    from django.middleware.csrf import get_token  # noqa: F401 - the API checks CSRF

    response = client.post(
        "/api/conversations/", '{"title": ' + deep + "}", content_type="application/json"
    )
    assert response.status_code in (400, 403)


def test_deep_json_on_a_turn_is_a_parse_error(api_client, user):
    """A turn's body nested too deeply: 400 parse_error in the error shape."""
    from conversations import services

    conversation = services.conversation_create(owner=user)
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api_client.post(
        f"/api/conversations/{conversation.id}/messages/", deep, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"


def test_too_many_fields_is_400_in_the_error_shape(client, settings):
    """Over DATA_UPLOAD_MAX_NUMBER_FIELDS: 400 in the error shape, not Django's HTML page."""
    fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    for path in ("/accounts/login/", "/api/auth/token/"):
        response = client.post(path, fields, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400, (path, response.content[:200])
        assert response.json()["error"]["code"] == "too_many_fields"


def test_too_many_files_is_400_in_the_error_shape(api_client, user, settings):
    """A turn with more files than DATA_UPLOAD_MAX_NUMBER_FILES: 400 too_many_files."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conversations import services

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    conversation = services.conversation_create(owner=user)
    files = [SimpleUploadedFile(f"p{n}.png", b"x") for n in range(6)]
    response = api_client.post(
        f"/api/conversations/{conversation.id}/messages/", {"images": files}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "too_many_files"


# -- through a real Daphne process -----------------------------------------------------------


async def post(url: str, body: bytes, headers: dict) -> tuple[int, dict, float]:
    import aiohttp

    started = time.perf_counter()
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        payload = await response.json()
    return response.status, payload, time.perf_counter() - started


def test_daphne_refuses_an_oversized_login_at_once(daphne_server):
    """30 MB of multipart to the login page and the token endpoint: a quick 413 in the error
    shape, and Daphne's memory grows by at most 1.5x the body (Twisted parses no form)."""
    from bench._common import peak_rss_mb, reset_peak_rss, rss_mb
    from bench.http_turn import BOUNDARY, multipart

    body = multipart(30 * 1024 * 1024)
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    for path in ("/accounts/login/", "/api/auth/token/"):
        reset_peak_rss(daphne_server.pid)
        before = rss_mb(daphne_server.pid)
        status, payload, elapsed = asyncio.run(post(daphne_server.url + path, body, headers))
        assert status == 413 and payload["error"]["code"] == "request_too_large"
        assert elapsed < 5
        # Declared over the limit, the body is received but never kept (core.edge._Discard).
        assert (peak_rss_mb(daphne_server.pid) - before) * 2**20 <= 0.5 * len(body)


def test_twisted_form_parsing_is_off_under_daphne():
    """The hooks the edge relies on still exist: Twisted's switch and Daphne's request class."""
    import inspect

    from daphne import http_protocol
    from twisted.web import http

    import sesame_site.asgi  # noqa: F401 - installs the request class

    assert "parsePOSTFormSubmission" in inspect.signature(http.Request.__init__).parameters
    assert http_protocol.WebRequest.sesame_forms_off
    from types import SimpleNamespace

    from twisted.internet.testing import StringTransport

    from core.edge import _Discard, _InMemoryBody, read_size

    server = SimpleNamespace(protocol_connected=lambda protocol: None, request_buffer_size=8192)
    channel = http.HTTPChannel()
    channel.factory = SimpleNamespace(server=server)
    channel.makeConnection(StringTransport())
    request = http_protocol.WebRequest(channel)
    assert request._parsePOSTFormSubmission is False
    # Daphne reads a body held in memory in one piece: past FILE_UPLOAD_MAX_MEMORY_SIZE.
    assert server.request_buffer_size == read_size() > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    # Twisted's hooks: gotLength(), the headers so far, the channel's request path.
    assert "length" in inspect.signature(http.Request.gotLength).parameters
    channel._path = b"/accounts/login/?next=/"
    request.gotLength(2 * 1024 * 1024)
    assert isinstance(request.content, _Discard)  # over the login page's 1 MB: not kept
    request = http_protocol.WebRequest(channel)
    request.gotLength(1000)
    assert isinstance(request.content, _InMemoryBody)
    channel._path = b"/api/conversations/x/messages/"
    request = http_protocol.WebRequest(channel)
    request.requestHeaders.setRawHeaders(b"authorization", [b"Token abc"])
    request.gotLength(2 * 1024 * 1024)  # a turn with credentials may carry pictures
    assert not isinstance(request.content, _Discard)


def test_twisteds_own_access_log_is_off_under_daphne():
    """Daphne's HTTPFactory neither formats Twisted's access line for each request nor keeps
    its timestamp fresh every second (Daphne writes its own access log)."""
    from types import SimpleNamespace

    from daphne import http_protocol
    from twisted.web import http

    import sesame_site.asgi  # noqa: F401 - applies core.edge.lean_daphne_requests

    assert "_logFile" in vars(http.HTTPFactory) and "log" in vars(http.HTTPFactory)
    factory = http_protocol.HTTPFactory(SimpleNamespace())
    factory.startFactory()
    assert factory._logFile is None and factory._logDateTimeCall is None
    formatted = []
    factory._logFormatter = lambda *args: formatted.append(args) or ""
    factory.log(SimpleNamespace())
    factory.stopFactory()
    assert formatted == []


def test_daphne_refuses_unknown_socket_paths_without_a_traceback(daphne_server):
    """/ws/whatever/ is a 403 at the handshake, and the server log has no traceback for it."""
    import websockets
    from websockets.exceptions import InvalidStatus

    async def attempt():
        with pytest.raises(InvalidStatus) as refused:
            await websockets.connect(
                daphne_server.ws_url + "/ws/whatever/",
                additional_headers={"Origin": daphne_server.url},
            )
        return refused.value.response.status_code

    log_before = daphne_server.log_path.read_text(errors="replace")
    assert asyncio.run(attempt()) == 403
    time.sleep(0.2)
    new_log = daphne_server.log_path.read_text(errors="replace")[len(log_before) :]
    assert "Traceback" not in new_log and "No route found" not in new_log


@pytest.mark.asyncio
async def test_small_chunks_reach_the_app_joined_and_whole():
    """3 MB in 8 KB messages arrive as a few ~1 MB chunks, byte for byte."""
    app = RecordingApp()
    body = bytes(range(256)) * (3 * 4096)
    chunks = [body[i : i + 8192] for i in range(0, len(body), 8192)]
    scope = http_scope(
        "/api/conversations/x/messages/",
        [(b"content-length", str(len(body)).encode()), (b"authorization", b"Token abc")],
    )
    status, _, _ = await exchange(app, scope, chunks)
    assert status == 200
    received = [m for m in app.received if m["type"] == "http.request"]
    assert len(received) <= 4 and b"".join(m["body"] for m in received) == body
    assert received[-1]["more_body"] is False


def test_a_body_held_in_memory_is_handed_over_whole_and_without_a_copy():
    """Daphne's read of the whole body returns Twisted's buffer itself; partial reads work."""
    from core.edge import _InMemoryBody

    body = _InMemoryBody()
    for piece in (b"a" * 70_000, b"b" * 70_000, b"c"):
        body.write(piece)
    body.seek(0)
    whole = body.read(1 << 30)
    assert whole == b"a" * 70_000 + b"b" * 70_000 + b"c"
    assert body.getvalue() is whole and body.read(10) == b""
    body.seek(0)
    assert body.read(3) == b"aaa" and body.read(2) == b"aa" and len(body.read()) == 140_001 - 5


def _receiver(*messages):
    queue = list(messages)

    async def receive():
        return queue.pop(0)

    return receive


@pytest.mark.asyncio
async def test_a_body_in_one_message_reaches_django_as_the_same_bytes():
    """One message: no copy into a spooled file, and the whole read gives the bytes back."""
    from django.core.handlers.asgi import ASGIHandler

    from core.edge import WholeBodyHandler

    assert "read_body" in ASGIHandler.handle.__code__.co_names  # the hook Django calls
    body = b'{"text": "' + b"x" * 3_000_000 + b'"}'
    handler = WholeBodyHandler()
    stream = await handler.read_body(_receiver({"type": "http.request", "body": body}))
    assert stream.read() is body


@pytest.mark.asyncio
async def test_a_body_in_pieces_or_cut_short_goes_through_djangos_own_reading():
    """Several messages are joined as Django joins them; a client gone first aborts it."""
    from django.core.exceptions import RequestAborted

    from core.edge import WholeBodyHandler

    handler = WholeBodyHandler()
    stream = await handler.read_body(
        _receiver(
            {"type": "http.request", "body": b"ab", "more_body": True},
            {"type": "http.request", "body": b"cd", "more_body": True},
            {"type": "http.request", "body": b"e"},
        )
    )
    assert stream.read() == b"abcde"
    with pytest.raises(RequestAborted):
        await handler.read_body(
            _receiver(
                {"type": "http.request", "body": b"ab", "more_body": True},
                {"type": "http.disconnect"},
            )
        )
    with pytest.raises(RequestAborted):
        await handler.read_body(_receiver({"type": "http.disconnect"}))
