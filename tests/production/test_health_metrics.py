"""`/healthz` and `/metrics` on real Daphne processes."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest

from bench._common import free_port
from live.tests import signals
from live.tests.helpers import metric, wait_for
from tests.production.conftest import ahttp

pytestmark = [pytest.mark.services, pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_healthz_is_ok_when_database_and_redis_answer(start_daphne):
    """200 with each part named ok; no login, any Host."""
    server = start_daphne()
    status, body = await ahttp(server, "GET", "/healthz")
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "channel_layer": "ok"}


async def test_healthz_is_503_when_redis_is_unreachable(start_daphne):
    """A process whose REDIS_URL points at a closed port: 503 naming the channel layer."""
    server = start_daphne(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    status, body = await ahttp(server, "GET", "/healthz")
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["database"] == "ok" and body["channel_layer"] != "ok"


async def test_healthz_is_503_when_the_database_is_unreachable(start_daphne):
    """A process whose DATABASE_URL points at a closed port: 503 naming the database."""
    server = start_daphne(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nothing")
    status, body = await ahttp(server, "GET", "/healthz")
    assert status == 503
    assert body["database"] != "ok" and body["channel_layer"] == "ok"


async def test_metrics_count_a_live_session_while_it_is_open(
    start_daphne, connect, token, conversation
):
    """sesame_live_sessions is 1 during a call and 0 after; turns and refusals are counted."""
    server = start_daphne(SESAME_MAX_LIVE_SESSIONS_PER_USER="1")
    status, page = await ahttp(server, "GET", "/metrics")
    assert status == 200 and metric(page, "sesame_live_sessions") == 0
    call = await connect(server, f"/ws/live/{conversation.id}/", token=token)
    await call.send_json({"type": "setup", "response": "text"})
    await call.until("ready")
    page = (await ahttp(server, "GET", "/metrics"))[1]
    assert metric(page, "sesame_live_sessions") == 1
    await call.send_bytes(signals.silence(0.02))
    await call.send_json({"type": "text", "text": "count me"})
    await call.until("turn_complete")
    second = await connect(server, f"/ws/live/{conversation.id}/", token=token)
    assert await second.until_closed() == 4429
    page = (await ahttp(server, "GET", "/metrics"))[1]
    assert metric(page, "sesame_live_turns_total", status="complete") == 1
    assert metric(page, "sesame_sockets_refused_total", reason="too_many_sessions") == 1
    await call.close()

    async def closed():
        return metric((await ahttp(server, "GET", "/metrics"))[1], "sesame_live_sessions") == 0

    await wait_for(closed, within=5)


async def test_metrics_count_http_turns_and_time_requests(start_daphne, token, conversation):
    """A typed turn over HTTP shows in the turn counter and the latency histogram."""
    server = start_daphne()
    path = f"/api/conversations/{conversation.id}/messages/"
    status, _ = await ahttp(server, "POST", path, token=token, body={"text": "hello"})
    assert status == 201
    page = (await ahttp(server, "GET", "/metrics"))[1]
    assert metric(page, "sesame_http_turns_total", status="complete") == 1
    route = "api/conversations/<uuid:conversation_id>/messages/"
    count = metric(page, "sesame_http_request_duration_seconds_count", route=route, method="POST")
    assert count == 1


async def test_metrics_are_404_to_an_address_not_allowed(start_daphne):
    """With SESAME_METRICS_ALLOW naming another network, even loopback gets a 404."""
    server = start_daphne(SESAME_METRICS_ALLOW="10.0.0.0/8")
    status, body = await ahttp(server, "GET", "/metrics")
    assert status == 404 and body["error"]["code"] == "not_found"
    assert (await ahttp(server, "GET", "/healthz"))[0] == 200


def _get_with_request_id(url: str, token: str, request_id: str) -> str:
    request = urllib.request.Request(url)
    request.add_header("Authorization", f"Token {token}")
    request.add_header("X-Request-ID", request_id)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-Request-ID"]


async def test_request_id_is_echoed_and_logged_without_the_token(start_daphne, token):
    """X-Request-ID comes back; the JSON log line has it; the token never appears in the log."""
    server = start_daphne(SESAME_LOG_FORMAT="json")
    url = server.url + "/api/conversations/"
    assert await asyncio.to_thread(_get_with_request_id, url, token, "probe-123") == "probe-123"
    server.stop()
    lines = [
        json.loads(line) for line in server.log_path.read_text().splitlines() if line[:1] == "{"
    ]
    mine = [line for line in lines if line.get("request_id") == "probe-123"]
    assert mine and "/api/conversations/" in mine[0]["message"]
    assert token not in server.log_path.read_text()
