"""The live WebSocket adapters: DESIGN §4's voice protocol and the tutorial relay's protocol.

Both are thin: they parse frames at the edge and call the bridge; `LiveSessionConsumer` owns
the session. The audio path (binary frame → bridge → SDK, model audio → binary frame) touches
neither the database nor the channel layer.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings

from conversations import images, services
from core.errors import SesameError
from live.audio import INPUT_RATE, MAX_FRAME_BYTES, StreamResampler, pcm_frame_error
from live.events import AUDIO, TEXT, Interrupted, Reconnecting, Resumed, TextDelta, TranscriptDelta
from live.session import LiveSessionConsumer, conversation_for

logger = logging.getLogger(__name__)

MAX_VOICE_NAME = 64


def _dumps(frame: dict) -> str:
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def _parse_picture(data, mime_type) -> services.NewImage:
    """Validate and re-encode an attached picture exactly as an HTTP upload is."""
    (raw,) = images.decode_base64_items([{"mime_type": mime_type, "data": data}])
    return images.prepare_image(raw)


class VoiceConsumer(LiveSessionConsumer):
    """`/ws/live/{conversation_id}/`: voice, typed text, pictures and camera frames."""

    async def authorize(self, user) -> bool:
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        self.conversation = await conversation_for(user, conversation_id)
        return self.conversation is not None

    async def receive(self, text_data=None, bytes_data=None):
        if bytes_data is not None:
            bridge = self.bridge
            if bridge is None:
                await self.send_error("setup_required", "Send a setup frame before audio.")
            elif (problem := pcm_frame_error(bytes_data)) is not None:
                await self.send_error("bad_audio", problem)
            else:
                await bridge.send_audio(bytes_data)
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_error("bad_json", "A text frame must be a JSON object.")
            return
        kind = frame.get("type") if isinstance(frame, dict) else None
        handler = self._FRAMES.get(kind) if isinstance(kind, str) else None
        if handler is None:
            await self.send_error("unknown_type", f"Unknown frame type: {str(kind)[:40]!r}.")
        elif self.bridge is None and kind != "setup":
            await self.send_error("setup_required", "Send a setup frame first.")
        else:
            await getattr(self, handler)(frame)

    _FRAMES = {
        "setup": "_on_setup",
        "text": "_on_text",
        "image": "_on_image",
        "audio_end": "_on_audio_end",
        "activity_start": "_on_activity_start",
        "activity_end": "_on_activity_end",
        "stop": "_on_stop",
    }

    async def _on_setup(self, frame: dict) -> None:
        if self.bridge is not None:
            await self.send_error("already_set_up", "This session is already set up.")
            return
        response = frame.get("response", AUDIO)
        voice = frame.get("voice") or ""
        activity = frame.get("activity", "auto")
        if response not in (AUDIO, TEXT):
            await self.send_error("bad_setup", 'response must be "audio" or "text".')
        elif not isinstance(voice, str) or len(voice) > MAX_VOICE_NAME:
            await self.send_error("bad_setup", "voice must be a voice name.")
        elif activity not in ("auto", "manual"):
            await self.send_error("bad_setup", 'activity must be "auto" or "manual".')
        else:
            config = self.bridge_config(response=response, voice=voice, manual=activity == "manual")
            self.start_bridge(config)

    async def _on_text(self, frame: dict) -> None:
        text = frame.get("text")
        if not isinstance(text, str) or not text.strip():
            await self.send_error("bad_text", "A text frame needs some text.")
        elif len(text) > settings.SESAME_MAX_TEXT_CHARS:
            await self.send_error("text_too_long", "That text is too long.")
        else:
            await self.bridge.send_text(text.strip())

    async def _on_image(self, frame: dict) -> None:
        data, mime_type = frame.get("data"), frame.get("mime_type")
        if not isinstance(data, str) or not isinstance(mime_type, str):
            await self.send_error("bad_image", "An image frame needs mime_type and data.")
            return
        if not frame.get("persist"):
            await self.forward_frame(data, mime_type)
            return
        text = frame.get("text") if isinstance(frame.get("text"), str) else ""
        try:
            picture = await sync_to_async(_parse_picture, thread_sensitive=False)(data, mime_type)
        except SesameError as exc:
            await self.send_error(exc.code, exc.message)
            return
        await self.bridge.send_image(
            picture.data, picture.mime_type, persist=True, text=text.strip(), tag=picture
        )

    async def _on_audio_end(self, frame: dict) -> None:
        await self.bridge.end_audio()

    async def _on_activity_start(self, frame: dict) -> None:
        await self.bridge.activity_start()

    async def _on_activity_end(self, frame: dict) -> None:
        await self.bridge.activity_end()

    async def _on_stop(self, frame: dict) -> None:
        await self.end()

    # -- out -----------------------------------------------------------------------------------

    async def send_audio(self, data: bytes) -> None:
        await self.base_send({"type": "websocket.send", "bytes": data})

    async def send_error(self, code: str, message: str, *, fatal: bool = False) -> None:
        frame = {"type": "error", "code": code, "message": message, "fatal": fatal}
        await self.send(text_data=_dumps(frame))

    async def send_warning(self, code: str, message: str, seconds_left: int) -> None:
        frame = {"type": "warning", "code": code, "message": message, "seconds_left": seconds_left}
        await self.send(text_data=_dumps(frame))

    async def on_ready(self, resumed: bool) -> None:
        frame = {
            "type": "ready",
            "conversation_id": str(self.conversation.id),
            "resumed": resumed,
            "model": settings.GEMINI_LIVE_MODEL,
            "offline": settings.GEMINI_OFFLINE,
            "response": self.bridge.config.response,
            "activity": "manual" if self.bridge.config.manual_activity else "auto",
            "max_seconds": settings.SESAME_MAX_LIVE_SECONDS,
            **self.ready_fields(),
        }
        await self.send(text_data=_dumps(frame))

    def ready_fields(self) -> dict:
        """Return what a subclass adds to the ready frame."""
        return {}

    async def on_event(self, event) -> None:
        kind = type(event)
        if kind is TranscriptDelta:
            frame = {"type": "transcript", "role": event.role, "text": event.text}
        elif kind is TextDelta:
            frame = {"type": "text", "text": event.text}
        elif kind is Interrupted:
            frame = {"type": "interrupted"}
        elif kind is Reconnecting:
            frame = {"type": "reconnecting", "reason": event.reason}
        elif kind is Resumed:
            frame = {"type": "resumed", "fresh": event.fresh}
        else:
            return
        await self.send(text_data=_dumps(frame))

    async def on_turn_stored(self, messages: list[dict]) -> None:
        await self.send(text_data=_dumps({"type": "turn_complete", "messages": messages}))


class GeminiRelayConsumer(LiveSessionConsumer):
    """`/ws/gemini/`: the "Gemini 2.0 realtime" tutorial relay's protocol, stored like voice.

    `{"setup": {"generation_config": {"response_modalities": [...]}}}` first, then
    `{"realtime_input": {"media_chunks": [{"mime_type", "data"}]}}`; answers `{"text"}` and
    `{"audio": base64 PCM 24 kHz}`. Each connection is a new conversation unless the query
    string names one of the user's (`?conversation=<id>`).
    """

    async def authorize(self, user) -> bool:
        query = self.scope.get("query_string", b"").decode("latin-1")
        wanted = dict(p.partition("=")[::2] for p in query.split("&") if p).get("conversation")
        if wanted:
            self.conversation = await conversation_for(user, wanted)
            return self.conversation is not None
        return True

    async def receive(self, text_data=None, bytes_data=None):
        try:
            frame = json.loads(text_data if text_data is not None else bytes_data)
        except (ValueError, UnicodeDecodeError):
            await self.send_error("bad_json", "Frames must be JSON objects.")
            return
        if not isinstance(frame, dict):
            await self.send_error("bad_json", "Frames must be JSON objects.")
        elif "setup" in frame:
            await self._on_setup(frame["setup"])
        elif "realtime_input" in frame or "realtimeInput" in frame:
            if self.bridge is None:
                await self.send_error("setup_required", "Send a setup message first.")
                return
            realtime = frame.get("realtime_input") or frame.get("realtimeInput") or {}
            chunks = realtime.get("media_chunks") or realtime.get("mediaChunks") or []
            for chunk in chunks if isinstance(chunks, list) else []:
                await self._on_chunk(chunk)
        else:
            await self.send_error("unknown_type", "Expected setup or realtime_input.")

    async def _on_setup(self, setup) -> None:
        if self.bridge is not None:
            await self.send_error("already_set_up", "This session is already set up.")
            return
        setup = setup if isinstance(setup, dict) else {}
        generation = setup.get("generation_config") or setup.get("generationConfig") or {}
        modalities = (
            generation.get("response_modalities")
            or generation.get("responseModalities")
            or ["AUDIO"]
        )
        response = TEXT if str(modalities[0]).upper() == "TEXT" else AUDIO
        self._resamplers: dict[int, StreamResampler] = {}
        if self.conversation is None:
            self.conversation = await database_sync_to_async(services.conversation_create)(
                owner=self.user, title="Voice session"
            )
        self.start_bridge(self.bridge_config(response=response, voice=_voice_of(generation)))

    async def _on_chunk(self, chunk) -> None:
        mime_type = str(chunk.get("mime_type") or chunk.get("mimeType") or "")
        data = chunk.get("data")
        if not isinstance(data, str):
            await self.send_error("bad_chunk", "A media chunk needs base64 data.")
        elif mime_type.startswith("audio/pcm"):
            await self._on_audio(data, _rate(mime_type))
        elif mime_type.startswith("image/"):
            await self.forward_frame(data, mime_type)
        else:
            await self.send_error("bad_chunk", f"Unsupported media type {mime_type[:40]!r}.")

    async def _on_audio(self, data: str, rate: int) -> None:
        if len(data) > MAX_FRAME_BYTES * 4 // 3 * (max(rate, INPUT_RATE) // INPUT_RATE) + 4:
            await self.send_error("bad_audio", "That audio chunk is too large.")
            return
        try:
            pcm = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            await self.send_error("bad_audio", "Audio data must be base64.")
            return
        if rate != INPUT_RATE:
            resampler = self._resamplers.setdefault(rate, StreamResampler(rate, INPUT_RATE))
            pcm = resampler.process(pcm)
        problem = pcm_frame_error(pcm)
        if problem is not None:
            await self.send_error("bad_audio", problem)
            return
        await self.bridge.send_audio(pcm)

    async def send_audio(self, data: bytes) -> None:
        await self.send(text_data='{"audio":"' + base64.b64encode(data).decode("ascii") + '"}')

    async def send_error(self, code: str, message: str, *, fatal: bool = False) -> None:
        await self.send(
            text_data=_dumps({"error": {"code": code, "message": message, "fatal": fatal}})
        )

    async def on_event(self, event) -> None:
        if type(event) is TextDelta:
            await self.send(text_data=_dumps({"text": event.text}))


def _voice_of(generation: dict) -> str:
    speech = generation.get("speech_config") or generation.get("speechConfig") or {}
    voice = speech.get("voice_config") or speech.get("voiceConfig") or {}
    prebuilt = voice.get("prebuilt_voice_config") or voice.get("prebuiltVoiceConfig") or {}
    name = prebuilt.get("voice_name") or prebuilt.get("voiceName") or ""
    return name if isinstance(name, str) and len(name) <= MAX_VOICE_NAME else ""


def _rate(mime_type: str) -> int:
    for param in mime_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "rate" and value.strip().isdigit():
            return max(8000, min(int(value), 96_000))
    return INPUT_RATE
