"""Channels' message pump, at a fraction of its cost per message; Channels is pinned.

`AsyncConsumer.__call__` hands every message to `dispatch` through `await_many_dispatch`: one
task per receive callable (Daphne's socket queue and, when the consumer has a channel layer,
the layer), an `asyncio.wait` over them for every message, then a fresh task for the next one.
A live call receives 50 microphone frames a second, and that machinery cost ~11 µs a frame
against ~5 µs for awaiting the queue directly (measured with `python -m bench.pump`), about a
tenth of the whole voice path's CPU at 60 calls.

`await_many_dispatch` here keeps Channels' contract — one message dispatched at a time, in
arrival order; a receive that raises ends the pump with that exception; every task it started
is cancelled and awaited on the way out — and does less per message: when the first callable is
Daphne's `asyncio.Queue.get` (it always is under Daphne), the other callables (the channel
layer) get one long-lived task each that moves what they receive into that same queue, and the
pump awaits the queue alone. Anything else (another server, a test harness) takes Channels' own
implementation. `AsyncConsumer.__call__` itself, its channel-layer setup and every consumer's
`dispatch` stay Channels' own.

`verify()` checks the names relied on; the test suite calls it. Imported by asgi.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect

import channels
from channels import consumer, utils

PINNED_VERSION = "4.3.2"


class _Failed:
    """A receive that raised, carried through the queue so that the pump raises it."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException):
        self.exc = exc


async def _forward(receive, queue: asyncio.Queue) -> None:
    try:
        while True:
            queue.put_nowait(await receive())
    except asyncio.CancelledError:
        raise
    except BaseException as exc:  # noqa: BLE001 - handed to the pump, which raises it
        queue.put_nowait(_Failed(exc))


async def await_many_dispatch(consumer_callables, dispatch):
    """Await every callable, dispatching each result as it comes (Channels' contract)."""
    receive, *others = consumer_callables
    queue = getattr(receive, "__self__", None)
    if type(queue) is not asyncio.Queue or getattr(receive, "__func__", None) is not _QUEUE_GET:
        await _original(consumer_callables, dispatch)
        return
    feeders = [asyncio.ensure_future(_forward(other, queue)) for other in others]
    try:
        while True:
            message = await receive()
            if type(message) is _Failed:
                raise message.exc
            await dispatch(message)
    finally:
        for task in feeders:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def verify() -> list[str]:
    """Return what is missing of the Channels internals relied on here (empty: all there)."""
    missing = []
    if channels.__version__ != PINNED_VERSION:
        missing.append(f"channels {channels.__version__} (pinned {PINNED_VERSION})")
    if _original is not utils.await_many_dispatch:
        missing.append("channels.utils.await_many_dispatch")
    call = "".join(inspect.getsource(consumer.AsyncConsumer.__call__).split())
    if "await_many_dispatch([receive,self.channel_receive],self.dispatch)" not in call:
        missing.append("AsyncConsumer.__call__ passing Daphne's receive first")
    if consumer.await_many_dispatch is not await_many_dispatch:
        missing.append("the pump patch on channels.consumer")
    return missing


_QUEUE_GET = asyncio.Queue.get
_original = consumer.await_many_dispatch
consumer.await_many_dispatch = await_many_dispatch  # the name AsyncConsumer.__call__ reads
