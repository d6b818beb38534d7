"""REST generateContent and streamGenerateContent through the real google-genai client."""

from __future__ import annotations

import asyncio

import pytest
from google.genai import types

from core.gemini import build_client

from .media import picture

MODEL = "gemini-2.5-flash"


def test_generate_content_quotes_the_user(client, emulator):
    """A sync generate_content reply is honest and quotes the user's text."""
    response = client.models.generate_content(model=MODEL, contents="Hello, emulator")
    assert response.text == '[Gemini emulator] You said: "Hello, emulator".'
    assert response.candidates[0].finish_reason == types.FinishReason.STOP
    assert response.usage_metadata.total_token_count > 0
    counters = emulator.counters()
    assert counters["rest_requests"] == 1 and counters["turns"] == 1


@pytest.mark.asyncio
async def test_async_generate_content(client):
    """The async client gets the same reply."""
    async with asyncio.timeout(10):
        response = await client.aio.models.generate_content(model=MODEL, contents="async hi")
    assert response.text == '[Gemini emulator] You said: "async hi".'


def test_stream_describes_a_picture(client):
    """A streamed reply arrives in several chunks and describes the picture exactly."""
    parts = [
        types.Part.from_text(text="What is in this picture?"),
        types.Part.from_bytes(data=picture("PNG", (64, 48), (255, 0, 0)), mime_type="image/png"),
    ]
    chunks = list(client.models.generate_content_stream(model=MODEL, contents=parts))
    text = "".join(c.text or "" for c in chunks)
    assert len(chunks) >= 3
    assert "a PNG image, 64×48 pixels, mean colour #ff0000" in text
    assert text.startswith('[Gemini emulator] You said: "What is in this picture?".')
    assert chunks[-1].candidates[0].finish_reason == types.FinishReason.STOP
    assert chunks[-1].usage_metadata.prompt_token_count >= 258
    assert all(c.candidates[0].finish_reason is None for c in chunks[:-1])


@pytest.mark.asyncio
async def test_async_stream_describes_a_jpeg(client):
    """The async stream describes a JPEG's format, size and (approximate) mean colour."""
    jpeg = picture("JPEG", (32, 20), (0, 0, 255))
    contents = [types.Part.from_bytes(data=jpeg, mime_type="image/jpeg"), "and this?"]
    pieces = []
    async with asyncio.timeout(10):
        stream = await client.aio.models.generate_content_stream(model=MODEL, contents=contents)
        async for chunk in stream:
            pieces.append(chunk.text or "")
    text = "".join(pieces)
    assert "a JPEG image, 32×20 pixels, mean colour #" in text
    assert 'You said: "and this?"' in text


def test_chat_history_reaches_the_model(client):
    """A second chat turn proves the first one was sent along with it."""
    chat = client.chats.create(model=MODEL)
    chat.send_message("My name is Ada")
    reply = chat.send_message("What did I say?")
    assert 'Before that you said: 1. "My name is Ada".' in reply.text


def test_rest_over_tls_with_the_ca_file(emulator):
    """An https base URL works for REST because build_client trusts the CA file."""
    https = emulator.base_url.replace("http://", "https://")
    client = build_client(api_key="k", base_url=https, ca_file=emulator.ca_file)
    response = client.models.generate_content(model=MODEL, contents="over TLS")
    assert response.text == '[Gemini emulator] You said: "over TLS".'


def test_function_call(client):
    """Asking to "call" a declared function returns a functionCall part."""
    tool = types.Tool(
        function_declarations=[types.FunctionDeclaration(name="get_time", description="Time.")]
    )
    config = types.GenerateContentConfig(
        tools=[tool], automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True)
    )
    response = client.models.generate_content(
        model=MODEL, contents="please call get_time", config=config
    )
    assert response.function_calls[0].name == "get_time"
