"""Injected faults surface as the SDK's own errors, and each fault is scoped as documented."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import httpx2
import pytest
from google.genai import errors, types

from core.gemini import build_client

from .live_helpers import LIVE_MODEL, next_message, receive_turn, resumption_handle, text_of

MODEL = "gemini-2.5-flash"
TEXT = types.LiveConnectConfig(response_modalities=["TEXT"])
RESUMABLE = types.LiveConnectConfig(
    response_modalities=["TEXT"], session_resumption=types.SessionResumptionConfig()
)


@pytest.mark.parametrize(
    ("code", "error_class", "status"),
    [
        (400, errors.ClientError, "INVALID_ARGUMENT"),
        (429, errors.ClientError, "RESOURCE_EXHAUSTED"),
        (500, errors.ServerError, "INTERNAL"),
        (503, errors.ServerError, "UNAVAILABLE"),
    ],
)
def test_rest_error_for_the_next_request_only(client, emulator, code, error_class, status):
    """rest_error fails exactly the next request with Gemini's error body."""
    emulator.set_faults(rest_error=code)
    with pytest.raises(error_class) as caught:
        client.models.generate_content(model=MODEL, contents="hi")
    assert (caught.value.code, caught.value.status) == (code, status)
    assert caught.value.details["error"]["code"] == code
    assert client.models.generate_content(model=MODEL, contents="again").text.endswith('"again".')


@pytest.mark.asyncio
async def test_persistent_rest_error_async(client, emulator):
    """A count of -1 keeps failing async requests until reset."""
    await emulator.aset_faults(rest_error=429, rest_error_count=-1)
    for _ in range(2):
        with pytest.raises(errors.ClientError) as caught:
            async with asyncio.timeout(10):
                await client.aio.models.generate_content(model=MODEL, contents="hi")
        assert caught.value.code == 429
    assert (await emulator.acounters())["faults_injected"] == 2


def test_stream_breaks_after_n_chunks(client, emulator):
    """The connection drops mid-SSE after the configured number of chunks."""
    emulator.set_faults(stream_break_after=2)
    received = []
    with pytest.raises(httpx2.RemoteProtocolError):
        for chunk in client.models.generate_content_stream(model=MODEL, contents="a b c d e f"):
            received.append(chunk.text)
    assert received == ["[Gemini emulator] ", "You said: "]


@pytest.mark.asyncio
async def test_async_stream_breaks_after_n_chunks(client, emulator):
    """The async client sees the same break as an incomplete payload."""
    await emulator.aset_faults(stream_break_after=1)
    received = []
    with pytest.raises(aiohttp.ClientPayloadError):
        async with asyncio.timeout(10):
            stream = await client.aio.models.generate_content_stream(model=MODEL, contents="x y")
            async for chunk in stream:
                received.append(chunk.text)
    assert len(received) == 1 and received[0].startswith("[Gemini")


def test_bad_key_rest(client, emulator):
    """The bad-key fault answers 400 API_KEY_INVALID."""
    emulator.set_faults(bad_key=True)
    with pytest.raises(errors.ClientError) as caught:
        client.models.generate_content(model=MODEL, contents="hi")
    assert caught.value.code == 400
    assert caught.value.details["error"]["details"][0]["reason"] == "API_KEY_INVALID"


@pytest.mark.asyncio
async def test_bad_key_live(client, emulator):
    """The bad-key fault closes a Live connection with 1008 during setup."""
    await emulator.aset_faults(bad_key=True)
    with pytest.raises(errors.APIError) as caught:
        async with asyncio.timeout(10), client.aio.live.connect(model=LIVE_MODEL, config=TEXT):
            pass
    assert caught.value.code == 1008
    assert "API key not valid" in caught.value.details


def test_latency_rest(client, emulator):
    """latency_ms delays REST replies."""
    emulator.set_faults(latency_ms=300)
    started = time.monotonic()
    client.models.generate_content(model=MODEL, contents="slow")
    assert time.monotonic() - started >= 0.3


@pytest.mark.asyncio
async def test_latency_live(client, emulator):
    """latency_ms delays Live replies too."""
    await emulator.aset_faults(latency_ms=300)
    async with client.aio.live.connect(model=LIVE_MODEL, config=TEXT) as session:
        started = time.monotonic()
        await session.send_realtime_input(text="slow")
        await receive_turn(session)
    assert time.monotonic() - started >= 0.3


@pytest.mark.asyncio
async def test_go_away_then_close_spares_the_resumed_connection(client, emulator):
    """goAway arrives with timeLeft, then 1011; the resumed connection gets neither."""
    await emulator.aset_faults(go_away_after_s=0.2, go_away_time_left_s=0.5)
    async with client.aio.live.connect(model=LIVE_MODEL, config=RESUMABLE) as first:
        await first.send_client_content(turns=types.Content(role="user", parts=[{"text": "one"}]))
        await receive_turn(first)
        handle = await resumption_handle(first)
        go_away = (await next_message(first)).go_away
        assert go_away.time_left == "0.5s"
        resumed = types.LiveConnectConfig(
            response_modalities=["TEXT"],
            session_resumption=types.SessionResumptionConfig(handle=handle),
        )
        async with client.aio.live.connect(model=LIVE_MODEL, config=resumed) as second:
            with pytest.raises(errors.APIError) as caught:
                await next_message(first)
            assert (caught.value.code, caught.value.details) == (
                1011,
                "Deadline expired before operation could complete.",
            )
            await asyncio.sleep(0.3)
            await second.send_realtime_input(text="What did I say?")
            text = text_of(await receive_turn(second))
    assert 'Before that you said: 1. "one".' in text
    assert (await emulator.acounters())["go_aways_sent"] == 1


@pytest.mark.asyncio
async def test_abrupt_close(client, emulator):
    """close_after_s closes the next Live connection with 1011."""
    await emulator.aset_faults(close_after_s=0.2)
    async with client.aio.live.connect(model=LIVE_MODEL, config=TEXT) as session:
        with pytest.raises(errors.APIError) as caught:
            await next_message(session)
    assert (caught.value.code, caught.value.details) == (1011, "Internal error encountered.")


@pytest.mark.asyncio
async def test_rejected_and_unknown_resumption(client, emulator):
    """A rejected or unknown handle closes with 1008 session not found; the next try works."""
    async with client.aio.live.connect(model=LIVE_MODEL, config=RESUMABLE) as session:
        await session.send_realtime_input(text="remember me")
        await receive_turn(session)
        handle = await resumption_handle(session)
    await emulator.aset_faults(reject_resumption_count=1)
    for bad in (handle, "no-such-handle"):
        config = types.LiveConnectConfig(
            session_resumption=types.SessionResumptionConfig(handle=bad)
        )
        with pytest.raises(errors.APIError) as caught:
            async with (
                asyncio.timeout(10),
                client.aio.live.connect(model=LIVE_MODEL, config=config),
            ):
                pass
        assert (caught.value.code, caught.value.details) == (
            1008,
            "BidiGenerateContent session not found",
        )
    config = types.LiveConnectConfig(
        session_resumption=types.SessionResumptionConfig(handle=handle)
    )
    async with asyncio.timeout(10), client.aio.live.connect(model=LIVE_MODEL, config=config) as ok:
        assert ok.setup_complete is not None


def test_live_without_the_ca_file_fails(emulator):
    """Without the emulator's CA the Live TLS handshake fails (proves the trust path)."""
    client = build_client(api_key="k", base_url=emulator.base_url)

    async def connect():
        async with asyncio.timeout(10), client.aio.live.connect(model=LIVE_MODEL, config=TEXT):
            pass

    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        asyncio.run(connect())


def test_control_endpoint_validates_and_resets(emulator):
    """Unknown fault fields are refused; reset clears faults and counters."""
    with pytest.raises(ValueError, match="unknown fault fields: bogus"):
        emulator.set_faults(bogus=1)
    assert emulator.set_faults(latency_ms=5)["latency_ms"] == 5
    emulator.reset()
    assert emulator.faults()["latency_ms"] == 0
    assert emulator.counters()["turns"] == 0
