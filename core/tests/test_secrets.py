"""No secret in any log: a Daphne process at DEBUG, a turn and a live call, then the log."""

import asyncio
import json
import os

import aiohttp
import pytest
import websockets

from conftest import DaphneServer, database_url_for_tests

pytestmark = pytest.mark.django_db(transaction=True)

API_KEY = "AIzaSy-secret-test-key-0123456789abcdef"


@pytest.fixture
def debug_server(gemini_emulator, tmp_path, settings):
    """Daphne with SESAME_LOG_LEVEL=DEBUG and a real-looking Gemini key (the emulator's)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DATABASE_URL": database_url_for_tests(),
        "GEMINI_API_KEY": API_KEY,
        "GEMINI_BASE_URL": gemini_emulator.base_url,
        "GEMINI_CA_FILE": gemini_emulator.ca_file,
        "SESAME_MEDIA_ROOT": str(tmp_path / "media"),
        "SESAME_LOG_LEVEL": "DEBUG",
        "DJANGO_DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    server = DaphneServer(env, tmp_path / "daphne.log")
    yield server
    server.stop()


async def talk(server, token: str, conversation_id: str) -> None:
    headers = {"Authorization": f"Token {token}"}
    url = f"{server.url}/api/conversations/{conversation_id}/messages/"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"text": "hello"}, headers=headers) as response,
    ):
        assert response.status == 201, await response.text()
    async with websockets.connect(
        f"{server.ws_url}/ws/live/{conversation_id}/", additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"type": "setup", "response": "text"}))
        await ws.send(json.dumps({"type": "text", "text": "and hello live"}))
        async with asyncio.timeout(20):
            while True:
                frame = await ws.recv()
                if isinstance(frame, str) and json.loads(frame)["type"] == "turn_complete":
                    break


def test_no_key_or_token_in_debug_logs(debug_server, user):
    """At DEBUG the log shows the traffic, but never the Gemini key or the user's token."""
    from rest_framework.authtoken.models import Token

    from conversations import services

    token = Token.objects.create(user=user).key
    conversation = services.conversation_create(owner=user, title="secrets")
    asyncio.run(talk(debug_server, token, str(conversation.id)))
    log = debug_server.log_path.read_text(errors="replace")
    assert " DEBUG daphne" in log and "seeded" in log  # the debug log was on and saw the call
    assert API_KEY not in log
    assert token not in log
