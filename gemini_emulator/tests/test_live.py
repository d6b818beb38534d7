"""The Live API through the real google-genai client: text, audio, video, history, tools."""

from __future__ import annotations

import asyncio

import pytest
from google.genai import types

from core.gemini import build_client

from .live_helpers import (
    LIVE_MODEL,
    PCM_IN,
    audio_parts,
    input_transcript,
    next_message,
    output_transcript,
    receive_turn,
    resumption_handle,
    send_audio,
    text_of,
)
from .media import picture, speech

TEXT = types.LiveConnectConfig(response_modalities=["TEXT"])
AUDIO_WITH_TRANSCRIPTS = types.LiveConnectConfig(
    response_modalities=["AUDIO"],
    input_audio_transcription=types.AudioTranscriptionConfig(),
    output_audio_transcription=types.AudioTranscriptionConfig(),
)


def user(text: str) -> types.Content:
    """Return a user Content with one text part."""
    return types.Content(role="user", parts=[types.Part.from_text(text=text)])


@pytest.mark.asyncio
async def test_text_turn(client):
    """A TEXT session streams the reply in pieces, then generationComplete and turnComplete."""
    async with client.aio.live.connect(model=LIVE_MODEL, config=TEXT) as session:
        assert session.setup_complete is not None
        await session.send_client_content(turns=user("Hello Live"))
        messages = await receive_turn(session)
    assert text_of(messages) == '[Gemini emulator] You said: "Hello Live".'
    assert sum(1 for m in messages if m.text) >= 2
    assert messages[-2].server_content.generation_complete is True
    assert messages[-1].server_content.turn_complete is True
    assert messages[-1].usage_metadata.total_token_count > 0


@pytest.mark.asyncio
async def test_audio_turn_with_transcripts_and_video(client, emulator):
    """Speech + audioStreamEnd get an input transcript, 24 kHz audio and its transcript."""
    async with client.aio.live.connect(model=LIVE_MODEL, config=AUDIO_WITH_TRANSCRIPTS) as session:
        frame = types.Blob(data=picture("JPEG", (32, 24), (0, 255, 0)), mime_type="image/jpeg")
        await session.send_realtime_input(video=frame)
        await send_audio(session, speech(0.6, silence_s=0.1))
        await session.send_realtime_input(audio_stream_end=True)
        messages = await receive_turn(session)
        await session.send_realtime_input(text="What do you see?")
        seen = await receive_turn(session)
    assert input_transcript(messages) == "[speech 0.60 s]"
    blobs = audio_parts(messages)
    assert {b.mime_type for b in blobs} == {"audio/pcm;rate=24000"}
    audio = b"".join(b.data for b in blobs)
    assert len(audio) > 24_000 * 2 * 0.4 and max(audio[1::2]) > 0x10  # not silence
    assert output_transcript(messages) == '[Gemini emulator] You said: "[speech 0.60 s]".'
    assert "In the video (frame 1) I see a JPEG image, 32×24 pixels" in output_transcript(seen)
    counters = emulator.counters()
    assert counters["video_frames_received"] == 1
    assert counters["audio_ms_received"] == pytest.approx(700, abs=1)


@pytest.mark.asyncio
async def test_vad_ends_a_turn_after_configured_silence(client):
    """Automatic activity detection ends speech after silence_duration_ms of silence."""
    config = types.LiveConnectConfig(
        response_modalities=["TEXT"],
        input_audio_transcription=types.AudioTranscriptionConfig(),
        realtime_input_config=types.RealtimeInputConfig(
            automatic_activity_detection=types.AutomaticActivityDetection(silence_duration_ms=200)
        ),
    )
    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:
        await send_audio(session, speech(0.4, silence_s=0.3))
        messages = await receive_turn(session)
    assert input_transcript(messages) == "[speech 0.40 s]"
    assert text_of(messages) == '[Gemini emulator] You said: "[speech 0.40 s]".'


@pytest.mark.asyncio
async def test_manual_activity_signals(client):
    """With automatic detection off, activityStart/activityEnd delimit the user's turn."""
    config = types.LiveConnectConfig(
        response_modalities=["TEXT"],
        realtime_input_config=types.RealtimeInputConfig(
            automatic_activity_detection=types.AutomaticActivityDetection(disabled=True)
        ),
    )
    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:
        await session.send_realtime_input(activity_start=types.ActivityStart())
        await send_audio(session, speech(0.3, silence_s=0.2))
        await session.send_realtime_input(activity_end=types.ActivityEnd())
        messages = await receive_turn(session)
    assert text_of(messages) == '[Gemini emulator] You said: "[speech 0.50 s]".'


@pytest.mark.asyncio
async def test_seeded_history_and_picture(client):
    """History sent without turnComplete is remembered; a picture in clientContent is described."""
    seed = [user("I like tea"), types.Content(role="model", parts=[types.Part(text="Noted.")])]
    question = types.Content(
        role="user",
        parts=[
            types.Part.from_text(text="What did I say? Look at this."),
            types.Part.from_bytes(
                data=picture("PNG", (10, 20), (0, 0, 255)), mime_type="image/png"
            ),
        ],
    )
    async with client.aio.live.connect(model=LIVE_MODEL, config=TEXT) as session:
        await session.send_client_content(turns=seed, turn_complete=False)
        await session.send_client_content(turns=question)
        text = text_of(await receive_turn(session))
    assert 'Before that you said: 1. "I like tea".' in text
    assert "I see a PNG image, 10×20 pixels, mean colour #0000ff." in text


@pytest.mark.asyncio
async def test_text_interrupts_a_spoken_reply(client, emulator):
    """New text during a reply yields interrupted + turnComplete, then the new reply."""
    await emulator.aset_faults(pace=1.0)
    async with client.aio.live.connect(model=LIVE_MODEL, config=AUDIO_WITH_TRANSCRIPTS) as session:
        await session.send_realtime_input(text="Tell me a long story about the sea")
        first = [await next_message(session)]
        while not audio_parts(first):
            first.append(await next_message(session))
        await session.send_realtime_input(text="Stop")
        await emulator.aset_faults(pace=0)
        first += await receive_turn(session)
        second = await receive_turn(session)
    assert first[-2].server_content.interrupted is True
    assert first[-1].server_content.turn_complete is True
    assert not any(m.server_content.generation_complete for m in first if m.server_content)
    assert output_transcript(second) == '[Gemini emulator] You said: "Stop".'
    assert emulator.counters()["interruptions"] == 1


@pytest.mark.asyncio
async def test_speech_interrupts_a_spoken_reply(client, emulator):
    """Speech starting during a reply interrupts it (barge-in)."""
    await emulator.aset_faults(pace=1.0)
    async with client.aio.live.connect(model=LIVE_MODEL, config=AUDIO_WITH_TRANSCRIPTS) as session:
        await session.send_client_content(turns=user("Say something long please"))
        message = await next_message(session)
        while not audio_parts([message]):
            message = await next_message(session)
        await send_audio(session, speech(0.2))
        rest = await receive_turn(session)
    assert rest[-2].server_content.interrupted is True
    assert rest[-1].server_content.turn_complete is True


@pytest.mark.asyncio
async def test_resumed_session_remembers_turns(client, emulator):
    """A new connection with the last handle continues the same context."""
    config = types.LiveConnectConfig(
        response_modalities=["TEXT"], session_resumption=types.SessionResumptionConfig()
    )
    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:
        await session.send_client_content(turns=user("My name is Ada"))
        await receive_turn(session)
        handle = await resumption_handle(session)
    config.session_resumption = types.SessionResumptionConfig(handle=handle)
    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:
        await session.send_client_content(turns=user("What did I say?"))
        text = text_of(await receive_turn(session))
        assert await resumption_handle(session) != handle
    assert 'Before that you said: 1. "My name is Ada".' in text
    counters = emulator.counters()
    assert counters["live_resumptions"] == 1
    assert counters["last_live_setup"]["sessionResumption"] == {"handle": handle}


@pytest.mark.asyncio
async def test_tool_call_and_response(client):
    """Asking to call a declared function yields toolCall; the response is quoted after."""
    weather = types.FunctionDeclaration(name="get_weather", description="Weather now.")
    config = types.LiveConnectConfig(
        response_modalities=["TEXT"], tools=[types.Tool(function_declarations=[weather])]
    )
    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:
        await session.send_realtime_input(text="Please call get_weather for Paris")
        message = await next_message(session)
        call = message.tool_call.function_calls[0]
        response = types.FunctionResponse(id=call.id, name=call.name, response={"temp_c": 21})
        await session.send_tool_response(function_responses=[response])
        text = text_of(await receive_turn(session))
    assert (call.name, call.args) == ("get_weather", {})
    assert text == '[Gemini emulator] The function get_weather returned {"temp_c": 21}.'


@pytest.mark.asyncio
async def test_counters_and_legacy_media_chunks(client, emulator):
    """Counters see sessions, turns and legacy mediaChunks frames; the setup is recorded."""
    async with client.aio.live.connect(model=LIVE_MODEL, config=TEXT) as session:
        png = types.Blob(data=picture(), mime_type="image/png")
        await session.send_realtime_input(media=png)
        await session.send_realtime_input(audio=types.Blob(data=speech(0.1), mime_type=PCM_IN))
        await session.send_realtime_input(text="What do you see?")
        text = text_of(await receive_turn(session))
        counters = await emulator.acounters()
    assert "In the video (frame 1) I see a PNG image, 64×48 pixels, mean colour #ff0000." in text
    assert counters["video_frames_received"] == 1
    assert counters["live_sessions_open"] == 1 and counters["live_sessions_total"] == 1
    assert counters["live_turns"] == 1 and counters["audio_ms_received"] == 100
    assert counters["last_live_setup"]["model"] == f"models/{LIVE_MODEL}"
    assert counters["last_live_setup"]["generationConfig"]["responseModalities"] == ["TEXT"]


@pytest.mark.asyncio
async def test_trailing_slash_base_url_and_v1beta(emulator):
    """A base URL ending in "/" (so "//ws/") and API version v1beta both work, REST and Live."""
    client = build_client(api_key="k", base_url=emulator.base_url + "/", ca_file=emulator.ca_file)
    v1beta = types.HttpOptions(api_version="v1beta")
    async with asyncio.timeout(10):
        reply = await client.aio.models.generate_content(
            model="gemini-2.5-flash", contents="rest", config={"http_options": v1beta}
        )
    config = types.LiveConnectConfig(response_modalities=["TEXT"], http_options=v1beta)
    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:
        await session.send_realtime_input(text="live")
        text = text_of(await receive_turn(session))
    assert reply.text.endswith('"rest".') and text.endswith('"live".')


@pytest.mark.asyncio
async def test_deprecated_send_uses_snake_case(client):
    """The SDK's deprecated session.send() (all snake_case keys) is understood too."""
    async with client.aio.live.connect(model=LIVE_MODEL, config=TEXT) as session:
        with pytest.warns(DeprecationWarning):
            await session.send(input="old style", end_of_turn=True)
        text = text_of(await receive_turn(session))
    assert text == '[Gemini emulator] You said: "old style".'
