"""An aiortc client peer that places a Sesame WebRTC call the way a browser does.

Signalling goes over a live test client (a socket speaking `/ws/rtc/` frames); media over an
`RTCPeerConnection`: the microphone is an Opus track fed with PCM (silence between what is
"said"), the camera and screen are synthetic video tracks, and the model's audio is decoded
as it arrives so a test can measure what was heard and when.
"""

from __future__ import annotations

import asyncio
import fractions
import random
import time

import av
import numpy as np
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from live import aiortc_patches
from live.audio import INPUT_RATE, OUTPUT_RATE
from live.media import InboundAudio, OutboundAudioTrack

VIDEO_TIME_BASE = fractions.Fraction(1, 90_000)
SPEECH_RMS = 30.0  # a 20 ms piece louder than this is "heard" model audio (silence: ~0)


class SyntheticVideoTrack(MediaStreamTrack):
    """A camera or screen: a solid colour with a moving bar, at `fps`."""

    kind = "video"

    def __init__(self, width=640, height=480, fps=15, colour=(0, 0, 255)):
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self._image = np.zeros((height, width, 3), dtype=np.uint8)
        self._image[:, :] = colour
        self._frames = 0
        self._start: float | None = None

    async def recv(self) -> av.VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        self._frames += 1
        await asyncio.sleep(max(0.0, self._start + self._frames / self.fps - loop.time()))
        image = self._image.copy()
        x = (self._frames * 8) % max(1, self.width - 16)
        image[:, x : x + 16] = 255 - image[:, x : x + 16]
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = int(self._frames * 90_000 / self.fps)
        frame.time_base = VIDEO_TIME_BASE
        return frame


class MicTrack(OutboundAudioTrack):
    """The client's microphone: notes when a marked packet leaves; can lose packets."""

    def __init__(self, rate: int = INPUT_RATE, *, loss: float = 0.0, seed: int = 0):
        super().__init__(rate)
        self.loss = loss
        self.lost = 0
        self.mark_at: int | None = None  # the speech packet number to time
        self.marked: float | None = None
        self._random = random.Random(seed)

    def mark_last(self) -> None:
        """Time the last packet queued so far (e.g. the one that ends an utterance)."""
        self.mark_at = self.speech_packets + len(self._packets)
        self.marked = None

    async def recv(self):
        packet = await super().recv()
        while self.loss and self._random.random() < self.loss:
            self.lost += 1  # never sent: the receiver sees a gap of one packet
            self._note()
            packet = await super().recv()
        self._note()
        return packet

    def _note(self) -> None:
        if self.mark_at is not None and self.speech_packets >= self.mark_at:
            self.marked = time.perf_counter()
            self.mark_at = None


class RtcClient:
    """One call: `socket` carries the signalling, the peer connection carries the media."""

    def __init__(
        self,
        socket,
        *,
        camera: SyntheticVideoTrack | None = None,
        loss: float = 0.0,
        seed: int = 0,
        keep_audio: bool = True,
    ):
        self.socket = socket
        self.keep_audio = keep_audio
        self.pc = RTCPeerConnection()
        self.mic = MicTrack(INPUT_RATE, loss=loss, seed=seed)
        self.camera = camera
        self.screen: SyntheticVideoTrack | None = None
        self.heard = bytearray()  # the model's audio, 24 kHz
        self.loud_at: list[float] = []  # when each loud 20 ms piece arrived (perf_counter)
        self.inbound = InboundAudio(OUTPUT_RATE, self._on_pcm, chunk_ms=0)
        self.answers: list[str] = []
        self.pc.on("track", self._on_track)

    def _on_track(self, track) -> None:
        if track.kind != "audio":
            return
        receiver = next(t.receiver for t in self.pc.getTransceivers() if t.receiver.track is track)
        aiortc_patches.take_over_receiver(receiver, "audio", self.inbound.on_frame)

    def _on_pcm(self, pcm: bytes) -> None:
        if self.keep_audio:
            self.heard += pcm
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
        if samples.size and float(np.sqrt(np.mean(samples * samples))) > SPEECH_RMS:
            self.loud_at.append(time.perf_counter())

    async def call(self, *, sources: dict | None = None, within: float = 15.0) -> dict:
        """Set up, offer, apply the answer; return the ready frame."""
        await self.socket.send_json({"type": "setup", "response": "audio"})
        ready = await self.socket.until("ready", within=within)
        self.pc.addTrack(self.mic)
        if self.camera is not None:
            self.pc.addTrack(self.camera)
        await self.negotiate(sources=sources, within=within)
        return ready

    async def negotiate(self, *, sources: dict | None = None, within: float = 15.0) -> str:
        """Offer (after ICE gathering, as the browser module does) and apply the answer."""
        await self.pc.setLocalDescription(await self.pc.createOffer())
        frame = {"type": "offer", "sdp": self.pc.localDescription.sdp}
        if sources is not None:
            frame["sources"] = sources
        await self.socket.send_json(frame)
        answer = await self.socket.until("answer", within=within)
        self.answers.append(answer["sdp"])
        await self.pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))
        return answer["sdp"]

    async def share_screen(self, track: SyntheticVideoTrack, **kwargs) -> str:
        """Add a screen track mid-call and renegotiate."""
        self.screen = track
        self.pc.addTrack(track)
        return await self.negotiate(**kwargs)

    async def connected(self, within: float = 10.0) -> None:
        """Wait until the peer connection is up."""
        if self.pc.connectionState == "connected":
            return
        up = asyncio.Event()
        self.pc.on(
            "connectionstatechange", lambda: self.pc.connectionState == "connected" and up.set()
        )
        async with asyncio.timeout(within):
            await up.wait()

    def say(self, pcm: bytes) -> float:
        """Queue 16 kHz PCM on the microphone; return when its last piece will have been sent."""
        backlog = self.mic.backlog_s
        self.mic.push(pcm)
        return time.perf_counter() + backlog + len(pcm) / 2 / INPUT_RATE

    def mid_of(self, track) -> str:
        return next(t.mid for t in self.pc.getTransceivers() if t.sender.track is track)

    async def close(self) -> None:
        for track in (self.mic, self.camera, self.screen):
            if track is not None:
                track.stop()
        await self.pc.close()
        self.inbound.close()
