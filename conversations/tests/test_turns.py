"""Typed turns over HTTP against the Gemini emulator: history, pictures, SSE, failures, titles."""

import asyncio
import base64
import io
import json
import time

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.test import AsyncClient
from PIL import Image
from rest_framework.authtoken.models import Token

from conversations import services, titles
from conversations.models import Attachment, Conversation, Message
from conversations.tests.test_images import photo_with_exif, picture

REPLY = '[Gemini emulator] You said: "{}".'


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Each test starts with an empty turn budget (the throttle counts in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def conversation(user):
    return services.conversation_create(owner=user)


def turn_url(conversation) -> str:
    return f"/api/conversations/{conversation.id}/messages/"


def send(api_client, conversation, **body):
    return api_client.post(turn_url(conversation), body, format="json")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def parse_sse(raw: bytes) -> list[tuple[str, dict]]:
    """Return the (event, data) pairs of an SSE body."""
    events = []
    for block in raw.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append((fields["event"], json.loads(fields["data"])))
    return events


# --- JSON turns ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_turns_second_reply_remembers_the_first(api_client, conversation, emulator):
    """The second turn sends the first to Gemini: its reply recalls what the user said."""
    first = send(api_client, conversation, text="My cat is called Miso")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["user_message"]["text"] == "My cat is called Miso"
    assert body["model_message"]["text"] == REPLY.format("My cat is called Miso")
    assert body["model_message"]["role"] == "model"
    assert body["model_message"]["status"] == "complete"

    second = send(api_client, conversation, text="What did I say before?").json()
    assert 'Before that you said: 1. "My cat is called Miso".' in second["model_message"]["text"]
    stored = list(conversation.messages.values_list("role", "status", "text"))
    assert [(r, s) for r, s, _ in stored] == [("user", "complete"), ("model", "complete")] * 2
    assert emulator.counters()["rest_requests"] == 2


@pytest.mark.django_db
def test_reply_metadata_records_model_usage_and_latency(api_client, conversation):
    """The stored reply says which model answered, the tokens used and how long it took."""
    send(api_client, conversation, text="Count my tokens")
    reply = conversation.messages.get(role="model")
    assert reply.metadata["model"] == "gemini-2.5-flash"
    assert reply.metadata["usage"]["total_tokens"] > reply.metadata["usage"]["output_tokens"] > 0
    assert reply.metadata["latency_ms"] >= 0 and reply.metadata["finish_reason"] == "STOP"


@pytest.mark.django_db
def test_json_picture_turn_is_described_and_stored(api_client, conversation):
    """A base64 PNG reaches Gemini (described exactly) and is stored as an attachment."""
    response = send(
        api_client,
        conversation,
        text="What colour is this?",
        images=[{"mime_type": "image/png", "data": b64(picture("PNG", (64, 48), (255, 0, 0)))}],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert "I see a PNG image, 64×48 pixels, mean colour #ff0000." in body["model_message"]["text"]
    (attachment,) = body["user_message"]["attachments"]
    assert (attachment["width"], attachment["height"]) == (64, 48)
    assert attachment["mime_type"] == "image/png"
    served = api_client.get(attachment["url"])
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (64, 48)


@pytest.mark.django_db
def test_multipart_picture_turn_stored_upright_without_metadata(api_client, conversation):
    """A sideways phone photo sent as a file is stored (and sent) upright, EXIF removed."""
    upload = io.BytesIO(photo_with_exif(size=(40, 20)))
    upload.name = "IMG_0001.jpg"
    response = api_client.post(
        turn_url(conversation), {"text": "Which way up?", "images": [upload]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert "I see a JPEG image, 20×40 pixels" in response.json()["model_message"]["text"]
    attachment = Attachment.objects.get()
    assert (attachment.width, attachment.height) == (20, 40)
    data = attachment.file.open("rb").read()
    assert b"SpyCam" not in data and not Image.open(io.BytesIO(data)).getexif()


@pytest.mark.django_db
def test_earlier_pictures_and_voice_transcripts_are_part_of_the_history(api_client, conversation):
    """Pictures from earlier turns and spoken turns are sent with each new turn."""
    send(api_client, conversation, images=[{"mime_type": "image/png", "data": b64(picture())}])
    services.message_create(
        conversation=conversation,
        role="user",
        text="Spoken: hello from the microphone",
        source=Message.Source.VOICE,
    )
    services.message_create(
        conversation=conversation, role="model", text="Hi!", source=Message.Source.VOICE
    )
    reply = send(api_client, conversation, text="What did I say?").json()["model_message"]
    assert 'you said: 1. "(a picture)"; 2. "Spoken: hello from the microphone".' in reply["text"]


@pytest.mark.django_db
def test_failed_replies_are_left_out_and_user_turns_merged(api_client, conversation):
    """A failed reply is not sent back; the user turns around it reach Gemini as one."""
    services.message_create(conversation=conversation, role="user", text="First try")
    services.message_create(
        conversation=conversation, role="model", text="", status=Message.Status.FAILED
    )
    reply = send(api_client, conversation, text="Second try").json()["model_message"]
    assert reply["text"] == REPLY.format("First try Second try")


# --- Gemini failures -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("gemini_status", "status", "code"),
    [
        (429, 429, "upstream_rate_limited"),
        (500, 502, "upstream_error"),
        (503, 503, "upstream_unavailable"),
    ],
)
def test_gemini_error_keeps_the_user_message(
    api_client, conversation, emulator, gemini_status, status, code
):
    """Gemini's 429/500/503 become 429/502/503 in the error shape; the user's turn stays."""
    emulator.set_faults(rest_error=gemini_status, rest_error_count=1)
    response = send(api_client, conversation, text="Are you there?")
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert error["user_message"]["text"] == "Are you there?"
    assert error["model_message"]["status"] == "failed"
    if gemini_status == 429:
        assert response["Retry-After"] == "1"
    user, model = conversation.messages.all()
    assert (user.text, user.status) == ("Are you there?", "complete")
    assert (model.status, model.text, model.metadata["error"]["code"]) == ("failed", "", code)


@pytest.mark.django_db
def test_broken_stream_keeps_the_partial_reply_as_failed(api_client, conversation, emulator):
    """When the stream breaks mid-reply the words received are kept, marked failed, and 502."""
    emulator.set_faults(stream_break_after=3)
    text = "Please tell me a rather long story about a lighthouse keeper and her dog"
    response = send(api_client, conversation, text=text)
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "upstream_error"
    model = conversation.messages.get(role="model")
    assert model.status == "failed"
    assert model.text and REPLY.format(text).startswith(model.text)
    assert len(model.text) < len(REPLY.format(text))
    assert conversation.messages.get(role="user").text == text


@pytest.mark.django_db
def test_retry_answers_the_same_user_message_again(api_client, conversation, emulator):
    """After a failure, `retry` re-answers the stored user message without storing it twice."""
    emulator.set_faults(rest_error=503, rest_error_count=1)
    failed = send(api_client, conversation, text="Try me").json()["error"]
    retried = send(api_client, conversation, retry=True)
    assert retried.status_code == 201, retried.content
    body = retried.json()
    assert body["user_message"]["id"] == failed["user_message"]["id"]
    assert body["model_message"]["text"] == REPLY.format("Try me")
    roles = list(conversation.messages.values_list("role", "status"))
    assert roles == [("user", "complete"), ("model", "failed"), ("model", "complete")]
    again = send(api_client, conversation, retry=True)
    assert again.status_code == 400 and again.json()["error"]["code"] == "nothing_to_retry"


# --- titles and throttling -------------------------------------------------------------------


@pytest.mark.django_db
def test_new_conversation_titled_from_its_first_exchange(api_client, conversation):
    """A blank conversation is named after its first words; later turns keep that name."""
    send(api_client, conversation, text="## Plan a *weekend* in Lisbon\nwith two kids")
    send(api_client, conversation, text="Something else entirely")
    conversation.refresh_from_db()
    assert conversation.title == "Plan a weekend in Lisbon"


@pytest.mark.django_db
def test_named_conversation_keeps_its_title(api_client, user):
    """A title the user chose is never replaced."""
    named = services.conversation_create(owner=user, title="Mine")
    send(api_client, named, text="Hello")
    named.refresh_from_db()
    assert named.title == "Mine"


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_online_title_comes_from_gemini(user, settings):
    """With a real key the title is Gemini's answer to a naming request."""
    settings.GEMINI_OFFLINE = False
    conversation = await sync_to_async(services.conversation_create)(owner=user)
    await titles.title_first_exchange(
        conversation.id, user_text="Plan a trip", picture_count=0, reply_text="Sure!"
    )
    title = (await Conversation.objects.aget(id=conversation.id)).title
    # The emulator quotes the naming request back: proof that Gemini was asked.
    assert title.startswith("Gemini emulator You said") and len(title) <= 60


@pytest.mark.django_db
def test_turns_throttled_per_user(api_client, conversation, emulator, settings):
    """Past SESAME_TURN_RATE the user gets a 429 in the error shape, and Gemini is not called."""
    settings.SESAME_TURN_RATE = "2/min"
    assert send(api_client, conversation, text="one").status_code == 201
    assert send(api_client, conversation, text="two").status_code == 201
    third = send(api_client, conversation, text="three")
    assert third.status_code == 429
    assert third.json()["error"]["code"] == "throttled"
    assert int(third["Retry-After"]) > 0
    assert conversation.messages.count() == 4
    assert emulator.counters()["rest_requests"] == 2


# --- SSE -------------------------------------------------------------------------------------


async def stream_turn(user, conversation, **body):
    """POST a turn asking for SSE through Django's ASGI handler; return (response, events)."""
    token, _ = await Token.objects.aget_or_create(user=user)
    response = await AsyncClient().post(
        turn_url(conversation),
        body,
        content_type="application/json",
        headers={"authorization": f"Token {token.key}", "accept": "text/event-stream"},
    )
    if not response.streaming:
        return response, []
    raw = b"".join([chunk async for chunk in response.streaming_content])
    return response, parse_sse(raw)


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_sse_streams_the_reply_in_deltas(user, emulator):
    """user_message, several deltas, then model_message whose text is the deltas joined."""
    conversation = await sync_to_async(services.conversation_create)(owner=user)
    text = "Stream a reply of several words to me, please"
    response, events = await stream_turn(user, conversation, text=text)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    names = [name for name, _ in events]
    assert names[0] == "user_message" and names[-1] == "model_message"
    assert names.count("delta") >= 3 and set(names[1:-1]) == {"delta"}
    assert events[0][1]["text"] == text
    streamed = "".join(data["text"] for name, data in events if name == "delta")
    assert streamed == events[-1][1]["text"] == REPLY.format(text)
    stored = await Message.objects.aget(role="model", conversation=conversation)
    assert (stored.text, stored.status) == (streamed, "complete")


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_sse_broken_stream_ends_with_an_error_event(user, emulator):
    """A stream broken mid-reply ends with `error` (502) and keeps the partial reply failed."""
    await emulator.aset_faults(stream_break_after=3)
    conversation = await sync_to_async(services.conversation_create)(owner=user)
    text = "one two three four five six seven eight"
    response, events = await stream_turn(user, conversation, text=text)
    names = [name for name, _ in events]
    assert names[0] == "user_message" and names[-1] == "error"
    # The emulator aborts its socket after 3 chunks; the last ones may be lost in its buffer.
    assert 1 <= names.count("delta") <= 3
    error = events[-1][1]
    assert error["error"]["code"] == "upstream_error" and error["error"]["status"] == 502
    partial = "".join(data["text"] for name, data in events if name == "delta")
    assert (error["model_message"]["text"], error["model_message"]["status"]) == (partial, "failed")
    assert REPLY.format(text).startswith(partial) and len(partial) < len(REPLY.format(text))
    stored = await Message.objects.aget(role="model", conversation=conversation)
    assert (stored.text, stored.status) == (partial, "failed")


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_sse_gemini_refusal_is_an_http_error(user, emulator):
    """When Gemini refuses before its first word, an SSE client gets the status (429) itself."""
    await emulator.aset_faults(rest_error=429, rest_error_count=1)
    conversation = await sync_to_async(services.conversation_create)(owner=user)
    response, events = await stream_turn(user, conversation, text="Hello?")
    assert response.status_code == 429 and events == []
    assert json.loads(response.content)["error"]["code"] == "upstream_rate_limited"
    assert await Message.objects.filter(conversation=conversation, role="user").acount() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_turns_waiting_on_gemini_hold_no_lock_and_do_not_queue(user, emulator):
    """While 8 turns wait on a slow Gemini, another writer is served at once; they end together."""
    await emulator.aset_faults(latency_ms=800)
    conversations = [
        await sync_to_async(services.conversation_create)(owner=user) for _ in range(8)
    ]
    started = time.perf_counter()
    turns = [
        asyncio.create_task(stream_turn(user, c, text=f"turn {i}"))
        for i, c in enumerate(conversations)
    ]
    await asyncio.sleep(0.4)  # every turn has stored its message and is waiting on Gemini

    def rename() -> float:
        """Rename on another thread (so another database connection); return its duration."""
        write_started = time.perf_counter()
        services.conversation_rename(conversation=conversations[0], title="Renamed meanwhile")
        return time.perf_counter() - write_started

    # Timed on its own thread: the write is what a held lock would delay, not this loop's
    # wake-up, which a loaded machine can postpone by tens of milliseconds.
    assert await asyncio.to_thread(rename) < 0.3
    assert not any(turn.done() for turn in turns)
    results = await asyncio.gather(*turns)
    # Not 8 × 0.8 s one after another. (Django's test client runs every turn's synchronous
    # steps on one shared thread, and on PostgreSQL each step opens its connection: ~1-2 s
    # of queued database work on top of the one wait on Gemini.)
    assert time.perf_counter() - started < 4 * 0.8
    assert all(events[-1][0] == "model_message" for _, events in results)
    assert (await Conversation.objects.aget(id=conversations[0].id)).title == "Renamed meanwhile"
