"""Chaos on loopback, bounded: Redis restarted mid-call, PostgreSQL cut for 2 s mid-turn."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time

import pytest
from asgiref.sync import sync_to_async

from bench._common import free_port
from conversations.models import Message
from tests.production.conftest import ahttp

pytestmark = [pytest.mark.services, pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


class RedisServer:
    """A redis-server of our own on a free loopback port, that we can restart."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.dir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                import socket

                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@sync_to_async
def stored_texts(conversation) -> list[str]:
    rows = Message.objects.filter(conversation_id=conversation.id).order_by("created_at", "id")
    return list(rows.values_list("text", flat=True))


class Tab:
    """An events socket that reconnects when closed, as the page does."""

    def __init__(self, connect, server, token):
        self.connect, self.server, self.token = connect, server, token
        self.client = None
        self.reconnects = 0

    async def open(self):
        self.client = await self.connect(self.server, "/ws/events/", token=self.token)

    async def until(self, kind: str, within: float) -> dict:
        deadline = time.monotonic() + within
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no {kind} within {within} s"
            try:
                frame = await self.client.next(within=left)
            except TimeoutError:
                continue
            if frame is None:  # closed: come back after a short pause
                await asyncio.sleep(0.5)
                with contextlib.suppress(OSError, Exception):
                    await self.open()
                    self.reconnects += 1
                continue
            if isinstance(frame, dict) and frame.get("type") == kind:
                return frame


async def test_redis_restarted_mid_call(start_daphne, connect, token, conversation, own_redis):
    """The call goes on through a Redis restart, and the user's events resume after it."""
    a = start_daphne(REDIS_URL=own_redis.url)
    b = start_daphne(REDIS_URL=own_redis.url)
    call = await connect(a, f"/ws/live/{conversation.id}/", token=token)
    await call.send_json({"type": "setup", "response": "text"})
    await call.until("ready")
    tab = Tab(connect, b, token)
    await tab.open()
    await call.send_json({"type": "text", "text": "before the restart"})
    await call.until("turn_complete")
    assert (await tab.until("message.created", within=3))["message"]["text"] == "before the restart"

    own_redis.stop()
    await asyncio.sleep(0.5)
    await call.send_json({"type": "text", "text": "while redis is down"})
    assert "while redis is down" in (await call.until("turn_complete"))["messages"][0]["text"]
    own_redis.start()

    await call.send_json({"type": "text", "text": "after the restart"})
    done = await call.until("turn_complete")
    assert done["messages"][0]["text"] == "after the restart"
    assert call.close_code is None and not call.of_type("error")
    texts = await stored_texts(conversation)
    assert texts.count("before the restart") == 1 and texts.count("after the restart") == 1
    assert texts.count("while redis is down") == 1

    async def renamed_event_arrives():
        path = f"/api/conversations/{conversation.id}/"
        title = f"After Redis {time.monotonic()}"
        assert (await ahttp(a, "PATCH", path, token=token, body={"title": title}))[0] == 200
        try:
            event = await tab.until("conversation.updated", within=2)
        except AssertionError:
            return False
        return event["conversation"]["title"] == title

    deadline = time.monotonic() + 15
    while not await renamed_event_arrives():
        assert time.monotonic() < deadline, "events did not resume after Redis came back"
    assert (await ahttp(b, "GET", "/healthz"))[0] == 200
