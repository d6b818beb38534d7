"""Pipecat calls on real Daphne processes: a PATCH reaching another process is forwarded."""

from __future__ import annotations

import json
import os

import aiohttp
import pytest
from django.conf import settings

from live.tests.pipecat_peer import PipecatPeer

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.services,
    pytest.mark.skipif(
        not (IN_CI or settings.REDIS_URL), reason="needs Redis (REDIS_URL), run in CI"
    ),
]


@pytest.fixture(scope="module")
def second_server(daphne_server, django_db_blocker, gemini_emulator, tmp_path_factory):
    """Another Daphne process on the same database and channel layer as `daphne_server`."""
    from conftest import DaphneServer, database_url_for_tests

    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "GEMINI_BASE_URL": gemini_emulator.base_url,
        "GEMINI_CA_FILE": gemini_emulator.ca_file,
        "SESAME_MEDIA_ROOT": str(tmp_path_factory.mktemp("second-media")),
        "DJANGO_DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    server = DaphneServer(env, tmp_path_factory.mktemp("second") / "daphne.log")
    yield server
    server.stop()


async def send(session, method: str, server, body: dict) -> tuple[int, dict | None]:
    async with session.request(method, f"{server.url}/api/rtc/offer/", json=body) as response:
        text = await response.text()
        return response.status, json.loads(text) if text else None


async def test_trickled_candidates_reach_the_owner_through_another_process(
    daphne_server, second_server, token, emulator
):
    """Offer on one process, candidates PATCHed to another: forwarded, and the call connects."""
    peer = PipecatPeer()
    headers = {"Authorization": f"Token {token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        try:
            body, candidates = await peer.offer(trickle=True)
            status, answer = await send(session, "POST", daphne_server, body)
            assert status == 200, answer
            await peer.accept(answer)
            patch = {"pc_id": peer.pc_id, "candidates": candidates}
            status, error = await send(session, "PATCH", second_server, patch)
            assert status == 204, error
            await peer.opened(within=15)
            peer.rtvi("client-ready", {"version": "2.1.0"}, "cr")
            ready = await peer.until("bot-ready", id="cr")
            assert ready["data"]["version"] == "2.1.0"

            bad = {"candidate": "candidate:1 x", "sdp_mid": "0", "sdp_mline_index": 0}
            status, error = await send(
                session, "PATCH", second_server, {"pc_id": peer.pc_id, "candidates": [bad]}
            )
            assert status == 400 and error["error"]["code"] == "bad_candidate"
            status, error = await send(
                session, "PATCH", second_server, {"pc_id": "sesame-gone", "candidates": []}
            )
            assert status == 404 and error["error"]["code"] == "not_found"
            peer.rtvi("disconnect-bot", {}, "bye")
            await peer.until("signalling")
        finally:
            await peer.close()
