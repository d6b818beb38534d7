"""/ws/gemini/: the tutorial relay's protocol, its validation, and the tutorial's own page."""

from __future__ import annotations

import asyncio
import base64

import pytest
from channels.db import database_sync_to_async

from conversations.models import Conversation
from live.tests import signals
from live.tests.helpers import astored, b64, jpeg, utterance, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_tutorial_relay_protocol_audio(open_socket, token, user):
    """/ws/gemini/: setup, media_chunks of PCM in; {"audio"} out; the turn stored as voice."""
    client = await open_socket("/ws/gemini/", token=token)
    await client.send_json({"setup": {"generation_config": {"response_modalities": ["AUDIO"]}}})
    for chunk in signals.chunked(utterance(), 40):
        await client.send_json(
            {"realtime_input": {"media_chunks": [{"mime_type": "audio/pcm", "data": b64(chunk)}]}}
        )
    received = 0
    async with asyncio.timeout(10):
        while received < 24_000:  # half a second of model audio
            frame = await client.next()
            assert set(frame) == {"audio"}
            received += len(__import__("base64").b64decode(frame["audio"]))
    conversation = await database_sync_to_async(Conversation.objects.get)(owner=user)
    rows = await wait_for(lambda: astored(conversation))
    assert rows[0] == ("user", "voice", "complete", "[speech 1.00 s]")


async def test_tutorial_relay_protocol_text_and_resampling(open_socket, token, conversation):
    """TEXT modality answers {"text"}; 48 kHz PCM is resampled; ?conversation= is honoured."""
    client = await open_socket(f"/ws/gemini/?conversation={conversation.id}", token=token)
    await client.send_json({"setup": {"generation_config": {"response_modalities": ["TEXT"]}}})
    pcm = signals.tone(1.0, rate=48_000) + signals.silence(0.7, rate=48_000)
    for chunk in signals.chunked(pcm, 40, 48_000):
        await client.send_json(
            {
                "realtime_input": {
                    "media_chunks": [{"mime_type": "audio/pcm;rate=48000", "data": b64(chunk)}]
                }
            }
        )
    text = ""
    async with asyncio.timeout(10):
        while not text.rstrip().endswith('".'):
            frame = await client.next()
            assert set(frame) == {"text"}
            text += frame["text"]
    assert text.startswith('[Gemini emulator] You said: "[speech 1.00 s]"')
    rows = await wait_for(lambda: astored(conversation))
    assert rows[0][3] == "[speech 1.00 s]"


async def test_tutorial_relay_bad_chunk_and_refusal(open_socket, token, other_user):
    """A bad chunk gets an {"error"}; another user's conversation is refused."""
    client = await open_socket("/ws/gemini/", token=token)
    await client.send_json({"realtime_input": {"media_chunks": []}})
    assert (await client.next())["error"]["code"] == "setup_required"
    await client.send_json({"setup": {}})
    await client.send_json({"realtime_input": {"media_chunks": [{"mime_type": "video/x"}]}})
    assert (await client.next())["error"]["code"] == "bad_chunk"
    from conversations import services

    theirs = await database_sync_to_async(services.conversation_create)(owner=other_user)
    await open_socket(f"/ws/gemini/?conversation={theirs.id}", token=token, expect=False)


def _media(*chunks) -> dict:
    return {"realtime_input": {"media_chunks": list(chunks)}}


async def _relay_text_reply(client) -> str:
    """Collect the relay's {"text"} frames until the reply ends; fail on any error frame."""
    text = ""
    async with asyncio.timeout(10):
        while not text.rstrip().endswith('".'):
            frame = await client.next()
            assert set(frame) == {"text"}, frame
            text += frame["text"]
    return text


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ('{"realtime_input": "x"}', "bad_input"),
        ('{"realtime_input": [1]}', "bad_input"),
        ('{"realtime_input": {"media_chunks": "x"}}', "bad_input"),
        ('{"realtime_input": {"media_chunks": ["x"]}}', "bad_chunk"),
        ('{"realtime_input": {"media_chunks": [{"data": "AAAA"}]}}', "bad_chunk"),
        (
            '{"realtime_input": {"media_chunks": [{"mime_type": "audio/pcm", "data": 5}]}}',
            "bad_chunk",
        ),
        (
            '{"realtime_input": {"media_chunks": [{"mime_type": "video/x", "data": "AAAA"}]}}',
            "bad_chunk",
        ),
        (
            '{"realtime_input": {"media_chunks": [{"mime_type": "audio/pcm", "data": "%%%"}]}}',
            "bad_audio",
        ),
        (
            '{"realtime_input": {"media_chunks": [{"mime_type": "audio/pcm", "data": "AAAA"}]}}',
            "bad_audio",
        ),
        ('{"setup": {"generation_config": "x"}}', "already_set_up"),
        ("[1, 2]", "bad_json"),
        ('"realtime_input"', "bad_json"),
        ("{nope", "bad_json"),
        ('{"client_content": {}}', "unknown_type"),
    ],
)
async def test_tutorial_relay_bad_frames_get_an_error_and_the_session_goes_on(
    frame, code, open_socket, token, emulator
):
    """Each malformed relay frame: an {"error"} frame, and the session still answers."""
    client = await open_socket("/ws/gemini/", token=token)
    await client.send_json({"setup": {"generation_config": {"response_modalities": ["TEXT"]}}})
    await client.send_text(frame)
    error = (await client.next())["error"]
    assert (error["code"], error["fatal"]) == (code, False) and error["message"]
    await client.send_json(_media({"mime_type": "audio/pcm", "data": b64(utterance())}))
    assert (await _relay_text_reply(client)).startswith("[Gemini emulator] You said:")
    assert (await emulator.acounters())["live_sessions_open"] == 1


@pytest.mark.parametrize(
    "setup",
    [{"generation_config": "x"}, "x", {"generation_config": {"response_modalities": "AUDIO"}}],
)
async def test_tutorial_relay_bad_setup_is_an_error_and_a_good_one_follows(
    setup, open_socket, token
):
    """A malformed setup: bad_setup, nothing started; a good setup afterwards works."""
    client = await open_socket("/ws/gemini/", token=token)
    await client.send_json({"setup": setup})
    assert (await client.next())["error"]["code"] == "bad_setup"
    await client.send_json({"setup": {"generation_config": {"response_modalities": ["TEXT"]}}})
    await client.send_json(_media({"mime_type": "audio/pcm", "data": b64(utterance())}))
    assert (await _relay_text_reply(client)).startswith("[Gemini emulator] You said:")


async def test_tutorial_page_client_three_second_messages_and_ten_seconds(
    open_socket, token, user, emulator
):
    """Like the tutorial's page: 3 s of 16 kHz PCM per message with the newest JPEG (a chunk
    without data before the camera has one); then 10 s in one message. Every utterance is heard
    at its length and stored in order, and replies come back as audio.

    The page is answered while it records its next message, so the 10 s message goes once the
    first reply is stored. Its two utterances reach Gemini in one burst: whether the first
    reply had any words before the second utterance interrupted it depends on timing, so only
    the last reply is required of that message."""
    client = await open_socket("/ws/gemini/", token=token)
    await client.send_json({"setup": {"generation_config": {"response_modalities": ["AUDIO"]}}})
    first = signals.tone(1.0) + signals.silence(2.0)
    assert len(first) == 96_000
    await client.send_json(
        _media({"mime_type": "audio/pcm", "data": b64(first)}, {"mime_type": "image/jpeg"})
    )
    second = signals.silence(3.0)
    await client.send_json(
        _media(
            {"mime_type": "audio/pcm", "data": b64(second)},
            {"mime_type": "image/jpeg", "data": b64(jpeg())},
        )
    )
    query = Conversation.objects.filter(owner=user).first
    conversation = await wait_for(database_sync_to_async(query))

    async def listen():  # what the page receives, read until the turns are stored
        while await client.next(within=30) is not None:
            pass

    listening = asyncio.create_task(listen())

    def turns(users: int, models: int):
        async def stored_enough():
            rows = await astored(conversation)
            roles = [row[0] for row in rows]
            enough = roles.count("user") >= users and roles.count("model") >= models
            return rows if enough else None

        return stored_enough

    try:
        await wait_for(turns(1, 1), within=30)
        ten = signals.tone(1.5) + signals.silence(4.0) + signals.tone(2.0) + signals.silence(2.5)
        await client.send_json(_media({"mime_type": "audio/pcm", "data": b64(ten)}))
        rows = await wait_for(turns(3, 2), within=30)
        await asyncio.sleep(0.5)  # nothing more is coming
        rows = await astored(conversation)
    finally:
        listening.cancel()
    assert all(set(f) == {"audio"} for f in client.frames), "no error frames"
    assert [r[3] for r in rows if r[0] == "user"] == [
        "[speech 1.00 s]",
        "[speech 1.50 s]",
        "[speech 2.00 s]",
    ]
    assert rows[0][0] == "user" and rows[1][0] == "model" and rows[-1][0] == "model"
    assert sum(len(base64.b64decode(f["audio"])) for f in client.frames) > 2 * 24_000
    assert [r[3] for r in rows if r[0] == "user"] == [
        "[speech 1.00 s]",
        "[speech 1.50 s]",
        "[speech 2.00 s]",
    ]
    assert sum(len(base64.b64decode(f["audio"])) for f in client.frames) > 3 * 24_000
