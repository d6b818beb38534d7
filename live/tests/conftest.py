"""Fixtures for the live tests: conversations, tokens, and connected test clients."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
import pytest_asyncio
import websockets
from channels.testing import WebsocketCommunicator

from live.tests.helpers import CommunicatorClient, WebsocketsClient


@pytest.fixture
def token(user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=user).key


@pytest.fixture
def conversation(user):
    from conversations import services

    return services.conversation_create(owner=user, title="Live test")


@pytest.fixture(autouse=True)
def fast_reconnects(monkeypatch):
    """Retry Gemini quickly in tests."""
    monkeypatch.setattr("live.bridge.BACKOFF_S", (0.05, 0.1, 0.2))


@pytest_asyncio.fixture
async def open_socket():
    """Return a factory of connected CommunicatorClients; all are disconnected after."""
    from sesame_site.asgi import application

    clients = []
    communicators = []

    async def open_(path: str, *, token: str | None = None, headers=(), expect=True):
        all_headers = list(headers)
        if token is not None:
            all_headers.append((b"authorization", f"Token {token}".encode()))
        communicator = WebsocketCommunicator(application, path, headers=all_headers)
        communicators.append(communicator)
        connected, code = await communicator.connect(timeout=5)
        assert connected is expect, f"connected={connected} code={code}"
        if not connected:
            return None
        client = CommunicatorClient(communicator)
        clients.append(client)
        return client

    yield open_
    for client in clients:
        with contextlib.suppress(Exception):  # some tests close it themselves
            await client.close()
    # A refused socket's application is still waiting (on the socket and, with Redis, on the
    # channel layer): end it here, while the test's loop runs, not when the loop closes.
    pending = [c.future for c in communicators if not c.future.done()]
    for future in pending:
        future.cancel()
    if pending:
        await asyncio.wait(pending, timeout=5)


@pytest_asyncio.fixture
async def voice(open_socket, conversation, token):
    """Return a factory: a voice socket on `conversation`, set up and ready."""

    async def open_voice(response: str = "audio", *, conversation_id=None, **setup):
        client = await open_socket(f"/ws/live/{conversation_id or conversation.id}/", token=token)
        await client.send_json({"type": "setup", "response": response, **setup})
        client.ready = await client.until("ready")
        return client

    return open_voice


# -- real sockets on a Daphne process ----------------------------------------------------------


@pytest.fixture
def session_cookie(user, client):
    """Log `user` in through Django's session machinery; return the Cookie header value."""
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest_asyncio.fixture
async def connect_to(daphne_server):
    """Return a factory of WebsocketsClients on a Daphne server; all closed afterwards."""
    clients = []

    async def connect(path, *, server=None, cookie=None, token=None, origin=True):
        server = server or daphne_server
        headers = {}
        if origin:
            headers["Origin"] = server.url if origin is True else origin
        if cookie:
            headers["Cookie"] = cookie
        if token:
            headers["Authorization"] = f"Token {token}"
        async with asyncio.timeout(10):
            ws = await websockets.connect(
                server.ws_url + path, additional_headers=headers, max_size=2**22, max_queue=None
            )
        client = WebsocketsClient(ws)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        await client.close()


@pytest_asyncio.fixture
async def call(connect_to, conversation, session_cookie):
    """Return a factory: a browser-like voice socket (cookie + Origin), set up and ready."""

    async def open_call(response="audio", **kwargs):
        client = await connect_to(f"/ws/live/{conversation.id}/", cookie=session_cookie, **kwargs)
        await client.send_json({"type": "setup", "response": response})
        client.ready = await client.until("ready")
        return client

    return open_call
