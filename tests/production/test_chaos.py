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


class TcpProxy:
    """A loopback TCP proxy in front of PostgreSQL that can be cut (refuse and drop all)."""

    def __init__(self, target_port: int):
        self.port = free_port()
        self.target_port = target_port
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        await self.server.wait_closed()

    async def _serve(self, reader, writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self.writers |= {writer, up_writer}
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self.writers -= {writer, up_writer}
            for end in (writer, up_writer):
                end.transport.abort()

    @staticmethod
    async def _pipe(reader, writer) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()


@sync_to_async
def stored_rows(conversation) -> list[tuple[str, str, str]]:
    rows = Message.objects.filter(conversation_id=conversation.id).order_by("created_at", "id")
    return list(rows.values_list("role", "status", "text"))


async def test_postgresql_unreachable_for_two_seconds_during_a_turn(
    start_daphne, token, conversation, emulator
):
    """The reply cannot be stored: a clear 503, the user's message alone kept; retry works."""
    from django.db import connection

    db = connection.settings_dict
    proxy = TcpProxy(int(db["PORT"] or 5432))
    await proxy.start()
    url = f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"
    server = start_daphne(DATABASE_URL=url)
    await emulator.aset_faults(latency_ms=1500)  # the reply is under way when the cut comes
    path = f"/api/conversations/{conversation.id}/messages/"
    turn = asyncio.create_task(ahttp(server, "POST", path, token=token, body={"text": "cut me"}))
    deadline = time.monotonic() + 10
    while not await stored_rows(conversation):
        assert time.monotonic() < deadline and not turn.done()
        await asyncio.sleep(0.05)
    await proxy.cut()
    cut_at = time.monotonic()
    status, body = await turn
    health = await ahttp(server, "GET", "/healthz")
    await asyncio.sleep(max(0.0, 2.0 - (time.monotonic() - cut_at)))
    await proxy.start()

    assert status == 503 and body["error"]["code"] == "database_unavailable"
    assert "database" in body["error"]["message"]
    assert health[0] == 503 and health[1]["database"] != "ok"
    assert await stored_rows(conversation) == [("user", "complete", "cut me")]

    await emulator.aset_faults(latency_ms=0)
    status, body = await ahttp(server, "POST", path, token=token, body={"retry": True})
    assert status == 201 and 'You said: "cut me"' in body["model_message"]["text"]
    rows = await stored_rows(conversation)
    assert [row[0] for row in rows] == ["user", "model"] and rows[1][1] == "complete"
    assert (await ahttp(server, "GET", "/healthz"))[0] == 200
    await proxy.cut()


async def test_the_live_layer_outlives_a_redis_restart(own_redis):
    """A call's control channel: its receive waits out a Redis restart and rejoins its group."""
    from core.layers import ResilientRedisChannelLayer

    host = {"address": own_redis.url, "socket_timeout": 15, "socket_connect_timeout": 2}
    layer = ResilientRedisChannelLayer(hosts=[host])
    channel = await layer.new_channel()
    await layer.group_add("sesame.live.1", channel)
    receiving = asyncio.create_task(layer.receive(channel))
    await asyncio.sleep(0.3)
    own_redis.stop()
    await asyncio.sleep(1.5)
    assert not receiving.done()  # waiting, not failed
    own_redis.start()  # an empty Redis: the group is gone until the channel joins it again
    deadline = time.monotonic() + 10
    while not receiving.done():
        assert time.monotonic() < deadline, "no event after Redis came back"
        with contextlib.suppress(Exception):
            await layer.group_send("sesame.live.1", {"type": "live.end", "message": "bye"})
        await asyncio.wait([receiving], timeout=0.5)
    assert await receiving == {"type": "live.end", "message": "bye"}
    await layer.close_pools()
