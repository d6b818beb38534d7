"""The shortcuts past google-genai's per-message work send and read what the SDK itself does."""

from __future__ import annotations

import asyncio
import base64
import json
import os

import pytest
from google.genai import errors, live

from core import genai_wire
from core.gemini import build_client
from live.audio import INPUT_MIME
from live.events import BridgeConfig
from live.tests.helpers import utterance

MODEL = "gemini-live-2.5-flash-preview"


class Wire:
    """A stand-in for the session's WebSocket: records what is sent, returns what is queued."""

    def __init__(self, incoming=()):
        self.sent: list = []
        self.incoming = list(incoming)

    async def send(self, message) -> None:
        self.sent.append(message)

    async def recv(self, decode=None):
        return self.incoming.pop(0)


def sdk_session(wire: Wire) -> live.AsyncSession:
    """Return the SDK's own session class over `wire` (no mock of the SDK's code)."""
    client = build_client(api_key="test")
    return live.AsyncSession(api_client=client._api_client, websocket=wire)


def test_private_names_exist():
    """google-genai is pinned: if a private name relied on changes, this fails loudly."""
    assert genai_wire.verify() == []


@pytest.mark.parametrize("size", [0, 2, 640, 3200, 3202])
def test_audio_message_is_what_the_sdk_sends(size):
    """The pre-built audio message is the SDK's text, byte for byte (URL-safe base64)."""
    pcm = os.urandom(size)
    wire = Wire()
    blob = {"data": pcm, "mime_type": INPUT_MIME}
    asyncio.run(sdk_session(wire).send_realtime_input(audio=blob))
    assert genai_wire.audio_message(pcm, INPUT_MIME) == wire.sent[0].encode()


@pytest.mark.asyncio
async def test_send_audio_writes_the_sdks_text_on_a_real_connection():
    """On a real `websockets` connection, written directly and, while the connection's write
    buffer is full, through `send()` once it drains: the SDK's text, in order."""
    import websockets

    received: list = []

    async def record(ws):
        async for message in ws:
            received.append(message)

    async with websockets.serve(record, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with websockets.connect(f"ws://127.0.0.1:{port}") as ws:
            session = live.AsyncSession(
                api_client=build_client(api_key="t")._api_client, websocket=ws
            )
            pieces = [os.urandom(640) for _ in range(4)]
            await session.send_realtime_input(audio={"data": pieces[0], "mime_type": INPUT_MIME})
            await genai_wire.send_audio(session, pieces[1], INPUT_MIME)
            ws.pause_writing()  # the transport's buffer is over its limit
            paused = asyncio.ensure_future(genai_wire.send_audio(session, pieces[2], INPUT_MIME))
            await asyncio.sleep(0.05)
            assert not paused.done()
            ws.resume_writing()
            await asyncio.wait_for(paused, 1)
            await genai_wire.send_audio(session, pieces[3], INPUT_MIME)
            for _ in range(100):
                if len(received) == 4:
                    break
                await asyncio.sleep(0.01)
    assert [isinstance(m, str) for m in received] == [True] * 4
    expected = [genai_wire.audio_message(p, INPUT_MIME).decode() for p in pieces]
    assert received == expected


def _b64(data: bytes, urlsafe: bool = True) -> str:
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    return encode(data).decode()


AUDIO = bytes(range(256)) * 8  # both base64 alphabets differ on these bytes
SERVER_MESSAGES = [
    {
        "serverContent": {
            "modelTurn": {
                "parts": [{"inlineData": {"mimeType": "audio/pcm;rate=24000", "data": _b64(AUDIO)}}]
            }
        }
    },
    {
        "serverContent": {
            "modelTurn": {
                "parts": [{"inlineData": {"mimeType": "audio/pcm", "data": _b64(AUDIO, False)}}]
            }
        }
    },
    {
        "serverContent": {
            "model_turn": {
                "parts": [{"inline_data": {"mime_type": "audio/pcm", "data": _b64(AUDIO)}}]
            }
        }
    },
    {
        "serverContent": {
            "modelTurn": {
                "role": "model",
                "parts": [{"text": "Hello"}, {"text": "hm", "thought": True}],
            }
        }
    },
    {"serverContent": {"inputTranscription": {"text": "hi there"}}},
    {"serverContent": {"outputTranscription": {"text": "Hello", "finished": False}}},
    {"serverContent": {"input_transcription": {"text": "snake"}}},
    {"serverContent": {"interrupted": True}},
    {"serverContent": {"generationComplete": True}},
    {"serverContent": {"turnComplete": True}, "usageMetadata": {"totalTokenCount": 12}},
    {"serverContent": {"turn_complete": True}},
    {"sessionResumptionUpdate": {"newHandle": "h-1", "resumable": True}},
    {"goAway": {"timeLeft": "2.5s"}},
    {"toolCall": {"functionCalls": [{"id": "c1", "name": "f", "args": {}}]}},
    {"setupComplete": {}},
    {},
]
CONTENT_FIELDS = ("interrupted", "turn_complete", "generation_complete")


def _content_view(content) -> dict | None:
    """What the bridge reads of a server content (the same for either parser)."""
    if content is None:
        return None
    parts = None
    if content.model_turn is not None and content.model_turn.parts is not None:
        parts = [
            (p.inline_data and (p.inline_data.data, p.inline_data.mime_type), p.text, p.thought)
            for p in content.model_turn.parts
        ]
    heard, spoken = content.input_transcription, content.output_transcription
    return {
        "parts": parts,
        "heard": heard and heard.text,
        "spoken": spoken and spoken.text,
        **{name: getattr(content, name) for name in CONTENT_FIELDS},
    }


def _view(message) -> dict:
    update, go_away = message.session_resumption_update, message.go_away
    return {
        "content": _content_view(message.server_content),
        "handle": update and (update.new_handle, update.resumable),
        "go_away": go_away and go_away.time_left,
        "tool_call": message.tool_call is not None,
    }


@pytest.mark.parametrize("message", SERVER_MESSAGES, ids=range(len(SERVER_MESSAGES)))
@pytest.mark.parametrize("binary", [True, False])
def test_received_message_reads_as_the_sdks(message, binary):
    """Every server message reads the same through `genai_wire.receive` and the SDK."""
    raw = json.dumps(message)
    raw = raw.encode() if binary else raw
    ours = asyncio.run(genai_wire.receive(sdk_session(Wire([raw]))))
    theirs = asyncio.run(sdk_session(Wire([raw]))._receive())
    assert _view(ours) == _view(theirs)
    if "serverContent" in message and set(message) <= {"serverContent", "usageMetadata"}:
        assert isinstance(ours, genai_wire.ServerMessage)  # the light path, not the SDK's


def test_unknown_message_raises_as_the_sdk_does():
    """A message with no known field (Gemini's error shape) is the SDK's APIError."""
    raw = json.dumps({"code": 1011, "message": "boom"})
    with pytest.raises(errors.APIError) as ours:
        asyncio.run(genai_wire.receive(sdk_session(Wire([raw]))))
    with pytest.raises(errors.APIError) as theirs:
        asyncio.run(sdk_session(Wire([raw]))._receive())
    assert (ours.value.code, ours.value.details) == (theirs.value.code, theirs.value.details)
    with pytest.raises(ValueError):
        asyncio.run(genai_wire.receive(sdk_session(Wire([b"{not json"]))))


@pytest.mark.asyncio
async def test_a_real_session_hears_the_audio_and_answers(emulator):
    """Over a real Live connection: audio sent here is heard, and the answer is read here."""
    client = build_client(api_key="test", base_url=emulator.base_url, ca_file=emulator.ca_file)
    config = BridgeConfig(model=MODEL, voice="Puck").connect_config(None)
    async with client.aio.live.connect(model=MODEL, config=config) as session:
        pcm = utterance()
        for start in range(0, len(pcm), 640):
            await genai_wire.send_audio(session, pcm[start : start + 640], INPUT_MIME)
        heard, audio = "", 0
        async with asyncio.timeout(10):
            while True:
                message = await genai_wire.receive(session)
                content = message.server_content
                if content is None:
                    continue
                if content.input_transcription is not None:
                    heard += content.input_transcription.text or ""
                for part in (content.model_turn and content.model_turn.parts) or ():
                    audio += len(part.inline_data.data) if part.inline_data else 0
                if content.turn_complete:
                    break
    assert heard == "[speech 1.00 s]"
    assert audio > 0 and audio % 2 == 0


@pytest.mark.asyncio
async def test_a_closed_session_raises_the_sdks_error(emulator):
    """When Gemini closes the connection, `receive` raises APIError with the close code."""
    await emulator.aset_faults(close_after_s=0.1)
    client = build_client(api_key="test", base_url=emulator.base_url, ca_file=emulator.ca_file)
    config = BridgeConfig(model=MODEL).connect_config(None)
    async with client.aio.live.connect(model=MODEL, config=config) as session:
        with pytest.raises(errors.APIError) as caught:
            async with asyncio.timeout(10):
                while True:
                    await genai_wire.receive(session)
    assert caught.value.code == 1011
