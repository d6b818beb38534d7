"""RTVI 2.1, the protocol of Pipecat's client SDKs, over a live session's bridge events.

Messages are JSON `{"label": "rtvi-ai", "type", "id", "data"}` on the call's data channel.
The client's `client-ready` is answered by `bot-ready` (same `id`) once Gemini is up;
`send-text` is a typed turn; `client-message` `{t, d}` is answered by `server-response` (same
`id`) or `error-response`; `disconnect-bot` ends the call; anything else is an
`error-response`. Bridge events become the server events Pipecat's clients render:
speaking states, `user-transcription`, `bot-llm-text`, `bot-output`, `error`.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

from live.events import BridgeError, Interrupted, Reconnecting, Resumed, TextDelta, TranscriptDelta

logger = logging.getLogger(__name__)

LABEL = "rtvi-ai"
PROTOCOL_VERSION = "2.1.0"
MAX_TYPE_CHARS = 64


class RtviHost(Protocol):
    """What the adapter needs from the call it speaks for."""

    def send_message(self, message: dict) -> None:
        """Send one JSON message to the client."""

    async def send_text(self, text: str) -> str | None:
        """Start a typed turn; return why it was refused, or None."""

    async def hang_up(self) -> None:
        """End the call."""

    def client_message(self, kind: str, data) -> dict | None:
        """Answer a `client-message` of type `kind`, or None when the type is unknown."""


def message(kind: str, data: dict | None = None, msg_id: str | None = None) -> dict:
    """Return an RTVI message."""
    out = {"label": LABEL, "type": kind, "id": msg_id or secrets.token_hex(4)}
    if data is not None:
        out["data"] = data
    return out


class RtviAdapter:
    """Speak RTVI for one call: parse the client's messages, render the bridge's events."""

    def __init__(self, host: RtviHost, *, about: dict, user_id: str):
        self.host = host
        self.about = about
        self.user_id = user_id
        self._client_ready_id: str | None = None
        self._bridge_ready = False
        self._ready_sent = False
        self._user_speaking = False
        self._user_text: list[str] = []
        self._llm_started = False
        self._bot_speaking = False
        self._handlers: dict[str, Callable[[dict], Awaitable[None]]] = {
            "client-ready": self._on_client_ready,
            "send-text": self._on_send_text,
            "client-message": self._on_client_message,
            "disconnect-bot": self._on_disconnect_bot,
        }

    # -- in ------------------------------------------------------------------------------------

    async def receive(self, raw) -> None:
        """Handle one message from the client's data channel (pings are ignored)."""
        if not isinstance(raw, str):
            return
        try:
            frame = json.loads(raw)
        except ValueError:
            return  # "ping: <ms>" keep-alives, and anything else that is not JSON
        if not isinstance(frame, dict) or frame.get("label") != LABEL:
            return
        msg_id = frame.get("id") if isinstance(frame.get("id"), str) else secrets.token_hex(4)
        kind = frame.get("type")
        data = frame.get("data") if isinstance(frame.get("data"), dict) else {}
        handler = self._handlers.get(kind) if isinstance(kind, str) else None
        if handler is None:
            self._error_response(msg_id, f"Unsupported message type: {str(kind)[:MAX_TYPE_CHARS]}")
            return
        await handler({"id": msg_id, "data": data})

    async def _on_client_ready(self, msg: dict) -> None:
        self._client_ready_id = msg["id"]
        self._send_bot_ready()

    async def _on_send_text(self, msg: dict) -> None:
        content = msg["data"].get("content")
        if not isinstance(content, str) or not content.strip():
            self._error_response(msg["id"], "send-text needs some text in data.content.")
            return
        problem = await self.host.send_text(content.strip())
        if problem is not None:
            self._error_response(msg["id"], problem)

    async def _on_client_message(self, msg: dict) -> None:
        kind, data = msg["data"].get("t"), msg["data"].get("d")
        if not isinstance(kind, str) or not kind:
            self._error_response(msg["id"], "client-message needs a type in data.t.")
            return
        answer = self.host.client_message(kind, data)
        if answer is None:
            self._error_response(msg["id"], f"Unknown client message: {kind[:MAX_TYPE_CHARS]}")
        else:
            self.host.send_message(message("server-response", {"t": kind, "d": answer}, msg["id"]))

    async def _on_disconnect_bot(self, msg: dict) -> None:
        await self.host.hang_up()

    def _error_response(self, msg_id: str, text: str) -> None:
        self.host.send_message(message("error-response", {"error": text}, msg_id))

    # -- out -----------------------------------------------------------------------------------

    def bridge_ready(self) -> None:
        """Gemini is up: answer the client's `client-ready` (now or when it comes)."""
        self._bridge_ready = True
        self._send_bot_ready()

    def _send_bot_ready(self) -> None:
        if self._ready_sent or not self._bridge_ready or self._client_ready_id is None:
            return
        self._ready_sent = True
        data = {"version": PROTOCOL_VERSION, "about": self.about}
        self.host.send_message(message("bot-ready", data, self._client_ready_id))

    def error(self, code: str, text: str, *, fatal: bool = False) -> None:
        """Send an `error` event."""
        data = {"error": text, "message": text, "code": code, "fatal": fatal}
        self.host.send_message(message("error", data))

    def server_message(self, data: dict) -> None:
        """Send a Sesame event the RTVI vocabulary has no word for (`server-message`)."""
        self.host.send_message(message("server-message", data))

    def event(self, event) -> None:
        """Render a bridge event (audio is `audio_started`'s, turns `turn_complete`'s)."""
        kind = type(event)
        if kind is TranscriptDelta and event.role == "user":
            self._user_words(event.text)
        elif kind is TranscriptDelta or kind is TextDelta:
            self._bot_words(event.text, spoken=kind is TranscriptDelta)
        elif kind is Interrupted:
            self._bot_stopped()
            self._llm_stopped()
        elif kind is Reconnecting:
            self.server_message({"type": "reconnecting", "reason": event.reason})
        elif kind is Resumed:
            self.server_message({"type": "resumed", "fresh": event.fresh})
        elif kind is BridgeError:
            self.error(event.code, event.message, fatal=event.fatal)

    def audio_started(self) -> None:
        """Model audio arrived: the bot speaks (once per stretch of speech)."""
        self._user_done()
        self._llm_begin()
        if not self._bot_speaking:
            self._bot_speaking = True
            self.host.send_message(message("bot-started-speaking"))

    def audio_drained(self) -> None:
        """The model's audio has all been played."""
        self._bot_stopped()

    def turn_complete(self, *, playing: bool) -> None:
        """A turn ended; the bot stops speaking now unless its audio is still playing."""
        self._user_done()
        self._llm_stopped()
        if not playing:
            self._bot_stopped()

    def _user_words(self, text: str) -> None:
        if not self._user_speaking:
            self._user_speaking = True
            self.host.send_message(message("user-started-speaking"))
        self._user_text.append(text)
        self.host.send_message(message("user-transcription", self._transcript(text, False)))

    def _user_done(self) -> None:
        if not self._user_speaking:
            return
        self._user_speaking = False
        text = "".join(self._user_text).strip()
        self._user_text.clear()
        self.host.send_message(message("user-stopped-speaking"))
        if text:
            self.host.send_message(message("user-transcription", self._transcript(text, True)))

    def _transcript(self, text: str, final: bool) -> dict:
        timestamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        return {"text": text, "final": final, "timestamp": timestamp, "user_id": self.user_id}

    def _bot_words(self, text: str, *, spoken: bool) -> None:
        self._user_done()
        self._llm_begin()
        self.host.send_message(message("bot-llm-text", {"text": text}))
        output = {"text": text, "aggregated_by": "word", "spoken": spoken}
        self.host.send_message(message("bot-output", output))

    def _llm_begin(self) -> None:
        if not self._llm_started:
            self._llm_started = True
            self.host.send_message(message("bot-llm-started"))

    def _llm_stopped(self) -> None:
        if self._llm_started:
            self._llm_started = False
            self.host.send_message(message("bot-llm-stopped"))

    def _bot_stopped(self) -> None:
        if self._bot_speaking:
            self._bot_speaking = False
            self.host.send_message(message("bot-stopped-speaking"))
