"""Gemini's streamed REST call on google-genai's own transport, without its pydantic layer.

`client.aio.models.generate_content_stream` validates every request into pydantic models,
converts them field by field into the wire dict, then turns every streamed chunk back into a
`GenerateContentResponse`. For a turn with a 20-message history that is ~15 ms of CPU, ten
times the transport's own cost (`bench/http_turn.py` measures it as the floor). Here Sesame
builds the request's JSON in the documented REST shape and reads only what it needs from each
chunk's JSON; google-genai still does everything else: the client and its API key, base URL
and TLS settings, the aiohttp session, SSE framing, retries per `HttpOptions` and errors as
`google.genai.errors.APIError`.

This is the one module that relies on the SDK's private API: `Client.aio._api_client` and its
`async_request_streamed(method, path, request_dict, http_options)`. google-genai is pinned in
requirements.txt, and `core/tests/test_gemini_wire.py` fails loudly if that name or its
signature changes.
"""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import AsyncIterator, Sequence

from google import genai
from google.genai import types

# Private names this module uses, checked by its test.
PRIVATE_API = ("BaseApiClient.async_request_streamed",)


def text_part(text: str) -> dict:
    """Return a wire part carrying text."""
    return {"text": text}


def blob_part(data: bytes, mime_type: str) -> dict:
    """Return a wire part carrying inline bytes (a picture)."""
    return {"inlineData": {"mimeType": mime_type, "data": base64.b64encode(data).decode()}}


def request_body(contents: Sequence[dict], *, system_instruction: str = "") -> dict:
    """Return a `generateContent` request body: wire contents and the system instruction."""
    body: dict = {"contents": list(contents)}
    if system_instruction:
        body["systemInstruction"] = {"role": "user", "parts": [text_part(system_instruction)]}
    return body


async def stream_generate(
    client: genai.Client,
    *,
    model: str,
    body: dict,
    http_options: types.HttpOptions | None = None,
) -> AsyncIterator[dict]:
    """Yield the chunks of `models/{model}:streamGenerateContent` as parsed JSON objects.

    Raises what the SDK raises: `APIError` for an HTTP error (also one sent as a chunk), and
    aiohttp's errors for a connection that fails.
    """
    name = model if model.startswith(("models/", "tunedModels/")) else f"models/{model}"
    stream = await client.aio._api_client.async_request_streamed(
        "post", f"{name}:streamGenerateContent?alt=sse", body, http_options
    )
    try:
        async for response in stream:
            if response.body:
                yield json.loads(response.body)
    finally:
        await stream.aclose()


def private_api_problems() -> list[str]:
    """Return what changed in the SDK's private API this module relies on (empty when fine)."""
    from google.genai import _api_client

    problems = []
    method = getattr(_api_client.BaseApiClient, "async_request_streamed", None)
    if method is None:
        return ["google.genai._api_client.BaseApiClient.async_request_streamed is gone"]
    params = list(inspect.signature(method).parameters)
    if params[:5] != ["self", "http_method", "path", "request_dict", "http_options"]:
        problems.append(f"async_request_streamed's parameters changed: {params}")
    if not inspect.iscoroutinefunction(method):
        problems.append("async_request_streamed is no longer a coroutine function")
    client = genai.Client(api_key="check")
    if not isinstance(getattr(client.aio, "_api_client", None), _api_client.BaseApiClient):
        problems.append("Client.aio._api_client is no longer a BaseApiClient")
    return problems
