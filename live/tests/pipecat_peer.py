"""An aiortc peer that behaves like Pipecat's SmallWebRTC web client, for the tests."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import re
import time

import av
import numpy as np
from aiortc import RTCBundlePolicy, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack, VideoStreamTrack

from live.audio import INPUT_RATE, OUTPUT_RATE
from live.tests import signals
from live.tests.helpers import TIMEOUT_S, utterance

RATE = 48_000
SAMPLES = 960  # 20 ms


class MicrophoneTrack(MediaStreamTrack):
    """A 48 kHz microphone that plays queued PCM16 (16 kHz given), silence in between."""

    kind = "audio"

    def __init__(self):
        super().__init__()
        self._pcm = bytearray()
        self._pts = 0
        self._start: float | None = None

    def say(self, pcm16k: bytes | None = None) -> None:
        """Queue speech (by default a one-second utterance and a pause)."""
        pcm = utterance() if pcm16k is None else pcm16k
        self._pcm += signals.resample_pcm16(pcm, INPUT_RATE, RATE)

    async def recv(self):
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + self._pts / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        chunk = bytes(self._pcm[: SAMPLES * 2]).ljust(SAMPLES * 2, b"\0")
        del self._pcm[: SAMPLES * 2]
        frame = av.AudioFrame(format="s16", layout="mono", samples=SAMPLES)
        frame.planes[0].update(chunk)
        frame.sample_rate = RATE
        frame.time_base = fractions.Fraction(1, RATE)
        frame.pts = self._pts
        self._pts += SAMPLES
        return frame


class SolidVideoTrack(VideoStreamTrack):
    """A camera or screen of one solid colour at a given size (15 frames a second)."""

    def __init__(self, colour: tuple[int, int, int], size: tuple[int, int]):
        super().__init__()
        image = np.zeros((size[1], size[0], 3), dtype=np.uint8)
        image[:, :] = colour
        self._image = image

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        frame = av.VideoFrame.from_ndarray(self._image, format="rgb24")
        frame.pts, frame.time_base = pts, time_base
        return frame


class PipecatPeer:
    """Transceivers in the client's order (0 audio, 1 camera, 2 screen) and a "chat" channel."""

    def __init__(self, *, screen: bool = True, camera: VideoStreamTrack | None = None):
        # One transport for all media, as browsers do (aiortc's "balanced" default strands a
        # second video m-line on a transport that never starts).
        self.pc = RTCPeerConnection(RTCConfiguration(bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))
        self.microphone = MicrophoneTrack()
        self.pc.addTransceiver(self.microphone, direction="sendrecv")
        self.pc.addTransceiver(camera or "video", direction="sendrecv")
        if screen:
            self.pc.addTransceiver("video", direction="sendonly")
        self.channel = self.pc.createDataChannel("chat", ordered=True)
        self.messages: list[dict] = []
        self.texts: list[str] = []
        self.bot_audio = bytearray()
        self._arrived = asyncio.Event()
        self._opened = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self.channel.on("open", self._opened.set)
        self.channel.on("message", self._on_message)
        self.pc.on("track", self._on_track)
        self.pc_id: str | None = None

    def _on_message(self, raw) -> None:
        self.texts.append(raw)
        with contextlib.suppress(ValueError):
            self.messages.append(json.loads(raw))
        self._arrived.set()

    def _on_track(self, track) -> None:
        if track.kind == "audio":
            self._reader = asyncio.ensure_future(self._read_audio(track))

    async def _read_audio(self, track) -> None:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=OUTPUT_RATE)
        try:
            while True:
                for out in resampler.resample(await track.recv()):
                    self.bot_audio += out.to_ndarray().tobytes()
        except MediaStreamError:
            pass

    async def offer(self, *, trickle: bool = False) -> tuple[dict, list[dict]]:
        """Return the offer as Pipecat posts it, and (`trickle`) its candidates taken out."""
        await self.pc.setLocalDescription(await self.pc.createOffer())
        sdp = self.pc.localDescription.sdp
        candidates: list[dict] = []
        if trickle:
            sdp, candidates = _take_candidates(sdp)
        body = {"sdp": sdp, "type": "offer", "pc_id": self.pc_id, "restart_pc": False}
        return body, candidates

    async def accept(self, answer: dict) -> None:
        """Apply the server's answer."""
        self.pc_id = answer["pc_id"]
        await self.pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], answer["type"]))

    async def opened(self, within: float = TIMEOUT_S) -> None:
        async with asyncio.timeout(within):
            await self._opened.wait()

    def send(self, message) -> None:
        self.channel.send(message if isinstance(message, str) else json.dumps(message))

    def rtvi(self, kind: str, data: dict | None = None, msg_id: str = "m1") -> str:
        """Send an RTVI message; return its id."""
        self.send({"label": "rtvi-ai", "type": kind, "id": msg_id, "data": data or {}})
        return msg_id

    async def until(self, kind: str, *, within: float = TIMEOUT_S, after: int = 0, **match):
        """Wait for a message of type `kind` (and fields `match`), from index `after` on."""
        async with asyncio.timeout(within):
            while True:
                for message in self.messages[after:]:
                    if message.get("type") == kind and all(
                        message.get(k) == v for k, v in match.items()
                    ):
                        return message
                self._arrived.clear()
                await self._arrived.wait()

    def of_type(self, kind: str) -> list[dict]:
        return [m for m in self.messages if m.get("type") == kind]

    def bot_level(self) -> float:
        return signals.rms(bytes(self.bot_audio))

    async def close(self) -> None:
        await self.pc.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)


def _take_candidates(sdp: str) -> tuple[str, list[dict]]:
    """Remove the candidates from an SDP; return it and the candidates as Pipecat sends them."""
    candidates, lines, mline = [], [], -1
    for line in sdp.splitlines():
        if line.startswith("m="):
            mline += 1
        if line.startswith("a=candidate:"):
            candidates.append(
                {"candidate": line[2:], "sdp_mid": str(mline), "sdp_mline_index": mline}
            )
        elif line != "a=end-of-candidates":
            lines.append(line)
    mids = re.findall(r"^a=mid:(\S+)", sdp, flags=re.M)
    for item in candidates:  # name each candidate's media section by its mid, as browsers do
        item["sdp_mid"] = mids[item["sdp_mline_index"]]
    return "\r\n".join(lines) + "\r\n", candidates
