"""Pipecat's SmallWebRTC signalling and RTVI 2.1, driven by an aiortc peer like Pipecat's client.

The view runs in the test's event loop (Django's AsyncClient), so the server's peer connection
and the client peer talk over real UDP on 127.0.0.1; Gemini is the emulator.
"""

from __future__ import annotations

import asyncio
import re

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.test import AsyncClient

from conversations.models import Message
from live import smallwebrtc
from live.session import registry
from live.tests.helpers import live_tasks, wait_for
from live.tests.pipecat_peer import PipecatPeer, SolidVideoTrack

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

OFFER_URL = "/api/rtc/offer/"
SPEECH_1S = re.compile(r"\[speech (0\.9[5-9]|1\.0[0-5]) s\]")  # one second, ± 5 %


class TokenClient:
    """Django's AsyncClient with a token on every request (its `headers=` default is WSGI-only)."""

    def __init__(self, key: str):
        self.client = AsyncClient()
        self.headers = {"authorization": f"Token {key}"}

    def __getattr__(self, method):
        call = getattr(self.client, method)
        return lambda *args, **kwargs: call(*args, headers=self.headers, **kwargs)


@pytest.fixture
def http(token):
    return TokenClient(token)


@pytest_asyncio.fixture
async def peers():
    """Return a factory of PipecatPeers; every one is closed after the test, and every call."""
    made = []

    def make(**kwargs) -> PipecatPeer:
        peer = PipecatPeer(**kwargs)
        made.append(peer)
        return peer

    yield make
    for peer in made:
        await peer.close()
    for call in list(smallwebrtc.calls.values()):
        await call.end()
    await wait_for(lambda: registry.count() == 0, within=10)  # calls still hanging up


async def post(http, body: dict, status: int = 200) -> dict:
    response = await http.post(OFFER_URL, body, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


async def patch(http, body: dict):
    return await http.patch(OFFER_URL, body, content_type="application/json")


async def place_call(http, peer: PipecatPeer, request_data: dict | None = None) -> dict:
    """Post the peer's offer, apply the answer and wait for the data channel; return `bot-ready`."""
    body, _ = await peer.offer()
    if request_data is not None:
        body["requestData"] = request_data
    await peer.accept(await post(http, body))
    await peer.opened()
    ready_id = peer.rtvi("client-ready", {"version": "2.1.0", "about": {"library": "test"}}, "cr1")
    return await peer.until("bot-ready", id=ready_id)


def stored(conversation_id) -> list[tuple[str, str, str]]:
    return list(
        Message.objects.filter(conversation_id=conversation_id)
        .order_by("created_at", "id")
        .values_list("role", "source", "text")
    )


astored = sync_to_async(stored)


async def test_a_spoken_turn_speaks_rtvi_and_is_stored(http, peers, emulator, user):
    """Speech in: RTVI speaking states, transcripts, bot text and audio out; stored as webrtc."""
    peer = peers()
    ready = await place_call(http, peer)
    assert ready["data"]["version"] == "2.1.0"
    conversation_id = ready["data"]["about"]["conversation_id"]
    peer.microphone.say()
    await peer.until("bot-stopped-speaking", within=15)
    kinds = [m["type"] for m in peer.messages]
    for kind in (
        "user-started-speaking",
        "user-stopped-speaking",
        "bot-llm-started",
        "bot-started-speaking",
        "bot-llm-text",
        "bot-output",
        "bot-llm-stopped",
    ):
        assert kind in kinds, (kind, kinds)
    assert kinds.index("user-started-speaking") < kinds.index("bot-started-speaking")
    final = [m["data"] for m in peer.of_type("user-transcription") if m["data"]["final"]]
    assert final and SPEECH_1S.fullmatch(final[0]["text"]), peer.of_type("user-transcription")
    assert final[0]["user_id"] == str(user.pk) and final[0]["timestamp"]
    words = "".join(m["data"]["text"] for m in peer.of_type("bot-llm-text"))
    assert words.startswith('[Gemini emulator] You said: "[speech 1.0')
    assert peer.bot_level() > 500  # the bot's voice came back on the audio track, not silence
    stored_event = await peer.until("server-message")
    assert stored_event["data"]["type"] == "turn-stored"
    rows = await wait_for(lambda: astored(conversation_id))
    assert rows[0][:2] == ("user", "webrtc") and SPEECH_1S.fullmatch(rows[0][2])
    assert rows[1][:2] == ("model", "webrtc") and rows[1][2].startswith("[Gemini emulator]")


async def test_send_text_client_messages_and_unknown_types(http, peers, emulator):
    """send-text is a typed turn; client-message gets server-response or error-response."""
    peer = peers()
    ready = await place_call(http, peer)
    peer.send("ping: 1700000000000")  # the client's keep-alive is ignored
    peer.send("not json either")
    peer.rtvi("client-message", {"t": "conversation", "d": {}}, "q1")
    response = await peer.until("server-response", id="q1")
    assert response["data"] == {
        "t": "conversation",
        "d": {"conversation_id": ready["data"]["about"]["conversation_id"]},
    }
    peer.rtvi("client-message", {"t": "no-such-thing", "d": {}}, "q2")
    refused = await peer.until("error-response", id="q2")
    assert "no-such-thing" in refused["data"]["error"]
    peer.rtvi("append-to-context", {"role": "user", "content": "x"}, "q3")
    assert "append-to-context" in (await peer.until("error-response", id="q3"))["data"]["error"]
    peer.rtvi("send-text", {"content": "   "}, "q4")
    await peer.until("error-response", id="q4")

    peer.rtvi("send-text", {"content": "typed to the bot", "options": {}}, "t1")
    await peer.until("bot-llm-stopped", within=15)
    words = "".join(m["data"]["text"] for m in peer.of_type("bot-llm-text"))
    assert '"typed to the bot"' in words
    rows = await wait_for(lambda: astored(ready["data"]["about"]["conversation_id"]))
    assert rows[0] == ("user", "text", "typed to the bot")
    assert rows[1][:2] == ("model", "webrtc")


async def test_disconnect_bot_ends_the_call_and_frees_everything(http, peers, emulator):
    """disconnect-bot: peerLeft, the peer connection closes, Gemini's session is closed."""
    peer = peers()
    await place_call(http, peer)
    assert emulator.counters()["live_sessions_open"] == 1
    peer.rtvi("disconnect-bot", {}, "bye")
    left = await peer.until("signalling")
    assert left["message"] == {"type": "peerLeft"}
    await wait_for(lambda: not smallwebrtc.calls, within=5)
    await wait_for(lambda: emulator.counters()["live_sessions_open"] == 0, within=5)
    await wait_for(lambda: peer.pc.connectionState == "closed", within=5)
    assert registry.count() == 0
    assert not live_tasks()


async def test_client_hang_up_ends_the_call_and_stores_the_turn(http, peers, emulator):
    """The client closing its peer connection (disconnect()) ends the call; turns are kept."""
    peer = peers()
    ready = await place_call(http, peer)
    peer.rtvi("send-text", {"content": "before hanging up"}, "t1")
    await peer.until("server-message", within=15)
    await peer.close()
    await wait_for(lambda: not smallwebrtc.calls, within=10)
    await wait_for(lambda: emulator.counters()["live_sessions_open"] == 0, within=5)
    rows = await astored(ready["data"]["about"]["conversation_id"])
    assert rows[0] == ("user", "text", "before hanging up")
    assert not live_tasks()


async def test_renegotiation_keeps_the_peer_connection(http, peers, emulator):
    """A second offer with the pc_id renegotiates the same peer connection; the call goes on."""
    peer = peers()
    await place_call(http, peer)
    first = peer.pc_id
    body, _ = await peer.offer()
    await peer.accept(await post(http, body))
    assert peer.pc_id == first
    assert len(smallwebrtc.calls) == 1
    peer.rtvi("send-text", {"content": "after renegotiating"}, "t1")
    await peer.until("bot-llm-stopped", within=15)
    assert emulator.counters()["live_sessions_open"] == 1


async def test_restart_pc_replaces_the_peer_connection(http, peers, emulator):
    """restart_pc: a new peer connection (new pc_id) takes over the same call and Gemini session."""
    old = peers()
    ready = await place_call(http, old)
    new = peers()
    body, _ = await new.offer()
    body.update(pc_id=old.pc_id, restart_pc=True)
    await new.accept(await post(http, body))
    assert new.pc_id != old.pc_id
    assert list(smallwebrtc.calls) == [new.pc_id]
    await new.opened()
    await old.close()
    new.rtvi("send-text", {"content": "on the new connection"}, "t1")
    await new.until("bot-llm-stopped", within=15)
    assert emulator.counters()["live_sessions_open"] == 1
    rows = await wait_for(lambda: astored(ready["data"]["about"]["conversation_id"]))
    assert rows[0] == ("user", "text", "on the new connection")
    response = await patch(http, {"pc_id": old.pc_id, "candidates": []})
    assert response.status_code == 404  # the old pc_id is gone


async def test_trickled_candidates_connect_the_call(http, peers, emulator):
    """An offer without candidates: the PATCHed ones reach the server's ICE agent, then connect."""
    peer = peers()
    body, candidates = await peer.offer(trickle=True)
    assert candidates and "a=candidate" not in body["sdp"]
    answer = await post(http, body)
    server_ice = smallwebrtc.calls[answer["pc_id"]].peer.pc.getTransceivers()[0].receiver
    server_ice = server_ice.transport.transport
    assert server_ice.getRemoteCandidates() == []
    for candidate in candidates:
        body = {"pc_id": answer["pc_id"], "candidates": [candidate]}
        assert (await patch(http, body)).status_code == 204
    end = {"candidate": "", "sdp_mid": "0", "sdp_mline_index": 0}
    assert (await patch(http, {"pc_id": answer["pc_id"], "candidates": [end]})).status_code == 204
    # Before the client has the answer it makes no checks, so these can only be the PATCHed ones.
    foundations = {c["candidate"].split()[0].removeprefix("candidate:") for c in candidates}
    assert {c.foundation for c in server_ice.getRemoteCandidates()} == foundations
    await peer.accept(answer)
    await peer.opened()
    peer.rtvi("client-ready", {"version": "2.1.0"}, "cr")
    await peer.until("bot-ready", id="cr")


async def test_patch_errors(http, peers, emulator):
    """PATCH: an unknown pc_id is a 404, a malformed body or candidate a 400, in the error shape."""
    response = await patch(http, {"pc_id": "sesame-nope", "candidates": []})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    response = await patch(http, {"pc_id": "sesame-nope"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    peer = peers()
    await place_call(http, peer)
    bad = {"candidate": "candidate:garbage", "sdp_mid": "0", "sdp_mline_index": 0}
    response = await patch(http, {"pc_id": peer.pc_id, "candidates": [bad]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_candidate"


@pytest.mark.parametrize("method", ["post", "patch"])
async def test_anonymous_requests_get_401(method, emulator):
    """No token and no session: 401 in the error shape."""
    client = AsyncClient()
    response = await getattr(client, method)(
        OFFER_URL,
        {"sdp": "v=0", "type": "offer", "pc_id": "x", "candidates": []},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    page = await client.get("/examples/pipecat/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]  # login required


async def test_foreign_conversation_and_peer_connection(http, peers, emulator, other_user):
    """Someone else's conversation or pc_id is a 404; no call or Gemini session is left."""
    from rest_framework.authtoken.models import Token

    from conversations import services

    theirs = await sync_to_async(services.conversation_create)(owner=other_user, title="Theirs")
    peer = peers()
    body, _ = await peer.offer()
    body["requestData"] = {"conversation_id": str(theirs.id)}
    assert (await post(http, body, 404))["error"]["code"] == "not_found"
    body["requestData"] = {"conversation_id": "not-a-uuid"}
    await post(http, body, 404)
    assert not smallwebrtc.calls and emulator.counters()["live_sessions_open"] == 0

    await place_call(http, peer)
    key = (await sync_to_async(Token.objects.create)(user=other_user)).key
    mallory = TokenClient(key)
    response = await patch(mallory, {"pc_id": peer.pc_id, "candidates": []})
    assert response.status_code == 404
    intruder = peers()
    body, _ = await intruder.offer()
    body.update(pc_id=peer.pc_id, restart_pc=True)
    await post(mallory, body, 404)
    assert list(smallwebrtc.calls) == [peer.pc_id]


async def test_the_users_own_conversation_is_continued(http, peers, emulator, conversation):
    """requestData.conversation_id names the user's conversation; the call is stored there."""
    peer = peers()
    ready = await place_call(http, peer, {"conversation_id": str(conversation.id)})
    assert ready["data"]["about"]["conversation_id"] == str(conversation.id)
    peer.rtvi("send-text", {"content": "in my thread"}, "t1")
    rows = await wait_for(lambda: astored(conversation.id), within=15)
    assert rows[0] == ("user", "text", "in my thread")


async def test_session_cookie_needs_csrf(user, peers, emulator):
    """A browser session works with its CSRF token and is refused (403) without it."""
    client = AsyncClient(enforce_csrf_checks=True)
    await sync_to_async(client.force_login)(user)
    page = await client.get("/examples/pipecat/")
    assert page.status_code == 200
    csrf = client.cookies["csrftoken"].value
    peer = peers()
    body, _ = await peer.offer()
    response = await client.post(OFFER_URL, body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = await client.post(
        OFFER_URL, body, content_type="application/json", headers={"x-csrftoken": csrf}
    )
    assert response.status_code == 200 and response.json()["pc_id"]


async def test_bad_offers_are_refused_and_leave_nothing(http, peers, emulator):
    """Malformed bodies and SDP get 400s; nothing is left open."""
    assert (await post(http, {"type": "offer"}, 400))["error"]["code"] == "invalid"
    bad = await post(http, {"sdp": "v=0\r\nnonsense", "type": "offer"}, 400)
    assert bad["error"]["code"] == "bad_sdp"
    response = await http.post(OFFER_URL, "[1,2", content_type="application/json")
    assert response.status_code == 400
    assert (await http.get(OFFER_URL)).status_code == 405
    await asyncio.sleep(0.2)
    assert not smallwebrtc.calls and registry.count() == 0
    assert emulator.counters()["live_sessions_open"] == 0


async def test_concurrent_call_cap(http, peers, emulator, settings):
    """Beyond SESAME_MAX_LIVE_SESSIONS_PER_USER calls, the offer gets a 429."""
    settings.SESAME_MAX_LIVE_SESSIONS_PER_USER = 1
    await place_call(http, peers())
    body, _ = await peers().offer()
    assert (await post(http, body, 429))["error"]["code"] == "too_many_sessions"


async def test_track_status_turns_the_microphone_off_and_on(http, peers, emulator):
    """A trackStatus signalling message for receiver 0 stops and restarts audio to Gemini."""
    peer = peers()
    await place_call(http, peer)
    await wait_for(lambda: emulator.counters()["audio_ms_received"] > 200, within=5)
    off = {"type": "trackStatus", "receiver_index": 0, "enabled": False}
    peer.send({"type": "signalling", "message": off})
    await asyncio.sleep(0.3)
    before = emulator.counters()["audio_ms_received"]
    peer.microphone.say()
    await asyncio.sleep(1.0)
    assert emulator.counters()["audio_ms_received"] - before < 100  # nothing (in flight only)
    peer.send({"type": "signalling", "message": dict(off, enabled=True)})
    await wait_for(lambda: emulator.counters()["audio_ms_received"] - before > 500, within=5)


async def test_time_limit_warns_then_ends_the_call_with_an_error(http, peers, emulator, settings):
    """The session length cap: a warning (server-message), a fatal error, then peerLeft."""
    settings.SESAME_MAX_LIVE_SECONDS = 2
    settings.SESAME_LIVE_WARNING_SECONDS = 1
    peer = peers()
    await place_call(http, peer)
    warning = await peer.until("server-message", within=5)
    assert warning["data"]["type"] == "warning" and warning["data"]["seconds_left"] == 1
    error = await peer.until("error", within=5)
    assert error["data"]["code"] == "session_time_limit" and error["data"]["fatal"] is True
    assert error["data"]["message"]
    assert (await peer.until("signalling"))["message"] == {"type": "peerLeft"}
    await wait_for(lambda: not smallwebrtc.calls and registry.count() == 0, within=5)
    assert emulator.counters()["live_sessions_open"] == 0


async def test_camera_then_screen_share_by_replace_track(http, peers, emulator):
    """The camera (transceiver 1) reaches Gemini; a screen put on transceiver 2 by replaceTrack
    (no renegotiation) is what Gemini sees next, the camera as an inset."""
    peer = peers(camera=SolidVideoTrack((200, 30, 30), (640, 480)))
    await place_call(http, peer)
    await wait_for(lambda: emulator.counters()["video_frames_received"] >= 1, within=8)
    peer.rtvi("send-text", {"content": "what do you see"}, "t1")
    await peer.until("bot-llm-stopped", within=15)
    seen = "".join(m["data"]["text"] for m in peer.of_type("bot-llm-text"))
    assert "640×480" in seen, seen

    peer.pc.getTransceivers()[2].sender.replaceTrack(SolidVideoTrack((20, 40, 220), (1280, 720)))
    before = emulator.counters()["video_frames_received"]
    await wait_for(lambda: emulator.counters()["video_frames_received"] >= before + 2, within=8)
    mark = len(peer.messages)
    peer.rtvi("send-text", {"content": "and now what do you see"}, "t2")
    await peer.until("bot-llm-stopped", within=15, after=mark)
    seen = "".join(m["data"]["text"] for m in peer.messages[mark:] if m["type"] == "bot-llm-text")
    assert "1280×720" in seen, seen


async def test_typed_turns_share_the_http_turn_rate(http, peers, emulator, settings):
    """send-text counts against SESAME_TURN_RATE: over it, an error-response says so."""
    from django.core.cache import cache

    await sync_to_async(cache.clear)()
    settings.SESAME_TURN_RATE = "1/min"
    peer = peers()
    await place_call(http, peer)
    peer.rtvi("send-text", {"content": "first"}, "t1")
    await peer.until("bot-llm-stopped", within=15)
    peer.rtvi("send-text", {"content": "second"}, "t2")
    refused = await peer.until("error-response", id="t2")
    assert refused["data"]["error"].startswith("Too many turns")
    await sync_to_async(cache.clear)()
