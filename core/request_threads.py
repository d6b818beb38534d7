"""Each HTTP request's sync steps on a reused thread, not on one made for it.

Django's ASGI handler runs every request inside asgiref's `ThreadSensitiveContext`, so that the
request's sync steps (middleware, the view, the ORM) share one thread of their own and never
queue behind another request's. Without an executor, that context makes a one-thread
`ThreadPoolExecutor` whose thread starts at the request's first sync step and is joined at its
end: a thread started and joined per request, and with it a new database connection per request
(a connection belongs to its thread). On a 2-core machine, reusing both took an authenticated
GET from 6.5 to 5.5 ms of Daphne CPU, and a text turn (three sync steps) from 20 to 13.5 ms.

`RequestThreads` gives each request a one-thread executor from a pool and takes it back after
the response: entered first with that executor (`ThreadSensitiveContext(executor=...)`), the
context is the one Django's own handler then uses (only the outermost context sets it). So the
same threads, and their database connections (kept per `CONN_MAX_AGE`), serve request after
request, and a request's sync steps still run on one thread of their own. A request that ends in
an exception, or whose thread still has a sync step queued or running when it ends (a view
cancelled while it waited for one), does not give its thread back: its executor is shut down,
not reused. The pool keeps at most `MAX_IDLE` idle threads; bursts beyond it get
threads that end with their request, as before.

Tasks a request starts inherit its context, and so its executor: once the request is over,
their sync steps raise (asgiref refuses to run them on a thread the request no longer owns).
Work that starts tasks meant to outlive the request (a call placed over HTTP) runs through
`outside_request()`, in a copy of the context without the request's executor, so that its
tasks' sync steps run where the socket consumers' do.

Django's per-request database housekeeping (`reset_queries` and `close_old_connections` on
`request_started`, `close_old_connections` on `request_finished`) must run on the thread that
owns the request's connections, so Django's ASGI handler sends each of those signals through a
thread hop of its own: two of a text turn's four hops, each a wake-up of the request's thread and
one of the event loop. `own_request_signals()` (called once, by the ASGI entry point) takes that
housekeeping over: the request's executor runs it on its thread just before the request's first
sync step, and, where a database closes its connections after every request
(`CONN_MAX_AGE` 0), queues it behind the request's last step without waiting for it. A
connection kept longer is checked before the thread's next request uses it, as a WSGI
worker's is. The response is then closed on the event loop (`request_finished` with Django's
remaining receivers, which touch no database and no socket); a response with resources to
release, or a signal with receivers this module does not know, still closes through a hop.
Likewise a DRF response its sync view already rendered on the request's thread
(`core.api.RenderInViewStep`) is not "rendered" again through a hop of its own.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import io
import itertools
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from typing import Any, TypeVar

from asgiref.sync import SyncToAsync, ThreadSensitiveContext, sync_to_async
from django.core import signals
from django.core.cache import caches, close_caches
from django.core.cache.backends.base import BaseCache
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.handlers import asgi as django_asgi
from django.core.handlers import base as django_base
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.base import reset_urlconf
from django.db import close_old_connections, connections, reset_queries
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import SimpleTemplateResponse

T = TypeVar("T")

MAX_IDLE = 32  # idle request threads kept (each may hold a database connection)


class _RequestExecutor(ThreadPoolExecutor):
    """A one-thread executor that knows whether a job is still queued or running on it."""

    def __init__(self, name: str):
        super().__init__(max_workers=1, thread_name_prefix=name)
        self._jobs = 0
        self._jobs_lock = threading.Lock()
        self._housekeeping = False  # the request's first sync step does the housekeeping
        self.steps = 0  # sync steps the current request has submitted

    def begin_request(self, *, housekeeping: bool) -> None:
        """Lend the executor to a new request; its first sync step starts with Django's
        `request_started` database housekeeping when `housekeeping` is set."""
        self._housekeeping = housekeeping
        self.steps = 0

    def end_request(self) -> None:
        """Queue Django's `request_finished` database housekeeping behind the request's last
        sync step, on its thread; nobody waits for it, and it does not count as a job."""
        super().submit(close_old_connections)

    def submit(self, fn, /, *args, **kwargs):
        if self._housekeeping and not self.steps:
            fn = functools.partial(_after_housekeeping, fn)
        self.steps += 1
        with self._jobs_lock:
            self._jobs += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._job_done)
        return future

    def _job_done(self, future) -> None:
        with self._jobs_lock:
            self._jobs -= 1

    @property
    def busy(self) -> bool:
        with self._jobs_lock:
            return self._jobs > 0


class RequestThreads:
    """ASGI middleware for HTTP: run each request in a thread-sensitive context on a pooled
    one-thread executor."""

    def __init__(self, app, *, max_idle: int = MAX_IDLE):
        self.app = app
        self.max_idle = max_idle
        self._idle: list[_RequestExecutor] = []
        self._names = itertools.count(1)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        executor = self._idle.pop() if self._idle else self._new()
        executor.begin_request(housekeeping=_owned)
        clean = False
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
            clean = True
        finally:
            # A sync step a cancelled view stopped waiting for may still be running (Django's
            # handler swallows a client's disconnect): that thread is not lent out again.
            reuse = clean and not executor.busy and len(self._idle) < self.max_idle
            if _owned and executor.steps and _closes_after_each_request():
                executor.end_request()
            if reuse:
                self._idle.append(executor)
            else:
                executor.shutdown(wait=False)

    def _new(self) -> _RequestExecutor:
        return _RequestExecutor(f"request-{next(self._names)}")

    @property
    def idle(self) -> int:
        """The number of idle request threads kept for the next requests."""
        return len(self._idle)


# --- Django's request signals -------------------------------------------------------------

_owned = False  # own_request_signals() has taken the database housekeeping over
# request_finished receivers that may run on the event loop: they touch no database or socket
# (close_caches only while every cache in use has BaseCache's no-op close).
_LOOP_SAFE_FINISHED = (close_caches, reset_urlconf)


def own_request_signals() -> None:
    """Do Django's per-request database housekeeping on the request's thread, without hops.

    Disconnects Django's own receivers from `request_started`/`request_finished` (RequestThreads
    runs them instead) and has Django's ASGI handler close a response on the event loop when
    nothing in the closing needs a thread. For the ASGI process only: the WSGI entry point and
    management commands keep Django's signals as they are.
    """
    global _owned
    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    for module in (django_asgi, django_base):
        if module.sync_to_async is sync_to_async:
            module.sync_to_async = _on_loop_or_hop
    _owned = True


def _after_housekeeping(fn, /, *args, **kwargs):
    """Run Django's `request_started` housekeeping on this thread, then the request's step."""
    reset_queries()
    close_old_connections()
    return fn(*args, **kwargs)


def _closes_after_each_request() -> bool:
    """Whether a database closes its connections when each request ends (CONN_MAX_AGE 0)."""
    return any(not db.get("CONN_MAX_AGE") for db in connections.settings.values())


def _on_loop_or_hop(func, *args, **kwargs):
    """`sync_to_async` as Django's handlers use it, except for the two calls that need no
    thread: closing a response whose closing touches nothing thread-bound, and "rendering" a
    response its view already rendered on its own thread (`core.api.RenderInViewStep`)."""
    if not _needs_no_thread(func):
        return sync_to_async(func, *args, **kwargs)

    async def here():
        return func()

    return here


def _needs_no_thread(func) -> bool:
    response = getattr(func, "__self__", None)
    method = getattr(func, "__func__", None)
    if isinstance(response, SimpleTemplateResponse) and method is SimpleTemplateResponse.render:
        return response.is_rendered
    return (
        isinstance(response, HttpResponseBase)
        and method is HttpResponseBase.close
        and all(_closes_in_memory(closer) for closer in response._resource_closers)
        and _finished_receivers_loop_safe(response._handler_class)
    )


def _closes_in_memory(closer) -> bool:
    """Whether a response's resource closer only releases memory: the request's own `close`
    (which Django adds to every response) while neither its body nor an uploaded file is on
    disk."""
    request = getattr(closer, "__self__", None)
    if getattr(closer, "__func__", None) not in (HttpRequest.close, ASGIRequest.close):
        return False
    if isinstance(request, ASGIRequest) and not _in_memory(request._stream):
        return False
    files = getattr(request, "_files", None)
    return not files or all(
        isinstance(upload, InMemoryUploadedFile)
        for upload in itertools.chain.from_iterable(files.lists())
    )


def _in_memory(body) -> bool:
    """Whether a request body (Django's spooled file, or `core.edge`'s BytesIO) is in memory."""
    if isinstance(body, SpooledTemporaryFile):
        return not getattr(body, "_rolled", True)
    return isinstance(body, io.BytesIO)


def _finished_receivers_loop_safe(sender) -> bool:
    sync_receivers, async_receivers = signals.request_finished._live_receivers(sender)
    if async_receivers or any(r not in _LOOP_SAFE_FINISHED for r in sync_receivers):
        return False
    return all(type(cache).close is BaseCache.close for cache in caches.all(initialized_only=True))


async def outside_request(coro: Coroutine[Any, Any, T]) -> T:
    """Await `coro` in a task detached from the request's thread-sensitive context.

    For work that starts tasks meant to outlive the request: they inherit this task's context,
    whose sync steps run on the process's own thread for them, as a socket consumer's do.
    Cancelling the caller cancels the task.
    """
    context = contextvars.copy_context()
    context.run(SyncToAsync.thread_sensitive_context.set, None)
    return await asyncio.get_running_loop().create_task(coro, context=context)
