"""The REST call on google-genai's transport: the wire JSON, and chunks and errors as the SDK's.

(`genai_wire.verify()`, which pins the private names, is checked in live/tests/test_genai_wire.py.)
"""

import pytest
import pytest_asyncio
from google.genai import errors

from core import genai_wire
from core.gemini import build_client


def test_request_body_is_the_rest_shape():
    body = genai_wire.request_body(
        [{"role": "user", "parts": [genai_wire.blob_part(b"\x89PNG", "image/png")]}],
        system_instruction="Be brief.",
    )
    assert body == {
        "contents": [
            {
                "role": "user",
                "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBORw=="}}],
            }
        ],
        "systemInstruction": {"role": "user", "parts": [{"text": "Be brief."}]},
    }


@pytest.mark.asyncio
async def test_stream_generate_yields_the_chunks_json_and_raises_the_sdks_errors(emulator):
    """Against the emulator: chunks as JSON objects ending with a finish reason; a 503 from
    Gemini is google-genai's own APIError."""
    client = build_client(api_key="test", base_url=emulator.base_url, ca_file=emulator.ca_file)
    body = genai_wire.request_body(
        [{"role": "user", "parts": [genai_wire.text_part("Say a few words, please")]}]
    )
    chunks = [
        c async for c in genai_wire.stream_generate(client, model="gemini-2.5-flash", body=body)
    ]
    assert len(chunks) > 1
    text = "".join(
        part.get("text", "") for c in chunks for part in c["candidates"][0]["content"]["parts"]
    )
    assert text.startswith("[Gemini emulator]")
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"
    assert chunks[-1]["usageMetadata"]["totalTokenCount"] > 0

    await emulator.aset_faults(rest_error=503, rest_error_count=1)
    with pytest.raises(errors.APIError) as caught:
        async for _ in genai_wire.stream_generate(client, model="gemini-2.5-flash", body=body):
            pass
    assert caught.value.code == 503


def test_requests_are_what_the_sdk_builds_with_their_own_headers():
    """The kept URL, headers and timeout are `_build_request`'s for the same call; each request
    has its own headers and body; options that add to the body are merged into each one."""
    from google.genai import types

    client = build_client(api_key="test", base_url="https://gemini.invalid")
    api = client.aio._api_client
    path = "models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    options = types.HttpOptions(retry_options=types.HttpRetryOptions(attempts=1), timeout=30_000)
    first = genai_wire._request(api, path, {"contents": [1]}, options)
    second = genai_wire._request(api, path, {"contents": [2]}, options)
    expected = api._build_request("post", path, {"contents": [1]}, options)
    for request in (first, second):
        assert (request.method, request.url, request.timeout) == (
            expected.method,
            expected.url,
            expected.timeout,
        )
        assert request.headers == expected.headers and request.headers["x-goog-api-key"] == "test"
    assert (first.data, second.data) == ({"contents": [1]}, {"contents": [2]})
    first.headers["Authorization"] = "Bearer token"
    assert "Authorization" not in genai_wire._request(api, path, {}, options).headers
    extra = types.HttpOptions(extra_body={"labels": {"app": "sesame"}})
    for _ in range(2):
        request = genai_wire._request(api, path, {"contents": []}, extra)
        assert request.data == {"contents": [], "labels": {"app": "sesame"}}


@pytest_asyncio.fixture
async def sse_server():
    """A plain HTTP server answering every stream request with the SSE body the test sets."""
    from aiohttp import web

    state = {"body": b"", "status": 200, "requests": 0, "hosts": []}

    async def handle(request):
        state["requests"] += 1
        state["hosts"].append(request.host)
        return web.Response(
            body=state["body"], status=state["status"], content_type="text/event-stream"
        )

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", state
    await runner.cleanup()


@pytest.mark.asyncio
async def test_an_error_sent_as_a_chunk_is_the_sdks_error_after_the_chunks_before_it(
    sse_server,
):
    """Gemini can fail mid-stream with an `error` object: the text before it still arrives."""
    from conversations.gemini import NO_RETRY

    url, state = sse_server
    state["body"] = (
        b'data: {"candidates":[{"content":{"parts":[{"text":"Hel"}]}}]}\n\n'
        b'data: {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}\n\n'
    )
    client = build_client(api_key="test", base_url=url, ca_file=None)
    seen = []
    with pytest.raises(errors.APIError) as caught:
        async for chunk in genai_wire.stream_generate(
            client, model="gemini-2.5-flash", body={}, http_options=NO_RETRY
        ):
            seen.append(genai_wire.chunk_text(chunk))
    assert seen == ["Hel"]
    assert caught.value.code == 503 and caught.value.message == "overloaded"


@pytest.mark.asyncio
async def test_one_attempt_sends_one_request_and_retries_follow_the_options(sse_server):
    """`attempts=1` sends the request once; other retry options still retry as the SDK does."""
    from google.genai import types

    url, state = sse_server
    state["status"] = 503
    state["body"] = b'{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}'
    client = build_client(api_key="test", base_url=url, ca_file=None)
    for attempts, expected in ((1, 1), (2, 2)):
        options = types.HttpOptions(
            retry_options=types.HttpRetryOptions(attempts=attempts, initial_delay=0.01)
        )
        state["requests"] = 0
        with pytest.raises(errors.APIError) as caught:
            async for _ in genai_wire.stream_generate(
                client, model="gemini-2.5-flash", body={}, http_options=options
            ):
                pass
        assert caught.value.code == 503
        assert state["requests"] == expected


@pytest.mark.asyncio
async def test_the_environments_proxy_carries_the_requests_read_once(sse_server, monkeypatch):
    """HTTP_PROXY still routes the REST calls; it is read at the first request, not at each."""
    from conversations.gemini import NO_RETRY

    url, state = sse_server
    state["body"] = b'data: {"candidates":[{"content":{"parts":[{"text":"Hi"}]}}]}\n\n'
    for name in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", url)
    client = build_client(api_key="test", base_url="http://gemini.invalid", ca_file=None)

    async def reply() -> str:
        chunks = genai_wire.stream_generate(
            client, model="gemini-2.5-flash", body={}, http_options=NO_RETRY
        )
        return "".join([genai_wire.chunk_text(chunk) async for chunk in chunks])

    assert await reply() == "Hi"
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    assert await reply() == "Hi"
    assert state["hosts"] == ["gemini.invalid", "gemini.invalid"]
