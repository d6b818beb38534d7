"""One Live (BidiGenerateContent) WebSocket session: setup, inputs, VAD, replies, faults."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from typing import Any

from aiohttp import WSMsgType, web

from . import audio, faults, model, wire
from .live_config import LiveConfig
from .live_output import Speaker
from .state import EmulatorState

logger = logging.getLogger(__name__)

SETUP_TIMEOUT_S = 30.0
SESSION_NOT_FOUND = "BidiGenerateContent session not found"
DEADLINE_EXPIRED = "Deadline expired before operation could complete."
INTERNAL_ERROR = "Internal error encountered."
INVALID_ARGUMENT = "Request contains an invalid argument."


class LiveSession:
    """Serve one Live connection; `run()` returns when the socket closes."""

    _HANDLERS = {
        name: method
        for key, method in {
            "clientContent": "_on_client_content",
            "realtimeInput": "_on_realtime_input",
            "toolResponse": "_on_tool_response",
            "contextUpdate": "_on_context_update",
            "setup": "_on_setup",
        }.items()
        for name in (key, wire.snake(key))  # the SDK sends snake_case top-level keys
    }

    def __init__(self, ws: web.WebSocketResponse, state: EmulatorState, *, cid: str, key: str):
        self.ws = ws
        self.state = state
        self.cid = cid
        self.key = key
        self.config = LiveConfig()
        self.context: list[model.Turn] = []
        self.accepted = False
        self._vad = audio.EnergyVad()
        self._manual_ms: float | None = None  # audio inside activityStart..activityEnd
        self._frame: tuple[str, str, int] | None = None  # (base64, mime type, number)
        self._frames = 0
        self._reply_task: asyncio.Task | None = None
        self._generating = False
        self._speaker = Speaker(self._send, state)
        self._pending_calls: list[str] = []
        self._timers: list[asyncio.Task] = []

    async def run(self) -> None:
        """Do the setup handshake, then handle client messages until the socket closes."""
        try:
            setup = await self._read_setup()
            if setup is None or not await self._accept(setup):
                return
            await self._send({"setupComplete": {}})
            self._arm_faults()
            await self._receive_loop()
        except ConnectionError:
            logger.debug("[live %s] connection lost", self.cid)
        finally:
            await self._teardown()

    # -- setup ---------------------------------------------------------------------------------

    async def _read_setup(self) -> dict | None:
        try:
            msg = await asyncio.wait_for(self.ws.receive(), SETUP_TIMEOUT_S)
        except TimeoutError:
            await self.close(1008, "Setup message not received in time.")
            return None
        if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
            return None
        message = _loads(msg.data)
        setup = wire.field(message, "setup")
        if not isinstance(setup, dict):
            await self.close(1007, INVALID_ARGUMENT)
            return None
        return setup

    async def _accept(self, setup: dict) -> bool:
        """Check key and resumption handle; return False after closing when refused."""
        counters = self.state.counters
        counters.last_live_setup = setup
        if self.state.faults.current.bad_key or not self.key:
            if self.state.faults.current.bad_key:
                counters.faults_injected += 1
            await self.close(1008, faults.BAD_KEY_MESSAGE)
            return False
        self.config = LiveConfig.from_setup(setup)
        if self.config.resume_handle and not self._resume(self.config.resume_handle):
            await self.close(1008, SESSION_NOT_FOUND)
            return False
        self._vad = audio.EnergyVad(
            silence_ms=self.config.silence_ms, sensitivity=self.config.start_sensitivity
        )
        self.accepted = True
        counters.live_sessions_open += 1
        counters.live_sessions_total += 1
        logger.info(
            "[live %s] setup %s audio_out=%s", self.cid, self.config.model, self.config.audio_out
        )
        return True

    def _resume(self, handle: str) -> bool:
        if self.state.faults.take_resumption_rejection():
            self.state.counters.faults_injected += 1
            return False
        turns = self.state.handles.restore(handle)
        if turns is None:
            return False
        self.context = turns
        self.state.counters.live_resumptions += 1
        return True

    def _arm_faults(self) -> None:
        taken = self.state.faults.take_live()
        if taken.go_away_after_s is not None:
            coro = self._go_away(taken.go_away_after_s, taken.go_away_time_left_s)
            self._timers.append(asyncio.create_task(coro, name=f"live-{self.cid}-goaway"))
        if taken.close_after_s is not None:
            coro = self._close_later(taken.close_after_s)
            self._timers.append(asyncio.create_task(coro, name=f"live-{self.cid}-close"))

    async def _go_away(self, after_s: float, time_left_s: float) -> None:
        await asyncio.sleep(after_s)
        with contextlib.suppress(ConnectionError):
            await self._send({"goAway": {"timeLeft": wire.duration(time_left_s)}})
            self.state.counters.go_aways_sent += 1
            self.state.counters.faults_injected += 1
            await asyncio.sleep(time_left_s)
            await self.close(1011, DEADLINE_EXPIRED)

    async def _close_later(self, after_s: float) -> None:
        await asyncio.sleep(after_s)
        self.state.counters.faults_injected += 1
        await self.close(1011, INTERNAL_ERROR)

    # -- receiving -----------------------------------------------------------------------------

    async def _receive_loop(self) -> None:
        async for msg in self.ws:
            if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                continue
            self.state.counters.live_messages_received += 1
            message = _loads(msg.data)
            if not isinstance(message, dict):
                await self.close(1007, "Invalid JSON payload received.")
                return
            for key, body in message.items():
                handler = self._HANDLERS.get(key)
                if handler is None:
                    logger.debug("[live %s] ignoring message field %s", self.cid, key)
                    continue
                await getattr(self, handler)(body if isinstance(body, dict) else {})

    async def _on_setup(self, body: dict) -> None:
        logger.debug("[live %s] ignoring a second setup message", self.cid)

    async def _on_context_update(self, body: dict) -> None:
        logger.debug("[live %s] context update ignored by the emulator", self.cid)

    async def _on_client_content(self, body: dict) -> None:
        turns = [t for t in wire.field(body, "turns") or [] if isinstance(t, dict)]
        await self._interrupt()
        if any(_has_inline_data(t) for t in turns):
            new = await asyncio.to_thread(lambda: [model.turn_from_content(t) for t in turns])
        else:
            new = [model.turn_from_content(t) for t in turns]
        if not wire.field(body, "turnComplete", False):
            self.context.extend(new)
            return
        current = new.pop() if new and new[-1].role == "user" else model.Turn(role="user")
        self.context.extend(new)
        await self._user_turn(current)

    async def _on_tool_response(self, body: dict) -> None:
        responses = wire.field(body, "functionResponses") or []
        turn = model.turn_from_content(
            {"role": "user", "parts": [{"functionResponse": r} for r in responses]}
        )
        answered = {wire.field(r, "id") for r in responses if isinstance(r, dict)}
        self._pending_calls = [c for c in self._pending_calls if c not in answered]
        await self._start_reply(turn)

    async def _on_realtime_input(self, body: dict) -> None:
        blob = wire.field(body, "audio")
        if isinstance(blob, dict):
            await self._on_audio(blob)
        blob = wire.field(body, "video")
        if isinstance(blob, dict):
            self._on_video(blob)
        for chunk in wire.field(body, "mediaChunks") or []:
            mime_type = str(wire.field(chunk, "mimeType") or "")
            if mime_type.startswith("image/"):
                self._on_video(chunk)
            else:
                await self._on_audio(chunk)
        text = wire.field(body, "text")
        if isinstance(text, str) and text:
            await self._user_turn(model.Turn(role="user", text=text))
        if wire.has_field(body, "activityStart"):
            await self._interrupt()
            self._manual_ms = 0.0
        if wire.has_field(body, "activityEnd") and self._manual_ms is not None:
            speech_ms, self._manual_ms = self._manual_ms, None
            await self._speech_turn(speech_ms)
        if wire.field(body, "audioStreamEnd"):
            event = self._vad.flush()
            if event is not None:
                await self._speech_turn(event.speech_ms)

    async def _on_audio(self, blob: dict) -> None:
        try:
            pcm = wire.b64decode(wire.field(blob, "data") or "")
        except ValueError:
            return
        rate = wire.mime_rate(str(wire.field(blob, "mimeType") or ""), audio.INPUT_RATE)
        duration = audio.pcm_duration_ms(pcm, rate)
        self.state.counters.audio_ms_received += duration
        if not self.config.auto_vad:
            if self._manual_ms is not None:
                self._manual_ms += duration
            return
        for event in self._vad.feed(pcm, rate):
            if event.kind == "start":
                await self._interrupt()
            else:
                await self._speech_turn(event.speech_ms)

    def _on_video(self, blob: dict) -> None:
        self._frames += 1
        self.state.counters.video_frames_received += 1
        mime_type = str(wire.field(blob, "mimeType") or "image/jpeg")
        self._frame = (wire.field(blob, "data") or "", mime_type, self._frames)

    # -- turns and replies ---------------------------------------------------------------------

    async def _speech_turn(self, speech_ms: float) -> None:
        transcript = f"[speech {speech_ms / 1000:.2f} s]"
        if self.config.input_transcription:
            await self._send({"serverContent": {"inputTranscription": {"text": transcript}}})
        await self._user_turn(model.Turn(role="user", text=transcript, audio_ms=speech_ms))

    async def _user_turn(self, turn: model.Turn) -> None:
        await self._interrupt()
        if self._pending_calls:
            ids, self._pending_calls = self._pending_calls, []
            await self._send({"toolCallCancellation": {"ids": ids}})
        self.state.counters.live_turns += 1
        await self._start_reply(turn)

    async def _start_reply(self, turn: model.Turn) -> None:
        history = list(self.context)
        self.context.append(turn)
        previous = self._reply_task
        coro = self._reply(previous, history, turn)
        self._reply_task = asyncio.create_task(coro, name=f"live-{self.cid}-reply")

    async def _interrupt(self) -> None:
        """Cut the reply being generated, if any and if the session allows barge-in."""
        task = self._reply_task
        if task is None or task.done() or not self._generating or not self.config.interruptible:
            return
        task.cancel()
        await asyncio.wait([task])
        self._generating = False
        self.state.counters.interruptions += 1
        self.context.append(model.Turn(role="model", text=self._speaker.spoken))
        await self._send({"serverContent": {"interrupted": True}})
        await self._send({"serverContent": {"turnComplete": True}})
        logger.debug("[live %s] reply interrupted", self.cid)

    async def _reply(self, previous: asyncio.Task | None, history, turn: model.Turn) -> None:
        if previous is not None and not previous.done():
            await asyncio.wait([previous])
        self._generating = True
        self._speaker.reset()
        try:
            latency = self.state.faults.current.latency_ms
            if latency > 0:
                await asyncio.sleep(latency / 1000)
            reply = model.compose_reply(
                history, turn, frame=self._newest_frame(), functions=self.config.functions
            )
            if reply.tool_call is not None:
                await self._call_tool(reply.tool_call)
                return
            if self.config.audio_out:
                await self._speaker.speak(reply.text, self.config.output_transcription)
            else:
                await self._speaker.write(reply.text)
            self._generating = False
            await self._finish_turn(history, turn, reply.text)
        except ConnectionError:
            logger.debug("[live %s] socket closed during a reply", self.cid)
        finally:
            self._generating = False

    async def _call_tool(self, name: str) -> None:
        call_id = f"function-call-{secrets.token_hex(8)}"
        self._pending_calls.append(call_id)
        self.state.counters.tool_calls += 1
        await self._send(
            {"toolCall": {"functionCalls": [{"id": call_id, "name": name, "args": {}}]}}
        )

    async def _finish_turn(self, history, turn: model.Turn, text: str) -> None:
        await self._send({"serverContent": {"generationComplete": True}})
        self.context.append(model.Turn(role="model", text=text))
        prompt = sum(model.turn_tokens(t) for t in (*history, turn))
        answer = model.tokens(text)
        usage = {
            "promptTokenCount": prompt,
            "responseTokenCount": answer,
            "totalTokenCount": prompt + answer,
        }
        await self._send({"serverContent": {"turnComplete": True}, "usageMetadata": usage})
        if self.config.resumption:
            handle = self.state.handles.issue(self.context)
            update = {"newHandle": handle, "resumable": True}
            await self._send({"sessionResumptionUpdate": update})

    def _newest_frame(self) -> model.Frame | None:
        if self._frame is None:
            return None
        b64, mime_type, number = self._frame
        try:
            return model.Frame(wire.b64decode(b64), mime_type, number)
        except ValueError:
            return model.Frame(b"", mime_type, number)

    # -- output and teardown -------------------------------------------------------------------

    async def _send(self, message: dict[str, Any]) -> None:
        if self.ws.closed:
            raise ConnectionResetError("Live socket closed")
        await self.ws.send_bytes(wire.dumps(message))

    async def close(self, code: int, reason: str) -> None:
        """Close the socket with a WebSocket close code and a reason text."""
        logger.info("[live %s] closing %s %s", self.cid, code, reason)
        if self._reply_task is not None and asyncio.current_task() is not self._reply_task:
            self._reply_task.cancel()
        await self.ws.close(code=code, message=reason.encode("utf-8"))

    async def _teardown(self) -> None:
        current = asyncio.current_task()
        tasks = [t for t in (*self._timers, self._reply_task) if t not in (None, current)]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        if self.accepted:
            self.state.counters.live_sessions_open -= 1
            self.accepted = False
        if not self.ws.closed:
            await self.ws.close()


def _loads(data: str | bytes) -> Any:
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _has_inline_data(content: dict) -> bool:
    return any(wire.has_field(p, "inlineData") for p in wire.field(content, "parts") or [])
