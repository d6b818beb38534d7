"""Django's per-request database housekeeping runs on the request's own thread, without hops."""

import asyncio
import inspect
import io
import threading
import time

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_not_required
from django.core import signals
from django.core.handlers import asgi as django_asgi
from django.core.handlers.asgi import ASGIHandler
from django.db import connection
from django.http import FileResponse, JsonResponse
from django.urls import path

from core import request_threads
from core.request_threads import RequestThreads, own_request_signals

pytestmark = pytest.mark.urls(__name__)


def _open_and_age() -> dict:
    """On the request's thread: report whether the thread's connection was closed before this
    step, then open it and make it obsolete (as if CONN_MAX_AGE had passed)."""
    closed_before = connection.connection is None
    connection.ensure_connection()
    connection.close_at = time.monotonic() - 1
    return {"closed_before": closed_before, "thread": threading.get_ident()}


@login_not_required
async def db_step(request):
    return JsonResponse(await sync_to_async(_open_and_age)())


@login_not_required
async def no_step(request):
    return JsonResponse({"ok": True})


@login_not_required
def sync_view(request):
    return JsonResponse({"thread": threading.get_ident()})


closed_on: list[int] = []


class RecordingFile(io.BytesIO):
    """A file whose closing records the thread it ran on."""

    def close(self):
        closed_on.append(threading.get_ident())
        super().close()


@login_not_required
async def file_view(request):
    return FileResponse(RecordingFile(b"file contents"), filename="a.txt")


urlpatterns = [
    path("db/", db_step),
    path("none/", no_step),
    path("sync/", sync_view),
    path("file/", file_view),
]


@pytest.fixture
def pool():
    """Django's ASGI handler behind the request thread pool, with the signals taken over."""
    own_request_signals()  # again: Django's test client may have reconnected its receivers
    return RequestThreads(ASGIHandler())


async def get(pool: RequestThreads, url: str) -> tuple[int, bytes]:
    """Serve one GET through the pool; return its status and body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent, received = [], [{"type": "http.request", "body": b""}]

    async def receive():
        if received:
            return received.pop()
        await asyncio_forever()

    async def send(message):
        sent.append(message)

    await pool(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


async def asyncio_forever():
    await asyncio.Event().wait()


def probe(pool: RequestThreads, fn):
    """Run `fn` on the pool's idle thread, after whatever is queued there; return its result."""
    (executor,) = pool._idle
    return executor.submit(fn).result(timeout=10)


def test_the_hooks_relied_on_are_still_in_django():
    """Django's ASGI handler still closes a response through the module's `sync_to_async`, and
    a signal still lists its receivers as (sync, async)."""
    source = inspect.getsource(ASGIHandler.handle)
    assert "await sync_to_async(response.close)()" in source
    assert "signals.request_started.asend(" in source
    own_request_signals()
    assert django_asgi.sync_to_async is request_threads._on_loop_or_hop
    sync_receivers, async_receivers = signals.request_finished._live_receivers(ASGIHandler)
    assert set(sync_receivers) <= set(request_threads._LOOP_SAFE_FINISHED)
    assert async_receivers == []


@pytest.mark.asyncio
async def test_a_request_without_sync_steps_makes_no_thread_hop(pool):
    """Neither `request_started` nor closing the response wakes a thread."""
    status, body = await get(pool, "/none/")
    assert (status, body) == (200, b'{"ok": true}')
    (executor,) = pool._idle
    assert executor.steps == 0


@pytest.mark.asyncio
async def test_a_sync_view_is_the_requests_one_step(pool):
    status, body = await get(pool, "/sync/")
    assert status == 200
    (executor,) = pool._idle
    assert executor.steps == 1


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_first_step_starts_with_the_housekeeping(pool, settings):
    """A connection gone obsolete while its thread was idle is closed before the next
    request's first step uses the thread, as `request_started` would have closed it."""
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    first = await get(pool, "/db/")
    kept = await asyncio.to_thread(probe, pool, lambda: connection.connection is not None)
    assert kept  # the connection outlives the request
    second = await get(pool, "/db/")
    assert first[0] == second[0] == 200
    assert b'"closed_before": true' in second[1]
    await asyncio.to_thread(probe, pool, lambda: connection.close())


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_connections_close_after_each_request_with_conn_max_age_0(pool, settings):
    """With CONN_MAX_AGE 0 the thread's connection is closed once the request is over."""
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    status, _ = await get(pool, "/db/")
    assert status == 200
    assert await asyncio.to_thread(probe, pool, lambda: connection.connection is None)


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators")
async def test_a_response_holding_a_file_is_closed_on_the_requests_thread(pool):
    closed_on.clear()
    status, body = await get(pool, "/file/")
    assert (status, body) == (200, b"file contents")
    assert len(closed_on) == 1 and closed_on[0] != threading.get_ident()


@pytest.mark.asyncio
async def test_an_unknown_request_finished_receiver_runs_on_the_requests_thread(pool):
    """A receiver this module does not know might use the database: the close hops."""
    seen = []

    def receiver(**kwargs):
        seen.append(threading.get_ident())

    signals.request_finished.connect(receiver)
    try:
        status, _ = await get(pool, "/none/")
    finally:
        signals.request_finished.disconnect(receiver)
    assert status == 200
    assert len(seen) == 1 and seen[0] != threading.get_ident()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("sesame_site.urls")
async def test_a_drf_view_rendering_in_its_step_makes_one_hop(pool):
    """A sync DRF view renders its JSON in its own step; Django does not hop to render it."""
    status, body = await get(pool, "/api/conversations/")
    assert status == 401 and b'"error"' in body  # rendered: the API's error shape
    (executor,) = pool._idle
    assert executor.steps == 1
