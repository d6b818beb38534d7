"""The live consumers over the real ASGI stack (WebsocketCommunicator) and the emulator."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from conversations.models import Attachment, Conversation, Message
from live.session import registry
from live.tests import signals
from live.tests.helpers import b64, jpeg, live_tasks, png, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def stored(conversation) -> list[tuple[str, str, str, str]]:
    """Return (role, source, status, text) of the conversation's messages, oldest first."""
    return list(
        Message.objects.filter(conversation_id=conversation.id)
        .order_by("created_at", "id")
        .values_list("role", "source", "status", "text")
    )


@database_sync_to_async
def stored_handle(conversation) -> str:
    return Conversation.objects.get(id=conversation.id).live_resumption_handle


def summary(messages: list[dict]) -> list[tuple[str, str, str]]:
    return [(m["role"], m["source"], m["status"]) for m in messages]


# -- turns -----------------------------------------------------------------------------------


async def test_spoken_turn_streams_audio_and_transcripts_and_stores_both(voice, conversation):
    """Speech in: model audio and both transcripts out; both sides stored as voice messages."""
    client = await voice()
    assert client.ready["resumed"] is False and client.ready["offline"] is True
    assert client.ready["conversation_id"] == str(conversation.id)
    await client.speak()
    done = await client.until("turn_complete")
    assert client.transcript("user") == "[speech 1.00 s]"
    model_words = client.transcript("model").strip()
    assert model_words.startswith('[Gemini emulator] You said: "[speech 1.00 s]"')
    assert len(client.audio) > 24_000 * 2 * 0.4 and len(client.audio) % 2 == 0
    assert summary(done["messages"]) == [
        ("user", "voice", "complete"),
        ("model", "voice", "complete"),
    ]
    assert [m["text"] for m in done["messages"]] == ["[speech 1.00 s]", model_words]
    assert await stored(conversation) == [
        ("user", "voice", "complete", "[speech 1.00 s]"),
        ("model", "voice", "complete", model_words),
    ]


async def test_typed_turn_inside_the_call(voice, conversation):
    """A typed text is answered in the call and stored as a typed user message."""
    client = await voice()
    await client.send_json({"type": "text", "text": "hello from the keyboard"})
    done = await client.until("turn_complete")
    user, model = done["messages"]
    assert (user["source"], user["text"]) == ("text", "hello from the keyboard")
    assert 'You said: "hello from the keyboard"' in model["text"]
    assert client.audio  # still spoken
    assert [row[0] for row in await stored(conversation)] == ["user", "model"]


async def test_text_responses(voice):
    """response "text": the model's words arrive as text frames, without audio."""
    client = await voice("text")
    await client.send_json({"type": "text", "text": "write it"})
    done = await client.until("turn_complete")
    written = "".join(f["text"] for f in client.of_type("text"))
    assert written.strip() == done["messages"][1]["text"] and not client.audio


async def test_push_to_talk(voice):
    """activity "manual": the client's activity_start/activity_end delimit the spoken turn."""
    client = await voice(activity="manual")
    assert client.ready["activity"] == "manual"
    await client.send_json({"type": "activity_start"})
    await client.speak(signals.tone(0.6))  # no trailing silence: the client says when it ends
    await client.send_json({"type": "activity_end"})
    done = await client.until("turn_complete")
    assert done["messages"][0]["text"] == "[speech 0.60 s]"


async def test_picture_mid_call_is_stored_and_seen(voice, conversation):
    """A picture attached during the call is stored as an attachment and described."""
    client = await voice()
    await client.speak()
    await client.until("turn_complete")
    await client.send_json(
        {
            "type": "image",
            "mime_type": "image/png",
            "data": b64(png()),
            "persist": True,
            "text": "what is this?",
        }
    )
    done = await client.until("turn_complete")
    user, model = done["messages"]
    assert user["text"] == "what is this?" and user["source"] == "text"
    (attachment,) = user["attachments"]
    assert (attachment["mime_type"], attachment["width"], attachment["height"]) == (
        "image/png",
        64,
        48,
    )
    assert "I see a PNG image, 64×48 pixels, mean colour #ff0000" in model["text"]
    stored_picture = await database_sync_to_async(
        Attachment.objects.filter(id=attachment["id"], message__conversation=conversation).get
    )()
    assert stored_picture.file.size == stored_picture.size_bytes > 0
    assert len(await stored(conversation)) == 4


async def test_bad_picture_is_refused_and_the_call_goes_on(voice):
    """A picture that is not one gets the upload validation's error; the session continues."""
    client = await voice()
    await client.send_json(
        {"type": "image", "mime_type": "image/png", "data": b64(b"not a picture"), "persist": True}
    )
    error = await client.until("error")
    assert error["code"] == "invalid_image" and error["fatal"] is False
    await client.send_json({"type": "text", "text": "still there?"})
    assert (await client.until("turn_complete"))["messages"][0]["text"] == "still there?"


async def test_camera_frames_are_throttled_and_not_stored(voice, conversation, emulator, settings):
    """Camera frames: only the newest is forwarded, at most one per interval, none stored."""
    settings.SESAME_CAMERA_FRAME_INTERVAL = 0.4
    client = await voice("text")
    for shade in range(5):  # five frames in 0.2 s: the first goes at once, the newest later
        frame = jpeg((0, 0, 200 + shade))
        await client.send_json(
            {"type": "image", "mime_type": "image/jpeg", "data": b64(frame), "persist": False}
        )
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)
    assert (await emulator.acounters())["video_frames_received"] == 2
    await client.send_json({"type": "text", "text": "what do you see"})
    done = await client.until("turn_complete")
    assert "In the video (frame 2) I see a JPEG image, 64×48 pixels" in done["messages"][1]["text"]
    assert not await database_sync_to_async(Attachment.objects.exists)()


async def test_interruption_flushes_and_the_call_goes_on(voice, conversation, emulator):
    """Speaking over the model: interrupted, the cut reply stored as such, then answered."""
    await emulator.aset_faults(pace=1)
    client = await voice()
    await client.send_json({"type": "text", "text": "please say something long for me now"})
    while not client.audio:
        await client.next()
    await client.speak()
    await client.until("interrupted")
    cut = await client.until("turn_complete")
    assert cut["messages"][-1]["status"] == "interrupted"
    answer = await client.until("turn_complete")
    assert answer["messages"][0]["text"].startswith("[speech")
    rows = await stored(conversation)
    assert [r[2] for r in rows if r[0] == "model"] == ["interrupted", "complete"]


# -- Gemini's connection limits --------------------------------------------------------------


async def test_go_away_rotation_keeps_the_socket_and_the_history(voice, emulator):
    """goAway: reconnecting/resumed, the socket stays open, the next turn remembers."""
    await emulator.aset_faults(go_away_after_s=0.3, go_away_time_left_s=3)
    client = await voice("text")
    await client.send_json({"type": "text", "text": "first thing"})
    await client.until("turn_complete")
    await client.until("reconnecting")
    await client.send_json({"type": "text", "text": "what did I say"})  # during the switch
    assert (await client.until("resumed"))["fresh"] is False
    done = await client.until("turn_complete")
    assert 'Before that you said: 1. "first thing"' in done["messages"][1]["text"]
    assert client.close_code is None and not client.of_type("error")
    assert (await emulator.acounters())["live_sessions_open"] == 1


async def test_abrupt_upstream_close_reconnects_without_the_client_noticing(voice, emulator):
    """Gemini drops the connection: the client sees reconnecting/resumed, never a close."""
    await emulator.aset_faults(close_after_s=0.5)
    client = await voice("text")
    await client.send_json({"type": "text", "text": "remember the blue door"})
    await client.until("turn_complete")
    await client.until("resumed")
    await client.speak()
    await client.send_json({"type": "text", "text": "what did I say"})
    recall = ""
    while "what did I say" not in recall:
        recall = (await client.until("turn_complete"))["messages"][-1]["text"]
    assert '1. "remember the blue door"; 2. "[speech 1.00 s]"' in recall
    assert client.close_code is None


async def test_rejected_resumption_after_a_close_starts_fresh_from_stored_history(voice, emulator):
    """A close and a refused handle: a fresh session seeded from the database remembers."""
    await emulator.aset_faults(close_after_s=0.5, reject_resumption_count=1)
    client = await voice("text")
    await client.send_json({"type": "text", "text": "stored before the failure"})
    await client.until("turn_complete")
    assert (await client.until("resumed"))["fresh"] is True
    await client.send_json({"type": "text", "text": "what did I say"})
    done = await client.until("turn_complete")
    assert '1. "stored before the failure"' in done["messages"][1]["text"]


async def test_reload_resumes_with_the_stored_handle(voice, conversation, emulator):
    """Leaving and coming back resumes Gemini's session from the handle kept in the database."""
    first = await voice("text")
    await first.send_json({"type": "text", "text": "remember the blue door"})
    await first.until("turn_complete")
    await wait_for(lambda: stored_handle(conversation))
    await first.close()
    second = await voice("text")
    assert second.ready["resumed"] is True
    await second.send_json({"type": "text", "text": "what did I say"})
    done = await second.until("turn_complete")
    assert '1. "remember the blue door"' in done["messages"][1]["text"]
    assert (await emulator.acounters())["live_resumptions"] == 1


async def test_reload_without_a_valid_handle_is_seeded_from_the_thread(
    voice, conversation, emulator
):
    """An expired handle: the new session gets the stored text and pictures as context."""
    await database_sync_to_async(_thread_with_picture)(conversation)
    client = await voice("text")
    assert client.ready["resumed"] is False
    await client.send_json({"type": "text", "text": "what did I say"})
    done = await client.until("turn_complete")
    assert '1. "my cat is called Miso"; 2. "(a picture)"' in done["messages"][1]["text"]
    assert (await emulator.acounters())["live_resumptions"] == 0


def _thread_with_picture(conversation):
    from conversations import services

    services.message_create(conversation=conversation, role="user", text="my cat is called Miso")
    services.message_create(conversation=conversation, role="model", text="What a name.")
    image = services.NewImage(png(), "image/png", 64, 48)
    services.message_create(conversation=conversation, role="user", images=[image])
    services.conversation_save_resumption(conversation_id=conversation.id, handle="old")
    Conversation.objects.filter(id=conversation.id).update(
        live_resumption_issued_at=timezone.now() - timedelta(hours=3)
    )


# -- caps ------------------------------------------------------------------------------------


async def test_concurrent_session_cap(voice, open_socket, conversation, token, settings):
    """Past the per-user cap a socket gets a fatal error and close 4429; closing one frees it."""
    settings.SESAME_MAX_LIVE_SESSIONS_PER_USER = 1
    first = await voice()
    extra = await open_socket(f"/ws/live/{conversation.id}/", token=token)
    error = await extra.until("error")
    assert (error["code"], error["fatal"]) == ("too_many_sessions", True)
    assert await extra.until_closed() == 4429
    await first.close()
    await wait_for(lambda: registry.count() == 0)
    again = await voice()
    assert again.ready["type"] == "ready"


async def test_session_length_cap_warns_then_ends(voice, conversation, settings):
    """At the length cap: a warning first, then a fatal error and close 4408; turn stored."""
    settings.SESAME_MAX_LIVE_SECONDS = 2
    settings.SESAME_LIVE_WARNING_SECONDS = 1
    client = await voice("text")
    await client.send_json({"type": "text", "text": "quick one"})
    warning = await client.until("warning", within=5)
    assert warning["code"] == "session_ending" and warning["seconds_left"] == 1
    error = await client.until("error", within=5)
    assert (error["code"], error["fatal"]) == ("session_time_limit", True)
    assert await client.until_closed() == 4408
    assert [row[0] for row in await stored(conversation)] == ["user", "model"]


# -- refusals and bad frames -----------------------------------------------------------------


@pytest.mark.parametrize(
    "case", ["bad_origin", "no_user", "bad_token", "someone_else", "no_such_conversation"]
)
async def test_refused_before_accept(case, open_socket, conversation, token, other_user):
    """Wrong Origin, no user, someone else's conversation: refused at the handshake."""
    from rest_framework.authtoken.models import Token

    path = f"/ws/live/{conversation.id}/"
    headers, use_token = [(b"origin", b"http://localhost")], None
    if case == "bad_origin":
        headers, use_token = [(b"origin", b"http://evil.example")], token
    elif case == "bad_token":
        use_token = "0" * 40
    elif case == "someone_else":
        use_token = (await database_sync_to_async(Token.objects.create)(user=other_user)).key
    elif case == "no_such_conversation":
        path, use_token = "/ws/live/00000000-0000-0000-0000-000000000000/", token
    assert await open_socket(path, token=use_token, headers=headers, expect=False) is None
    assert registry.count() == 0


@pytest.mark.parametrize(
    ("send", "code"),
    [
        (("bytes", b"\x00\x01\x02"), "bad_audio"),
        (("bytes", bytes(64 * 1024 + 2)), "bad_audio"),
        (("text", "{not json"), "bad_json"),
        (("text", '["a list"]'), "unknown_type"),
        (("json", {"type": "dance"}), "unknown_type"),
        (("json", {"type": "text"}), "bad_text"),
        (("json", {"type": "image", "data": 5}), "bad_image"),
        (("json", {"type": "image", "mime_type": "image/gif", "data": "AAAA"}), "bad_image"),
        (("json", {"type": "setup"}), "already_set_up"),
    ],
)
async def test_bad_frame_gets_an_error_and_the_session_goes_on(send, code, voice):
    """Each bad frame: an error frame (not fatal), then the session still answers."""
    client = await voice("text")
    kind, value = send
    if kind == "bytes":
        await client.send_bytes(value)
    elif kind == "text":
        await client.send_text(value)
    else:
        await client.send_json(value)
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == (code, False)
    await client.send_json({"type": "text", "text": "are you there"})
    assert (await client.until("turn_complete"))["messages"][0]["text"] == "are you there"


@pytest.mark.parametrize("first", [("bytes", bytes(640)), ("json", {"type": "text", "text": "x"})])
async def test_anything_before_setup_is_an_error(first, open_socket, conversation, token):
    """Audio or a frame before setup: setup_required, and setup still works after."""
    client = await open_socket(f"/ws/live/{conversation.id}/", token=token)
    kind, value = first
    await (client.send_bytes(value) if kind == "bytes" else client.send_json(value))
    assert (await client.until("error"))["code"] == "setup_required"
    await client.send_json({"type": "setup", "response": "text"})
    assert (await client.until("ready"))["type"] == "ready"


# -- ending ----------------------------------------------------------------------------------


async def test_disconnect_mid_reply_cleans_up_and_stores_the_cut_turn(
    voice, conversation, emulator
):
    """Leaving mid-reply: no task left, no Gemini session open, the turn stored as cut."""
    await emulator.aset_faults(pace=1)
    client = await voice()
    await client.speak()
    while not client.audio:
        await client.next()
    await client.close()
    await wait_for(lambda: not live_tasks(), within=1.0)
    await wait_for(_emulator_idle(emulator), within=1.0)
    rows = await stored(conversation)
    assert rows[0] == ("user", "voice", "complete", "[speech 1.00 s]")
    assert rows[1][:3] == ("model", "voice", "interrupted") and rows[1][3]
    assert registry.count() == 0


async def test_stop_ends_the_session(voice, emulator):
    """A stop frame closes the socket normally and ends the Gemini session."""
    client = await voice()
    await client.send_json({"type": "stop"})
    assert await client.until_closed() == 1000
    await client.close()  # the server tells the application the socket is gone, as Daphne does
    await wait_for(lambda: not live_tasks(), within=1.0)
    await wait_for(_emulator_idle(emulator), within=1.0)


def _emulator_idle(emulator):
    async def idle():
        return (await emulator.acounters())["live_sessions_open"] == 0

    return idle


async def test_untitled_conversation_is_named_after_its_first_words(voice, conversation):
    """A call in an untitled thread names it after the user's first words."""
    await database_sync_to_async(Conversation.objects.filter(id=conversation.id).update)(title="")
    client = await voice("text")
    await client.send_json({"type": "text", "text": "Plans for the weekend trip"})
    await client.until("turn_complete")

    async def titled():
        found = await database_sync_to_async(Conversation.objects.get)(id=conversation.id)
        return found.title

    assert await wait_for(titled) == "Plans for the weekend trip"


async def test_gemini_refusing_the_session_is_a_fatal_error(
    open_socket, conversation, token, emulator
):
    """Gemini refuses every connection (a bad key): after the retries, error then close 4502."""
    await emulator.aset_faults(bad_key=True)
    client = await open_socket(f"/ws/live/{conversation.id}/", token=token)
    await client.send_json({"type": "setup", "response": "audio"})
    error = await client.until("error")
    assert (error["code"], error["fatal"]) == ("upstream_unavailable", True)
    assert "API key not valid" in error["message"]
    assert await client.until_closed() == 4502
    await client.close()
    await wait_for(lambda: not live_tasks(), within=1.0)
    assert registry.count() == 0
