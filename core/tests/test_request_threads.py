"""Requests borrow pooled threads: one thread per request for its sync steps, reused after."""

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async

from core.request_threads import RequestThreads, outside_request

pytestmark = pytest.mark.asyncio


def app_recording(threads: list, *, hold: asyncio.Event | None = None, fail: bool = False):
    """An ASGI app that runs two sync steps and records the thread of each."""

    async def app(scope, receive, send):
        first = await sync_to_async(threading.get_ident)()
        if hold is not None:
            await hold.wait()
        second = await sync_to_async(threading.get_ident)()
        threads.append((first, second))
        if fail:
            raise RuntimeError("the view failed")

    return app


async def test_sequential_requests_reuse_one_thread_and_keep_their_steps_on_it():
    threads = []
    pool = RequestThreads(app_recording(threads))
    for _ in range(3):
        await pool({"type": "http"}, None, None)
    assert all(first == second for first, second in threads)
    assert len({first for first, _ in threads}) == 1
    assert threads[0][0] != threading.get_ident()
    assert pool.idle == 1


async def test_concurrent_requests_get_threads_of_their_own():
    threads, hold = [], asyncio.Event()
    pool = RequestThreads(app_recording(threads, hold=hold))
    requests = [asyncio.ensure_future(pool({"type": "http"}, None, None)) for _ in range(4)]
    await asyncio.sleep(0.1)
    hold.set()
    await asyncio.gather(*requests)
    assert all(first == second for first, second in threads)
    assert len({first for first, _ in threads}) == 4
    assert pool.idle == 4


async def test_a_failed_request_does_not_give_its_thread_back():
    threads = []
    pool = RequestThreads(app_recording(threads, fail=True))
    with pytest.raises(RuntimeError):
        await pool({"type": "http"}, None, None)
    assert pool.idle == 0


async def test_a_thread_still_running_a_step_is_not_lent_again():
    """A view cancelled while waiting on a sync step ends the request with the step running."""
    started, release = threading.Event(), threading.Event()

    def slow_step():
        started.set()
        release.wait(5)

    async def app(scope, receive, send):
        step = asyncio.ensure_future(sync_to_async(slow_step)())
        await asyncio.to_thread(started.wait, 5)
        step.cancel()  # as Django's handler does on a disconnect: the request ends normally
        await asyncio.gather(step, return_exceptions=True)

    pool = RequestThreads(app)
    await pool({"type": "http"}, None, None)
    assert pool.idle == 0
    release.set()
    threads = []
    pool.app = app_recording(threads)
    await pool({"type": "http"}, None, None)
    assert pool.idle == 1 and threads[0][0] == threads[0][1]


async def test_idle_threads_are_bounded_and_sockets_pass_through():
    threads, hold = [], asyncio.Event()
    pool = RequestThreads(app_recording(threads, hold=hold), max_idle=2)
    requests = [asyncio.ensure_future(pool({"type": "http"}, None, None)) for _ in range(5)]
    await asyncio.sleep(0.1)
    hold.set()
    await asyncio.gather(*requests)
    assert pool.idle == 2
    seen = []

    async def socket_app(scope, receive, send):
        seen.append(scope["type"])

    await RequestThreads(socket_app)({"type": "websocket"}, None, None)
    assert seen == ["websocket"]


async def test_tasks_meant_to_outlive_the_request_start_outside_it():
    """A task a request starts inherits its thread, gone once the request ends; started
    through `outside_request`, its sync steps run after the request like a socket's."""
    later = []

    async def app(scope, receive, send):
        async def lingers():
            await asyncio.sleep(0.05)
            return await sync_to_async(threading.get_ident)()

        async def start():
            return asyncio.ensure_future(lingers())

        later.append(asyncio.ensure_future(lingers()))  # inherits the request's context
        later.append(await outside_request(start()))

    await RequestThreads(app)({"type": "http"}, None, None)
    inherited, detached = await asyncio.gather(*later, return_exceptions=True)
    assert isinstance(inherited, RuntimeError) and "ThreadSensitiveContext" in str(inherited)
    assert isinstance(detached, int) and detached != threading.get_ident()
