"""Every touch of google-genai's internals, in one place (google-genai is pinned: requirements.txt).

**Live.**
A live call relays 50 microphone chunks a second and a stream of model audio back, and the SDK's
Live session does pydantic work on each message: `send_realtime_input` validates a model,
converts it to the wire dict, base64-encodes and json-dumps it; `receive` turns every server
message into a `LiveServerMessage` model. Per audio message that is several times the cost of
the WebSocket and TLS work itself. Here, on the session's own WebSocket (`AsyncSession._ws`),
still opened, set up and closed by the SDK:

- `send_audio` writes the very text `send_realtime_input(audio=...)` would write (a test
  compares them), built as bytes with one base64 call and two joins, and framed and written
  straight onto the connection when nothing else is being sent and the write buffer is below
  its limit (what `websockets`' `send()` does then, without its per-message async context
  manager); otherwise through `send()` itself;
- `receive` reads one server message as `AsyncSession._receive` does (the same errors on a
  close) and parses the common one, model output and transcripts (`serverContent` alone), into
  light objects with the attribute names the bridge reads from the SDK's types; every other
  message (setup, resumption, goAway, tool calls, errors) goes through the SDK's own converter
  and model.

**REST.** `client.aio.models.generate_content_stream` validates every request into pydantic
models, converts them field by field into the wire dict, then turns every streamed chunk back
into a `GenerateContentResponse`: ~15 ms of CPU for a turn with a 20-message history, ten times
the transport's own cost (`bench/http_turn.py` measures it as the floor). `stream_generate`
sends a request body Sesame builds in the documented REST shape (`request_body`, `text_part`,
`blob_part`) through the client's own transport (`Client.aio._api_client`: `_build_request`,
then `_async_request_once` when one attempt is allowed or `_async_request` with its retries per
`HttpOptions`; its API key, base URL, TLS, aiohttp session, SSE framing and `APIError`s) and
yields each chunk's JSON as the transport parsed it.

The SDK's aiohttp session trusts the environment, so aiohttp looks up a proxy for the URL and
reads `~/.netrc` on every request, each in a thread (two thread hops per turn).
`_settle_environment` resolves the proxy once per session (the client talks to one host) and
turns the per-request lookups off; `~/.netrc` is not consulted (the API key authenticates).

`verify()` checks that every private name relied on still exists; the test suite calls it, so a
google-genai upgrade that renames one fails loudly instead of breaking calls.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import inspect
import json
import weakref
from collections.abc import AsyncIterator, Sequence
from typing import Any

import aiohttp
import google.genai
import websockets
from aiohttp.helpers import get_env_proxy_for_url
from google import genai
from google.genai import _api_client, _live_converters, errors, live, types
from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CLOSE_CODE_EXPLANATIONS
from websockets.protocol import Protocol, State
from yarl import URL

PINNED_VERSION = "3.4.0"
AIOHTTP_VERSION = "3.14.5"  # the SDK's REST session: _settle_environment sets its defaults
WEBSOCKETS_VERSION = "17.4"  # the Live session's connection: send_audio writes on it
REALTIME = "send_realtime_input"  # the session method whose audio calls are sent here

_LEAN_KEYS = frozenset({"serverContent", "usageMetadata"})  # parsed here; the rest by the SDK
_audio_tails: dict[str, bytes] = {}
_AUDIO_HEAD = b'{"realtime_input": {"audio": {"data": "'
_URLSAFE = bytes.maketrans(b"+/", b"-_")  # the SDK's alphabet: URL-safe base64


def verify() -> list[str]:
    """Return what is missing of the SDK internals this module relies on (empty: all there)."""
    missing = []
    if google.genai.__version__ != PINNED_VERSION:
        missing.append(f"google-genai {google.genai.__version__} (pinned {PINNED_VERSION})")
    if "_ws" not in live.AsyncSession.__init__.__code__.co_names:
        missing.append("AsyncSession._ws")
    if "_api_client" not in live.AsyncSession.__init__.__code__.co_names:
        missing.append("AsyncSession._api_client")
    if not hasattr(_live_converters, "_LiveServerMessage_from_mldev"):
        missing.append("_live_converters._LiveServerMessage_from_mldev")
    if not hasattr(types.LiveServerMessage, "_from_response"):
        missing.append("LiveServerMessage._from_response")
    client = _api_client.BaseApiClient
    for method, expected in (
        ("_build_request", ["self", "http_method", "path", "request_dict", "http_options"]),
        ("_async_request_once", ["self", "http_request", "stream", "implicit_retry"]),
        ("_async_request", ["self", "http_request", "http_options", "stream"]),
    ):
        function = getattr(client, method, None)
        params = list(inspect.signature(function).parameters) if function else []
        if params[: len(expected)] != expected:
            missing.append(f"BaseApiClient.{method}({', '.join(expected[1:])}): {params}")
    if "_get_aiohttp_session" not in vars(client):
        missing.append("BaseApiClient._get_aiohttp_session")
    if aiohttp.__version__ != AIOHTTP_VERSION:
        missing.append(f"aiohttp {aiohttp.__version__} (pinned {AIOHTTP_VERSION})")
    for name in ("_trust_env", "_default_proxy", "_default_proxy_auth"):
        if name not in aiohttp.ClientSession.ATTRS:
            missing.append(f"aiohttp ClientSession.{name}")
    if not hasattr(_api_client.HttpResponse, "async_segments"):
        missing.append("HttpResponse.async_segments")
    if "_api_client" not in google.genai.client.AsyncClient.__init__.__code__.co_names:
        missing.append("Client.aio._api_client")
    if websockets.__version__ != WEBSOCKETS_VERSION:
        missing.append(f"websockets {websockets.__version__} (pinned {WEBSOCKETS_VERSION})")
    names = {
        *vars(Connection),
        *Connection.__init__.__code__.co_names,
        *Connection.connection_made.__code__.co_names,  # sets `transport`
    }
    for name in ("send_in_progress", "protocol", "paused", "transport", "send_data"):
        if name not in names:
            missing.append(f"websockets Connection.{name}")
    if not callable(getattr(Protocol, "send_text", None)) or not hasattr(State, "OPEN"):
        missing.append("websockets Protocol.send_text / State.OPEN")
    return missing


# -- sending ---------------------------------------------------------------------------------


def audio_message(pcm: bytes, mime_type: str) -> bytes:
    """Return the text `send_realtime_input(audio={"data": pcm, "mime_type": ...})` sends,
    UTF-8 encoded (it is ASCII)."""
    tail = _audio_tails.get(mime_type)
    if tail is None:
        tail = _audio_tails[mime_type] = (
            '", "mime_type": ' + json.dumps(mime_type) + "}}}"
        ).encode()
    return _AUDIO_HEAD + binascii.b2a_base64(pcm, newline=False).translate(_URLSAFE) + tail


async def send_audio(session: live.AsyncSession, pcm: bytes, mime_type: str) -> None:
    """Send microphone audio on a Live session, as `send_realtime_input(audio=...)` does."""
    ws: Connection = session._ws
    message = audio_message(pcm, mime_type)
    if (
        ws.send_in_progress is None
        and ws.protocol.state is State.OPEN
        and not ws.paused
        and not ws.transport.is_closing()
    ):
        # `ws.send(message, text=True)` with an open connection, nothing being sent and the
        # buffer below its limit comes down to these two calls (and a drain with nothing to
        # wait for).
        ws.protocol.send_text(message)
        try:
            ws.send_data()
        except Exception:
            ws.transport.abort()  # as send() does; the receive loop then sees the close
            raise
        return
    await ws.send(message, text=True)


# -- receiving -------------------------------------------------------------------------------


class Transcription:
    """`types.Transcription`, as far as the bridge reads it."""

    __slots__ = ("text", "finished")

    def __init__(self, raw: dict):
        self.text = raw.get("text")
        self.finished = raw.get("finished")


class Blob:
    """`types.Blob`: inline data, decoded."""

    __slots__ = ("data", "mime_type")

    def __init__(self, raw: dict):
        data = raw.get("data")
        self.data = base64.urlsafe_b64decode(data) if isinstance(data, str) else data
        self.mime_type = _get(raw, "mimeType", "mime_type")


class Part:
    """`types.Part` of a model turn: inline data, or text (maybe a thought)."""

    __slots__ = ("inline_data", "text", "thought")

    def __init__(self, raw: dict):
        blob = _get(raw, "inlineData", "inline_data")
        self.inline_data = Blob(blob) if blob is not None else None
        self.text = raw.get("text")
        self.thought = raw.get("thought")


class ModelTurn:
    """`types.Content` of the model's turn."""

    __slots__ = ("parts", "role")

    def __init__(self, raw: dict):
        parts = raw.get("parts")
        self.parts = [Part(p) for p in parts] if parts is not None else None
        self.role = raw.get("role")


class ServerContent:
    """`types.LiveServerContent`, the fields the bridge reads."""

    __slots__ = (
        "model_turn",
        "input_transcription",
        "output_transcription",
        "interrupted",
        "turn_complete",
        "generation_complete",
    )

    def __init__(self, raw: dict):
        turn = _get(raw, "modelTurn", "model_turn")
        heard = _get(raw, "inputTranscription", "input_transcription")
        spoken = _get(raw, "outputTranscription", "output_transcription")
        self.model_turn = ModelTurn(turn) if turn is not None else None
        self.input_transcription = Transcription(heard) if heard is not None else None
        self.output_transcription = Transcription(spoken) if spoken is not None else None
        self.interrupted = raw.get("interrupted")
        self.turn_complete = _get(raw, "turnComplete", "turn_complete")
        self.generation_complete = _get(raw, "generationComplete", "generation_complete")


class ServerMessage:
    """`types.LiveServerMessage` holding only server content (model output, transcripts)."""

    __slots__ = ("server_content",)
    session_resumption_update = None
    go_away = None
    tool_call = None
    setup_complete = None

    def __init__(self, content: ServerContent):
        self.server_content = content


def _get(raw: dict, camel: str, snake: str) -> Any:
    # The SDK's models take either spelling (Google's proto JSON is camelCase).
    value = raw.get(camel)
    return raw.get(snake) if value is None else value


async def receive(session: live.AsyncSession) -> ServerMessage | types.LiveServerMessage:
    """Receive one server message, as `AsyncSession._receive` does (the same errors)."""
    try:
        raw = await session._ws.recv(decode=False)
    except ConnectionClosed as exc:
        if exc.rcvd:
            code, reason = exc.rcvd.code, exc.rcvd.reason
        else:
            code = 1006
            reason = CLOSE_CODE_EXPLANATIONS.get(code, "Abnormal closure.")
        errors.APIError.raise_error(code, reason, None)
    return parse(raw, vertex=session._api_client.vertexai)


def parse(raw: bytes | str, *, vertex: bool = False) -> ServerMessage | types.LiveServerMessage:
    """Parse one server message: model output lightly, anything else with the SDK's model."""
    try:
        response = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        raise ValueError(f"Failed to parse response: {raw!r}") from None
    content = response.get("serverContent") if isinstance(response, dict) else None
    if isinstance(content, dict) and not vertex and _LEAN_KEYS.issuperset(response):
        return ServerMessage(ServerContent(content))
    return _sdk_parse(response, vertex)


def _sdk_parse(response: Any, vertex: bool) -> types.LiveServerMessage:
    convert = (
        _live_converters._LiveServerMessage_from_vertex
        if vertex
        else _live_converters._LiveServerMessage_from_mldev
    )
    converted = convert(response)
    if not converted and response:
        errors.APIError.raise_error(response.get("code"), response, None)
    return types.LiveServerMessage._from_response(
        response=converted, kwargs=types.LiveServerMessage().model_dump()
    )


# -- REST: one streamed reply ----------------------------------------------------------------


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


def chunk_text(chunk: dict) -> str:
    """Return the visible text of one `generateContent` chunk (thoughts left out)."""
    return "".join(
        part["text"]
        for candidate in chunk.get("candidates") or ()
        for part in (candidate.get("content") or {}).get("parts") or ()
        if part.get("text") and not part.get("thought")
    )


async def stream_generate(
    client: genai.Client,
    *,
    model: str,
    body: dict,
    http_options: types.HttpOptions | None = None,
) -> AsyncIterator[dict]:
    """Yield the chunks of `models/{model}:streamGenerateContent` as parsed JSON objects.

    Raises what the SDK raises: `APIError` for an HTTP error (also one sent as a chunk), and
    aiohttp's errors for a connection that fails. On the SDK's transport, without two costs
    of its public path: each chunk is not re-serialised (`json.dumps`) into an
    `SdkHttpResponse` for the caller to parse again, and a request allowed one attempt is
    sent directly rather than through a `tenacity` retry loop.
    """
    api = client.aio._api_client
    name = model if model.startswith(("models/", "tunedModels/")) else f"models/{model}"
    request = _request(api, f"{name}:streamGenerateContent?alt=sse", body, http_options)
    await _settle_environment(api, request.url)
    if _one_attempt(http_options):
        response = await api._async_request_once(request, True, implicit_retry=False)
    else:
        response = await api._async_request(
            http_request=request, http_options=http_options, stream=True
        )
    segments = response.async_segments()
    try:
        async for chunk in segments:
            if isinstance(chunk, dict) and "error" in chunk:
                error = chunk["error"]
                code = error.get("code") if isinstance(error, dict) else None
                await errors.APIError.raise_error_async(code or 500, chunk, response)
            if chunk:
                yield chunk
    finally:
        await segments.aclose()


def _request(api, path: str, body: dict, http_options) -> _api_client.HttpRequest:
    """`api._build_request("post", path, body, http_options)`, its URL, headers and timeout
    worked out once per client, path and options (merging the options is most of its cost).

    Not kept when the options add to the body (`extra_body`): that is merged into each body.
    """
    templates = _request_templates.setdefault(api, {})
    key = (path, id(http_options))
    kept = templates.get(key)
    if kept is None or kept[0] is not http_options:
        probe: dict = {}
        template = api._build_request("post", path, probe, http_options)
        if probe:  # extra_body: the merge belongs to every request
            return api._build_request("post", path, body, http_options)
        if len(templates) >= 64:  # options made per call: keep a few, not all
            templates.clear()
        kept = templates[key] = (http_options, template)
    template = kept[1]
    return _api_client.HttpRequest(
        method=template.method,
        url=template.url,
        headers=dict(template.headers),  # the transport may add to them (an access token)
        data=body,
        timeout=template.timeout,
    )


_request_templates: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def _settle_environment(api: _api_client.BaseApiClient, url: str) -> None:
    """Resolve the environment's proxy for `url` once and stop the session's per-request
    lookups (a proxy search and a `~/.netrc` read, each in a thread)."""
    session = await api._get_aiohttp_session()
    if not isinstance(session, aiohttp.ClientSession) or not session._trust_env:
        return
    if session._default_proxy is None:
        with contextlib.suppress(LookupError):  # LookupError: no proxy for this host
            session._default_proxy, session._default_proxy_auth = get_env_proxy_for_url(URL(url))
    session._trust_env = False


def _one_attempt(http_options: types.HttpOptions | None) -> bool:
    retry = http_options.retry_options if http_options is not None else None
    return retry is not None and retry.attempts == 1
