"""REST: generateContent and streamGenerateContent (SSE), with Gemini's error bodies."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any

from aiohttp import web

from . import faults, model, wire
from .state import EmulatorState

logger = logging.getLogger(__name__)

STREAM_PIECES = 5
_OFFLOAD_BYTES = 256_000  # decode big request bodies (pictures) off the event loop


class RestApi:
    """Serve the REST model methods against the shared emulator state."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def handle(
        self, request: web.Request, model_name: str, method: str
    ) -> web.StreamResponse:
        """Dispatch one `models/{model}:{method}` call."""
        counters = self.state.counters
        counters.rest_requests += 1
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        if method not in ("generateContent", "streamGenerateContent"):
            return error_response(404, f"Method {method} is not supported by the emulator.")
        try:
            history, turn, functions = await _parse_request(request)
        except ValueError as exc:
            return error_response(400, str(exc))
        await self._delay()
        reply = model.compose_reply(history, turn, functions=functions)
        counters.rest_turns += 1
        prompt_tokens = sum(model.turn_tokens(t) for t in (*history, turn))
        if method == "generateContent":
            body = _response(reply, model_name, prompt_tokens, finished=True)
            return web.json_response(body)
        chunks = _chunks(reply, model_name, prompt_tokens)
        if request.query.get("alt") != "sse":
            return web.json_response(chunks)  # without alt=sse Gemini streams one JSON array
        return await self._stream(request, chunks)

    def _refusal(self, request: web.Request) -> web.Response | None:
        """Return the error response a key check or an injected REST error demands."""
        key = api_key(request)
        if self.state.faults.current.bad_key:
            self.state.counters.faults_injected += 1
            return error_response(400, faults.BAD_KEY_MESSAGE, reason="API_KEY_INVALID")
        if not key:
            return error_response(403, None)
        code = self.state.faults.take_rest_error()
        if code is not None:
            self.state.counters.faults_injected += 1
            return error_response(code)
        return None

    async def _delay(self) -> None:
        latency = self.state.faults.current.latency_ms
        if latency > 0:
            await asyncio.sleep(latency / 1000)

    async def _stream(self, request: web.Request, chunks: list[dict]) -> web.StreamResponse:
        """Send chunks as SSE events; drop the connection midway if a fault says so."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        break_after = self.state.faults.take_stream_break()
        for index, body in enumerate(chunks):
            if break_after is not None and index >= break_after:
                self.state.counters.faults_injected += 1
                logger.info("breaking SSE stream after %d chunks (fault)", index)
                request.transport.abort()  # type: ignore[union-attr]
                return response
            await response.write(b"data: " + wire.dumps(body) + b"\r\n\r\n")
        await response.write_eof()
        return response


def api_key(request: web.Request) -> str:
    """Return the API key from the header, the `key` query parameter or a Token header."""
    key = request.headers.get("x-goog-api-key") or request.query.get("key", "")
    if not key:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        key = token if scheme in ("Token", "Bearer") else ""
    return key.strip()


def error_response(code: int, message: str | None = None, reason: str | None = None):
    """Return an HTTP error in Gemini's JSON shape."""
    return web.json_response(faults.error_body(code, message, reason), status=code)


async def _parse_request(request: web.Request):
    """Return (history, current user turn, declared function names) from the JSON body."""
    raw = await request.read()
    try:
        body = json.loads(raw or b"{}")
    except json.JSONDecodeError as exc:
        raise ValueError(f"Invalid JSON payload received. {exc}") from None
    contents = wire.field(body, "contents")
    if not isinstance(contents, list) or not contents:
        raise ValueError("* GenerateContentRequest.contents: contents is not specified")
    if len(raw) > _OFFLOAD_BYTES:
        turns = await asyncio.to_thread(_to_turns, contents)
    else:
        turns = _to_turns(contents)
    return turns[:-1], turns[-1], declared_functions(wire.field(body, "tools"))


def _to_turns(contents: list) -> list[model.Turn]:
    return [model.turn_from_content(c) for c in contents if isinstance(c, dict)]


def declared_functions(tools: Any) -> list[str]:
    """Return the names of the functions declared in a `tools` list (or a single tool)."""
    if isinstance(tools, dict):
        tools = [tools]
    names = []
    for tool in tools or []:
        for decl in wire.field(tool, "functionDeclarations") or []:
            if isinstance(wire.field(decl, "name"), str):
                names.append(wire.field(decl, "name"))
    return names


def _chunks(reply: model.Reply, model_name: str, prompt_tokens: int) -> list[dict]:
    """Split a reply into streamed responses; the last has finishReason and usage."""
    pieces = model.split_text(reply.text, STREAM_PIECES) if reply.text else [""]
    chunks = []
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        partial = model.Reply(text=piece, tool_call=reply.tool_call if last else None)
        chunks.append(_response(partial, model_name, prompt_tokens, finished=last, total=reply))
    return chunks


def _response(
    reply: model.Reply,
    model_name: str,
    prompt_tokens: int,
    *,
    finished: bool,
    total: model.Reply | None = None,
) -> dict:
    """Build one GenerateContentResponse (a whole reply, or one streamed chunk)."""
    if reply.tool_call:
        parts = [{"functionCall": {"name": reply.tool_call, "args": {}}}]
    else:
        parts = [{"text": reply.text}]
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    body: dict[str, Any] = {
        "candidates": [candidate],
        "modelVersion": model_name,
        "responseId": secrets.token_urlsafe(12),
    }
    if finished:
        candidate["finishReason"] = "STOP"
        answer = model.tokens((total or reply).text) or 1
        body["usageMetadata"] = {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": answer,
            "totalTokenCount": prompt_tokens + answer,
        }
    return body
