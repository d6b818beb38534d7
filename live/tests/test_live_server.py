"""The live sockets served by a real Daphne process, driven by the `websockets` client."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os

import pytest
from asgiref.sync import sync_to_async
from websockets.exceptions import ConnectionClosed, InvalidStatus

from conversations.models import Conversation
from live.tests import signals
from live.tests.helpers import astored, b64, png, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_spoken_turn_over_a_real_socket(call, conversation):
    """Speech in over Daphne: audio frames and both transcripts out; both messages stored."""
    client = await call()
    await client.speak()
    done = await client.until("turn_complete")
    assert client.transcript("user") == "[speech 1.00 s]"
    assert len(client.audio) > 24_000 * 2 * 0.4 and client.audio_frames > 5
    assert [(m["role"], m["source"]) for m in done["messages"]] == [
        ("user", "voice"),
        ("model", "voice"),
    ]
    rows = await astored(conversation)
    assert rows[1][3] == client.transcript("model").strip()


async def test_typed_turn_and_picture_mid_call(call, conversation):
    """A typed turn, then a picture that is stored and described by the model."""
    client = await call("text")
    await client.send_json({"type": "text", "text": "hello there"})
    assert 'You said: "hello there"' in (await client.until("turn_complete"))["messages"][1]["text"]
    await client.send_json(
        {"type": "image", "mime_type": "image/png", "data": b64(png((0, 255, 0))), "persist": True}
    )
    done = await client.until("turn_complete")
    assert done["messages"][0]["attachments"][0]["mime_type"] == "image/png"
    assert "mean colour #00ff00" in done["messages"][1]["text"]
    assert len(await astored(conversation)) == 4


async def test_interruption_over_a_real_socket(call, emulator):
    """Speaking over the model: an interrupted frame, and the cut reply stored as such."""
    await emulator.aset_faults(pace=1)
    client = await call()
    await client.send_json({"type": "text", "text": "please say something long for me now"})
    while not client.audio:
        await client.next()
    await emulator.aset_faults(pace=10)
    await client.speak()
    await client.until("interrupted")
    cut = await client.until("turn_complete")
    assert cut["messages"][-1]["status"] == "interrupted"
    assert (await client.until("turn_complete"))["messages"][0]["text"].startswith("[speech")


@pytest.mark.parametrize("fault", ["go_away", "abrupt_close"])
async def test_gemini_connection_replaced_while_the_socket_stays_open(fault, call, emulator):
    """goAway or an abrupt close upstream: reconnecting/resumed; the next turn remembers."""
    if fault == "go_away":
        await emulator.aset_faults(go_away_after_s=0.4, go_away_time_left_s=3)
    else:
        await emulator.aset_faults(close_after_s=0.4)
    client = await call("text")
    await client.send_json({"type": "text", "text": "first thing"})
    await client.until("turn_complete")
    await client.until("reconnecting")
    assert (await client.until("resumed"))["fresh"] is False
    await client.speak()
    await client.send_json({"type": "text", "text": "what did I say"})
    recall = ""
    while "what did I say" not in recall:
        recall = (await client.until("turn_complete"))["messages"][-1]["text"]
    assert 'Before that you said: 1. "first thing"; 2. "[speech 1.00 s]"' in recall
    assert client.close_code is None and not client.of_type("error")


async def test_reload_resumes_with_the_stored_handle(call, conversation, emulator):
    """A second socket on the conversation resumes Gemini's session from the stored handle."""
    first = await call("text")
    await first.send_json({"type": "text", "text": "remember the blue door"})
    await first.until("turn_complete")
    await wait_for(lambda: sync_to_async(_handle)(conversation))
    await first.close()
    second = await call("text")
    assert second.ready["resumed"] is True
    await second.send_json({"type": "text", "text": "what did I say"})
    done = await second.until("turn_complete")
    assert '1. "remember the blue door"' in done["messages"][1]["text"]


async def test_audio_before_setup_over_a_real_socket(connect_to, conversation, session_cookie):
    """Audio before the setup frame: setup_required, and the setup still works after."""
    client = await connect_to(f"/ws/live/{conversation.id}/", cookie=session_cookie)
    await client.send_bytes(bytes(640))
    assert (await client.until("error"))["code"] == "setup_required"
    await client.send_json({"type": "setup", "response": "text"})
    assert (await client.until("ready"))["resumed"] is False


def _handle(conversation) -> str:
    return Conversation.objects.get(id=conversation.id).live_resumption_handle


@pytest.fixture
def other_cookie(other_user):
    from django.test import Client

    browser = Client()
    browser.force_login(other_user)
    return f"sessionid={browser.cookies['sessionid'].value}"


@pytest.mark.parametrize("case", ["bad_origin", "no_user", "someone_else"])
async def test_refusals_are_403_at_the_handshake(
    case, connect_to, conversation, session_cookie, other_cookie
):
    """Wrong Origin, no user, someone else's conversation: HTTP 403, no socket."""
    cookie = {"no_user": None, "someone_else": other_cookie}.get(case, session_cookie)
    kwargs = {"cookie": cookie}
    if case == "bad_origin":
        kwargs["origin"] = "http://evil.example"
    with pytest.raises(InvalidStatus) as refused:
        await connect_to(f"/ws/live/{conversation.id}/", **kwargs)
    assert refused.value.response.status_code == 403


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"\x01\x02\x03", "bad_audio"),
        (bytes(64 * 1024 + 2), "bad_audio"),
        ("{not json", "bad_json"),
        ('{"type": "dance"}', "unknown_type"),
        (
            '{"type": "image", "mime_type": "image/png", "data": "bm9wZQ==", "persist": true}',
            "invalid_image",
        ),
        ('{"type": "text"}', "bad_text"),
    ],
)
async def test_bad_frames_over_a_real_socket(frame, code, call):
    """Each bad frame: an error frame, and the session still answers afterwards."""
    client = await call("text")
    await client.ws.send(frame)
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == (code, False)
    await client.send_json({"type": "text", "text": "still here"})
    assert (await client.until("turn_complete"))["messages"][0]["text"] == "still here"


async def test_leaving_mid_reply_closes_gemini_and_stores_the_cut_turn(
    call, conversation, emulator
):
    """The client leaves mid-reply: the Gemini session is closed within a second."""
    await emulator.aset_faults(pace=1)
    client = await call()
    await client.speak()
    while not client.audio:
        await client.next()
    assert (await emulator.acounters())["live_sessions_open"] == 1
    await client.close()

    async def idle():
        return (await emulator.acounters())["live_sessions_open"] == 0

    await wait_for(idle, within=1.0)
    rows = await wait_for(lambda: astored(conversation))
    assert rows[0][3] == "[speech 1.00 s]"
    rows = await wait_for(lambda: _two(astored(conversation)))
    assert rows[1][:3] == ("model", "voice", "interrupted")


async def _two(rows):
    rows = await rows
    return rows if len(rows) >= 2 else None


async def test_tutorial_relay_over_a_real_socket(connect_to, token, user):
    """/ws/gemini/ with a token and no Origin: the tutorial's frames in and out."""
    client = await connect_to("/ws/gemini/", token=token, origin=False)
    await client.send_json({"setup": {"generation_config": {"response_modalities": ["AUDIO"]}}})
    for chunk in signals.chunked(signals.tone(1.0) + signals.silence(0.7), 40):
        await client.send_json(
            {"realtime_input": {"media_chunks": [{"mime_type": "audio/pcm", "data": b64(chunk)}]}}
        )
    received = 0
    while received < 24_000:
        frame = await client.next()
        received += len(base64.b64decode(frame["audio"]))
    conversation = await sync_to_async(Conversation.objects.get)(owner=user)
    rows = await wait_for(lambda: astored(conversation))
    assert rows[0][:2] == ("user", "voice")


# -- caps, on a Daphne process of their own --------------------------------------------------


@pytest.fixture(scope="module")
def capped_server(django_db_setup, django_db_blocker, gemini_emulator, tmp_path_factory):
    """A Daphne process with one session per user and a 3 s session length."""
    from conftest import DaphneServer, database_url_for_tests

    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DATABASE_URL": database_url,
        "GEMINI_BASE_URL": gemini_emulator.base_url,
        "GEMINI_CA_FILE": gemini_emulator.ca_file,
        "DJANGO_DEBUG": "1",
        "SESAME_MEDIA_ROOT": str(tmp_path_factory.mktemp("capped-media")),
        "SESAME_MAX_LIVE_SESSIONS_PER_USER": "1",
        "SESAME_MAX_LIVE_SECONDS": "3",
        "SESAME_LIVE_WARNING_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    server = DaphneServer(env, tmp_path_factory.mktemp("capped") / "daphne.log")
    yield server
    server.stop()


async def test_caps_on_a_real_server(connect_to, capped_server, conversation, session_cookie):
    """One session per user (the second gets 4429); the first warns, then ends with 4408."""
    path = f"/ws/live/{conversation.id}/"
    first = await connect_to(path, server=capped_server, cookie=session_cookie)
    await first.send_json({"type": "setup", "response": "text"})
    await first.until("ready")
    second = await connect_to(path, server=capped_server, cookie=session_cookie)
    assert (await second.until("error"))["code"] == "too_many_sessions"
    assert await second.until_closed() == 4429
    warning = await first.until("warning", within=5)
    assert warning["seconds_left"] == 1
    assert (await first.until("error", within=5))["code"] == "session_time_limit"
    assert await first.until_closed() == 4408
    third = await connect_to(path, server=capped_server, cookie=session_cookie)
    await third.send_json({"type": "setup", "response": "text"})
    assert (await third.until("ready"))["type"] == "ready"


async def test_over_cap_sockets_sending_setup_at_once_leave_no_gemini_session(
    connect_to, capped_server, conversation, session_cookie, emulator
):
    """Ten over-cap sockets that send setup right away: ten 4429s, no Gemini session left."""
    path = f"/ws/live/{conversation.id}/"
    held = await connect_to(path, server=capped_server, cookie=session_cookie)
    await held.send_json({"type": "setup", "response": "text"})
    await held.until("ready")

    async def rush():
        client = await connect_to(path, server=capped_server, cookie=session_cookie)
        with contextlib.suppress(ConnectionClosed):  # it may be closed before the second
            await client.send_json({"type": "setup", "response": "audio"})
            await client.send_json({"type": "text", "text": "let me in"})
        return await client.until_closed()

    assert await asyncio.gather(*(rush() for _ in range(10))) == [4429] * 10
    await asyncio.sleep(0.5)  # a bridge started by mistake would have connected by now
    counters = await emulator.acounters()
    assert (counters["live_sessions_open"], counters["live_sessions_total"]) == (1, 1)
    await held.close()

    async def idle():
        return (await emulator.acounters())["live_sessions_open"] == 0

    await wait_for(idle, within=1.0)
