"""Test helpers: speech-like audio, and clients that collect what a live socket sends."""

from __future__ import annotations

import asyncio
import base64
import io
import json

from asgiref.sync import sync_to_async
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families

from live.tests import signals

TIMEOUT_S = 10.0
CHUNK_BYTES = 640  # 20 ms at 16 kHz


def utterance(seconds: float = 1.0, pause_s: float = 0.7) -> bytes:
    """Return a voiced tone then enough silence for the emulator's VAD to end the turn."""
    return signals.tone(seconds) + signals.silence(pause_s)


def png(colour=(255, 0, 0), size=(64, 48)) -> bytes:
    """Return a solid-colour PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(colour=(0, 0, 255), size=(64, 48)) -> bytes:
    """Return a solid-colour JPEG."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class LiveTestClient:
    """Collect a live socket's JSON frames and model audio; wait for frames by type."""

    def __init__(self):
        self.frames: list[dict] = []
        self.audio = bytearray()
        self.audio_frames = 0
        self.close_code: int | None = None

    async def recv(self, within: float) -> tuple[str, object]:
        """Return ("text", str), ("bytes", bytes) or ("close", code)."""
        raise NotImplementedError

    async def send_json(self, frame: dict) -> None:
        raise NotImplementedError

    async def send_bytes(self, data: bytes) -> None:
        raise NotImplementedError

    async def next(self, within: float = TIMEOUT_S):
        """Receive one frame, record it and return it (a dict, bytes, or None when closed)."""
        kind, value = await self.recv(within)
        if kind == "close":
            self.close_code = value
            return None
        if kind == "bytes":
            self.audio += value
            self.audio_frames += 1
            return value
        frame = json.loads(value)
        self.frames.append(frame)
        return frame

    async def until(self, *types: str, within: float = TIMEOUT_S) -> dict:
        """Receive until a JSON frame of one of `types` arrives; fail on close or timeout."""
        async with asyncio.timeout(within):
            while True:
                frame = await self.next(within)
                if frame is None:
                    raise AssertionError(f"closed ({self.close_code}) waiting for {types}")
                if isinstance(frame, dict) and frame.get("type") in types:
                    return frame

    async def until_closed(self, within: float = TIMEOUT_S) -> int:
        """Receive until the server closes the socket; return the close code."""
        async with asyncio.timeout(within):
            while await self.next(within) is not None or self.close_code is None:
                pass
        return self.close_code

    async def speak(self, pcm: bytes | None = None) -> None:
        """Send audio as 20 ms binary frames."""
        pcm = utterance() if pcm is None else pcm
        for chunk in signals.chunked(pcm):
            await self.send_bytes(chunk)

    def of_type(self, kind: str) -> list[dict]:
        return [f for f in self.frames if isinstance(f, dict) and f.get("type") == kind]

    def transcript(self, role: str) -> str:
        return "".join(f["text"] for f in self.of_type("transcript") if f["role"] == role)


class CommunicatorClient(LiveTestClient):
    """A LiveTestClient over channels' WebsocketCommunicator."""

    def __init__(self, communicator):
        super().__init__()
        self.communicator = communicator

    async def recv(self, within: float):
        output = await self.communicator.receive_output(within)
        if output["type"] == "websocket.close":
            return "close", output.get("code", 1000)
        if output.get("bytes") is not None:
            return "bytes", output["bytes"]
        return "text", output["text"]

    async def send_json(self, frame: dict) -> None:
        await self.communicator.send_to(text_data=json.dumps(frame))

    async def send_text(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)

    async def send_bytes(self, data: bytes) -> None:
        await self.communicator.send_to(bytes_data=data)

    async def close(self) -> None:
        await self.communicator.disconnect(timeout=5)


class WebsocketsClient(LiveTestClient):
    """A LiveTestClient over a `websockets` client connection (a real socket)."""

    def __init__(self, ws):
        super().__init__()
        self.ws = ws

    async def recv(self, within: float):
        from websockets.exceptions import ConnectionClosed

        try:
            async with asyncio.timeout(within):
                message = await self.ws.recv()
        except ConnectionClosed as exc:
            return "close", exc.rcvd.code if exc.rcvd else 1006
        return ("bytes", message) if isinstance(message, bytes) else ("text", message)

    async def send_json(self, frame: dict) -> None:
        await self.ws.send(json.dumps(frame))

    async def send_text(self, text: str) -> None:
        await self.ws.send(text)

    async def send_bytes(self, data: bytes) -> None:
        await self.ws.send(data)

    async def close(self) -> None:
        await self.ws.close()


async def wait_for(predicate, within: float = 3.0, interval: float = 0.05):
    """Poll a (possibly async) predicate until it returns a truthy value; return it."""
    async with asyncio.timeout(within):
        while True:
            value = predicate()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return value
            await asyncio.sleep(interval)


def live_tasks() -> list[asyncio.Task]:
    """Return the unfinished tasks a live session owns (their names start with "live-")."""
    return [t for t in asyncio.all_tasks() if t.get_name().startswith("live-") and not t.done()]


def stored(conversation) -> list[tuple[str, str, str, str]]:
    """Return (role, source, status, text) of the conversation's messages, oldest first."""
    from conversations.models import Message

    return list(
        Message.objects.filter(conversation_id=conversation.id)
        .order_by("created_at", "id")
        .values_list("role", "source", "status", "text")
    )


astored = sync_to_async(stored)


def emulator_idle(emulator):
    """Return an async predicate: the emulator holds no open Live session."""

    async def idle():
        return (await emulator.acounters())["live_sessions_open"] == 0

    return idle


def metric(text: str, name: str, **labels) -> float | None:
    """Return one sample's value from a Prometheus text page (None when absent)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None
