"""One WebRTC call's peer: an `RTCPeerConnection` whose media meet a live bridge's inputs.

`RtcPeer` knows nothing of Django, sockets or signalling formats: it takes an SDP offer and
returns the answer (again for every renegotiation), hands microphone audio on as 16 kHz PCM
(`on_audio`), camera and screen as one JPEG a second (`on_picture`), plays 24 kHz PCM on its
outbound track (`play`, `flush`), and reports a failed or closed connection (`on_closed`) and
the client's data channels (`on_datachannel`, e.g. for a messaging protocol beside the media).
A signalling adapter (the `/ws/rtc/` consumer, or an HTTP offer endpoint) owns one per call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiortc import (
    RTCBundlePolicy,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.sdp import SessionDescription, candidate_from_sdp

from core import metrics
from live import aiortc_patches
from live.audio import INPUT_RATE, OUTPUT_RATE
from live.frames import CAMERA, SCREEN, SOURCES, PictureSampler
from live.media import InboundAudio, OutboundAudioTrack

logger = logging.getLogger(__name__)

MAX_SDP_CHARS = 100_000
SENDING = ("sendrecv", "sendonly", None)  # None: no direction attribute means sendrecv
CLOSE_TIMEOUT_S = 5.0
MAX_AUDIO_QUEUE = 500  # 10 s of 20 ms pieces waiting for the bridge at most

OnAudio = Callable[[bytes], Awaitable[None]]
OnPicture = Callable[[bytes, str], Awaitable[None]]
OnClosed = Callable[[str, str], None]
OnDataChannel = Callable[[object], None]


class SignallingError(Exception):
    """An offer or candidate that cannot be used; the call goes on without it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PeerConfig:
    """How a call's peer connects, samples pictures and caps the browser's video bitrate."""

    ice_servers: list[dict] = field(default_factory=list)
    picture_interval: float = 1.0
    camera_side: int = 768
    screen_side: int = 1280
    camera_kbps: int = 300
    screen_kbps: int = 1000
    audio_chunk_ms: int = 20
    connect_timeout: float = 15.0

    def rtc_configuration(self) -> RTCConfiguration:
        servers = [
            RTCIceServer(
                urls=server["urls"],
                username=server.get("username"),
                credential=server.get("credential"),
            )
            for server in self.ice_servers
            if isinstance(server, dict) and server.get("urls")
        ]
        # One transport for every m-line, as browsers offer. With aiortc's default ("balanced")
        # a second video m-line (the screen) is first bundled with the camera's transport and
        # then left on it when the whole BUNDLE group moves to the first one: it never starts.
        return RTCConfiguration(iceServers=servers or None, bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)


class RtcPeer:
    """One call's peer connection, its tracks, decoders, tasks and keyframe requests."""

    def __init__(
        self,
        config: PeerConfig,
        *,
        on_audio: OnAudio,
        on_picture: OnPicture,
        on_closed: OnClosed,
        on_datachannel: OnDataChannel | None = None,
        cid: str = "-",
    ):
        self.config = config
        self.cid = cid
        self.pc: RTCPeerConnection | None = None
        self.outbound = OutboundAudioTrack(OUTPUT_RATE)
        self.inbound = InboundAudio(INPUT_RATE, self._queue_audio, chunk_ms=config.audio_chunk_ms)
        self.pictures = PictureSampler(
            on_picture,
            interval=config.picture_interval,
            camera_side=config.camera_side,
            screen_side=config.screen_side,
            cid=cid,
        )
        self.sources: dict[str, str] = {}  # mid -> "camera" | "screen"
        self.connected = False
        self.dropped_pieces = 0
        self._on_audio = on_audio
        self._on_closed = on_closed
        self._on_datachannel = on_datachannel
        self._audio: asyncio.Queue[bytes] = asyncio.Queue()
        self._receivers: dict[object, str] = {}  # video receiver -> mid
        self._sinks: list[aiortc_patches.FrameSink] = []
        self._audio_receiver = None
        self._tasks: set[asyncio.Task] = set()
        self._closing = False

    # -- media ---------------------------------------------------------------------------------

    def play(self, pcm: bytes) -> None:
        """Play the model's PCM16 mono 24 kHz audio (encoded now, sent on the clock)."""
        self.outbound.push(pcm)

    def flush(self) -> None:
        """Drop the model audio not sent yet (the user barged in)."""
        self.outbound.flush()

    def _queue_audio(self, pcm: bytes) -> None:
        if self._audio.qsize() >= MAX_AUDIO_QUEUE:
            self._audio.get_nowait()
            self.dropped_pieces += 1
        self._audio.put_nowait(pcm)

    async def _pump_audio(self) -> None:
        queue = self._audio
        while True:
            pcm = await queue.get()
            if not queue.empty():  # fell behind: what waits goes on in one message
                parts = [pcm]
                while not queue.empty():
                    parts.append(queue.get_nowait())
                pcm = b"".join(parts)
            await self._on_audio(pcm)

    # -- signalling ----------------------------------------------------------------------------

    async def negotiate(self, sdp: object, sources: object = None) -> str:
        """Apply an offer (first or renegotiation); return the answer's SDP."""
        description = _parse_offer(sdp)
        mapping = _source_map(description, sources)
        first = self.pc is None
        if first:
            self.pc = self._new_connection()
        try:
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
            if self.outbound not in [s.track for s in self.pc.getSenders()]:
                sender = self.pc.addTrack(self.outbound)
                aiortc_patches.take_over_sender(sender, self.outbound.serve)
            await self.pc.setLocalDescription(await self.pc.createAnswer())
        except Exception as exc:  # noqa: BLE001 - aiortc raises many kinds on a bad offer
            logger.info("[rtc %s] offer refused: %r", self.cid, exc)
            if first:
                await self._close_connection()
            raise SignallingError("bad_sdp", f"The offer could not be used: {exc}") from exc
        self._apply_sources(description, mapping)
        if first:
            self._spawn(self._pump_audio(), "audio")
            self._spawn(self.pictures.run(), "pictures")
            self._spawn(self._connect_deadline(), "connect")
        return self._answer_sdp(self.pc.localDescription.sdp)

    async def add_candidate(self, candidate: object) -> None:
        """Add a trickled remote ICE candidate (`{"candidate", "sdpMid", "sdpMLineIndex"}`)."""
        if self.pc is None:
            raise SignallingError("offer_required", "Send an offer before candidates.")
        if not isinstance(candidate, dict) or not isinstance(candidate.get("candidate"), str):
            raise SignallingError("bad_candidate", "A candidate needs a candidate string.")
        line = candidate["candidate"].removeprefix("candidate:")
        if not line:
            return  # the end-of-candidates marker
        try:
            ice = candidate_from_sdp(line)
        except (ValueError, IndexError, AssertionError) as exc:  # aiortc asserts the field count
            raise SignallingError("bad_candidate", "That ICE candidate is malformed.") from exc
        ice.sdpMid = candidate.get("sdpMid")
        ice.sdpMLineIndex = candidate.get("sdpMLineIndex")
        try:
            await self.pc.addIceCandidate(ice)
        except Exception as exc:  # noqa: BLE001
            message = f"That ICE candidate was refused: {exc}"
            raise SignallingError("bad_candidate", message) from exc

    def _new_connection(self) -> RTCPeerConnection:
        pc = RTCPeerConnection(self.config.rtc_configuration())
        metrics.RTC_PEERS.inc()
        pc.on("track", self._on_track)
        pc.on("connectionstatechange", lambda: self._on_state(pc))
        if self._on_datachannel is not None:
            pc.on("datachannel", self._on_datachannel)
        return pc

    def _on_track(self, track) -> None:
        transceiver = next(t for t in self.pc.getTransceivers() if t.receiver.track is track)
        receiver = transceiver.receiver
        if track.kind == "audio":
            if self._audio_receiver is None:
                self._audio_receiver = receiver
                handler = self.inbound.on_frame
            else:
                handler = _ignore  # one microphone per call
        else:
            self._receivers[receiver] = transceiver.mid

            def handler(codec, frame, receiver=receiver):
                source = self.pictures.sources.get(self.sources.get(self._receivers[receiver]))
                if source is not None and source.receiver is receiver:
                    source.on_frame(codec, frame)

        sink = aiortc_patches.take_over_receiver(receiver, track.kind, handler, label=self.cid)
        self._sinks.append(sink)

    def _apply_sources(self, description: SessionDescription, mapping: dict[str, str]) -> None:
        self.sources = mapping
        sending = {m.rtp.muxId for m in description.media if m.direction in SENDING}
        by_name = {}
        for receiver, mid in self._receivers.items():
            name = mapping.get(mid)
            if name is not None and mid in sending:
                by_name[name] = receiver
        for name in SOURCES:
            receiver = by_name.get(name)
            current = self.pictures.sources.get(name)
            if receiver is None:
                self.pictures.remove(name)
            elif current is None or current.receiver is not receiver:
                self.pictures.add(name, receiver)

    def _answer_sdp(self, sdp: str) -> str:
        """Cap the browser's video bitrate per source (`b=AS` in each video section)."""
        kbps = {CAMERA: self.config.camera_kbps, SCREEN: self.config.screen_kbps}
        sections = re.split(r"(?=^m=)", sdp, flags=re.MULTILINE)
        out = [sections[0]]
        for section in sections[1:]:
            mid = re.search(r"^a=mid:(\S+)", section, flags=re.MULTILINE)
            cap = kbps.get(self.sources.get(mid.group(1) if mid else ""), 0)
            if section.startswith("m=video") and cap and "\nb=AS:" not in section:
                section = re.sub(
                    r"^(c=[^\r\n]*\r?\n)", rf"\1b=AS:{cap}\r\n", section, count=1, flags=re.M
                )
            out.append(section)
        return "".join(out)

    # -- connection state ----------------------------------------------------------------------

    def _on_state(self, pc: RTCPeerConnection) -> None:
        state = pc.connectionState
        logger.info("[rtc %s] connection %s", self.cid, state)
        if state == "connected":
            self.connected = True
        elif state in ("failed", "closed") and not self._closing and pc is self.pc:
            self._on_closed("rtc_failed", f"The media connection {state}.")

    async def _connect_deadline(self) -> None:
        await asyncio.sleep(self.config.connect_timeout)
        if not self.connected and not self._closing:
            message = "The media connection did not come up (UDP blocked? see TURN servers)."
            self._on_closed("rtc_timeout", message)

    def _spawn(self, coro, name: str) -> asyncio.Task:
        task = asyncio.create_task(coro, name=f"live-{self.cid}-rtc-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # -- ending --------------------------------------------------------------------------------

    async def close(self) -> None:
        """End every task, track, decoder and the peer connection (idempotent)."""
        if self._closing:
            return
        self._closing = True
        for sink in self._sinks:
            sink.closed = True
        current = asyncio.current_task()
        tasks = [t for t in self._tasks if t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        await self.pictures.close()
        self.outbound.stop()
        await self._close_connection()
        self.inbound.close()
        self._receivers.clear()
        self._audio_receiver = None
        logger.info(
            "[rtc %s] peer closed: %d packets in, %.1f s lost upstream, %d pieces dropped, "
            "%d packets out",
            self.cid,
            self.inbound.packets,
            self.inbound.lost_s,
            self.dropped_pieces,
            self.outbound.sent_packets,
        )

    async def _close_connection(self) -> None:
        pc, self.pc = self.pc, None
        if pc is not None:
            metrics.RTC_PEERS.dec()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CLOSE_TIMEOUT_S):
                    await pc.close()


def _ignore(codec, frame) -> None:
    pass


def _parse_offer(sdp: object) -> SessionDescription:
    """Parse and check an offer: an SDP string with a microphone we can decode."""
    if not isinstance(sdp, str) or not sdp.strip():
        raise SignallingError("bad_sdp", "An offer needs its SDP.")
    if len(sdp) > MAX_SDP_CHARS:
        raise SignallingError("bad_sdp", "That SDP is too long.")
    try:
        description = SessionDescription.parse(sdp)
    except Exception as exc:  # noqa: BLE001 - the parser raises whatever the text provokes
        raise SignallingError("bad_sdp", "That SDP could not be parsed.") from exc
    if not description.media:
        raise SignallingError("bad_sdp", "That SDP has no media sections.")
    audio = [
        m
        for m in description.media
        if m.kind == "audio" and any(c.mimeType.lower() == "audio/opus" for c in m.rtp.codecs)
    ]
    if not any(m.direction in SENDING and m.port != 0 for m in audio):
        raise SignallingError("no_audio", "The offer must send a microphone track (Opus).")
    return description


def _source_map(description: SessionDescription, sources: object) -> dict[str, str]:
    """Return mid -> source: the client's `sources`, else camera then screen by order."""
    videos = [m.rtp.muxId for m in description.media if m.kind == "video"]
    if sources is None:
        return dict(zip(videos, SOURCES, strict=False))
    if not isinstance(sources, dict) or not all(
        isinstance(mid, str) and name in SOURCES for mid, name in sources.items()
    ):
        raise SignallingError("bad_offer", 'sources maps each mid to "camera" or "screen".')
    if len(set(sources.values())) != len(sources):
        raise SignallingError("bad_offer", "Each source may be named only once.")
    return {mid: name for mid, name in sources.items() if mid in videos}
