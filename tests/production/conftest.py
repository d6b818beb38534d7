"""Fixtures of the production topology: several Daphne processes on PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import contextlib
import json
import urllib.error
import urllib.request

import pytest
import pytest_asyncio
import websockets

from conftest import DaphneServer, daphne_env, database_url_for_tests
from live.tests.helpers import WebsocketsClient


@pytest.fixture
def token(user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=user).key


@pytest.fixture
def other_token(other_user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=other_user).key


@pytest.fixture
def conversation(user):
    from conversations import services

    return services.conversation_create(owner=user, title="Two processes")


@pytest.fixture
def clean_leases(settings):
    """Forget live-call leases left in this Redis database by earlier runs."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter("sesame:live:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def start_daphne(transactional_db, gemini_emulator, tmp_path, clean_leases):
    """Return a factory of Daphne processes on the test database, Redis and the emulator.

    `start_daphne(**env)` starts one with extra environment variables; all are stopped after.
    """
    servers: list[DaphneServer] = []
    database_url = database_url_for_tests()
    media = tmp_path / "media"

    def start(**extra: str) -> DaphneServer:
        env = {**daphne_env(database_url, gemini_emulator, media), **extra}
        server = DaphneServer(env, tmp_path / f"daphne-{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.stop()
        else:
            server._log.close()


@pytest_asyncio.fixture
async def connect():
    """Return a factory of WebsocketsClients (token auth, no Origin: a program); closed after."""
    clients = []

    async def open_(server, path, *, token=None, cookie=None, origin=None):
        headers = {}
        if token:
            headers["Authorization"] = f"Token {token}"
        if cookie:
            headers["Cookie"] = cookie
        if origin:
            headers["Origin"] = origin
        async with asyncio.timeout(10):
            ws = await websockets.connect(
                server.ws_url + path, additional_headers=headers, max_size=2**22, max_queue=None
            )
        client = WebsocketsClient(ws)
        clients.append(client)
        return client

    yield open_
    for client in clients:
        with contextlib.suppress(Exception):
            await client.close()


def http(server, method: str, path: str, *, token=None, body=None, timeout=20):
    """Make one HTTP request; return (status, parsed JSON or text)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, kind = response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        status, raw, kind = exc.code, exc.read(), exc.headers
    if "json" in (kind.get("Content-Type") or ""):
        return status, json.loads(raw)
    return status, raw.decode(errors="replace")


async def ahttp(*args, **kwargs):
    """`http` off the event loop."""
    return await asyncio.to_thread(http, *args, **kwargs)
