"""A bare ASGI app doing a text turn's I/O under Daphne: the floor for Daphne's CPU per turn.

It answers the benchmark client's requests as Sesame does (`POST /api/conversations/` and
`POST /api/conversations/{id}/messages/`, JSON in, JSON out), with no Django, no database and
no checks: it keeps each conversation's contents in memory, makes the same two thread hops a
Sesame turn makes (one before Gemini, one after; one for a new conversation) and streams the
same request body from the emulator with plain aiohttp over TLS. What Sesame costs beyond it
is Sesame's own work; what it costs is Daphne, the two hops and the HTTP on either side, on
this machine.

    python -m daphne -b 127.0.0.1 -p PORT bench._bare_turn:application
    (GEMINI_BASE_URL, GEMINI_CA_FILE, GEMINI_TEXT_MODEL, SESAME_SYSTEM_INSTRUCTION from the env)
"""

from __future__ import annotations

import json
import os
import ssl
import uuid

import aiohttp
from asgiref.sync import sync_to_async

_conversations: dict[str, list[dict]] = {}
_session: aiohttp.ClientSession | None = None


def _create() -> str:
    conversation = str(uuid.uuid4())
    _conversations[conversation] = []
    return conversation


def _add(conversation: str, role: str, text: str) -> list[dict]:
    contents = _conversations.setdefault(conversation, [])
    contents.append({"role": role, "parts": [{"text": text}]})
    return contents


def _gemini() -> aiohttp.ClientSession:
    global _session
    if _session is None:
        context = ssl.create_default_context(cafile=os.environ["GEMINI_CA_FILE"])
        _session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context))
    return _session


async def _stream(contents: list[dict]) -> str:
    """Stream one reply from the emulator; return its text."""
    model = os.environ.get("GEMINI_TEXT_MODEL", "gemini-2.5-flash")
    url = f"{os.environ['GEMINI_BASE_URL'].rstrip('/')}/v1beta/models/{model}"
    body = {
        "contents": contents,
        "systemInstruction": {
            "role": "user",
            "parts": [{"text": os.environ.get("SESAME_SYSTEM_INSTRUCTION", "")}],
        },
    }
    pieces = []
    headers = {"x-goog-api-key": "bench"}
    async with _gemini().post(
        f"{url}:streamGenerateContent?alt=sse", json=body, headers=headers
    ) as response:
        async for line in response.content:
            if line.startswith(b"data:"):
                for candidate in json.loads(line[5:]).get("candidates") or ():
                    for part in (candidate.get("content") or {}).get("parts") or ():
                        pieces.append(part.get("text", ""))
    return "".join(pieces)


async def _read(receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def _answer(send, status: int, data: dict) -> None:
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def application(scope, receive, send) -> None:
    """Serve the benchmark client's two requests; 404 anything else."""
    if scope["type"] != "http":
        return
    request = await _read(receive)
    parts = scope["path"].strip("/").split("/")  # api/conversations[/{id}/messages]
    if scope["method"] == "POST" and parts == ["api", "conversations"]:
        conversation = await sync_to_async(_create)()
        return await _answer(send, 201, {"id": conversation, "title": ""})
    if scope["method"] != "POST" or len(parts) != 4 or parts[3] != "messages":
        return await _answer(send, 404, {"error": {"code": "not_found", "message": "No."}})
    text = json.loads(request)["text"]
    contents = await sync_to_async(_add)(parts[2], "user", text)
    reply = await _stream(list(contents))
    await sync_to_async(_add)(parts[2], "model", reply)
    message = {"role": "user", "source": "text", "status": "complete", "attachments": []}
    data = {
        "user_message": {**message, "text": text},
        "model_message": {**message, "role": "model", "text": reply},
    }
    await _answer(send, 201, data)
