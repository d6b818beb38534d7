"""A Pipecat SmallWebRTC call: one aiortc peer connection, one bridge, RTVI on "chat".

The call is placed by HTTP (`live/views.py`: POST an offer, PATCH trickled candidates) and
lives in this process until the client hangs up, the peer connection fails, the time limit
passes or Gemini gives up. It is a live session like the socket ones (same base: caps, time
limit, bridge, storage, teardown); what differs is where frames come from and go to: RTP
tracks for audio and video, the data channel for RTVI (`live/rtvi.py`) and Pipecat's
`signalling` messages (`trackStatus` in; `renegotiate`/`peerLeft` out).

Transceivers come in the client's order: 0 audio (sendrecv), 1 camera, 2 screen.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.sdp import candidate_from_sdp
from django.conf import settings

from conversations.models import Message
from core.errors import SesameError
from live.events import AUDIO, AudioChunk, Interrupted, TurnComplete
from live.rtc_media import BotAudioTrack, FrameSampler, MicrophoneReader
from live.rtvi import RtviAdapter
from live.session import CLOSE_NORMAL, LiveSessionConsumer, registry

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 30.0  # the data channel must open this soon after the first answer
FAILED_GRACE_S = 5.0  # a failed peer connection may be replaced (restart_pc) this soon
SOURCES = {1: "camera", 2: "screen"}  # transceiver index → video source

calls: dict[str, PipecatCall] = {}  # this process's calls by pc_id


def ice_servers() -> list[RTCIceServer]:
    """Return the ICE servers from SESAME_ICE_SERVERS (STUN/TURN JSON)."""
    servers = []
    for item in settings.SESAME_ICE_SERVERS:
        urls = item.get("urls") or item.get("url")
        if urls:
            servers.append(
                RTCIceServer(urls, item.get("username"), item.get("credential"))  # type: ignore[arg-type]
            )
    return servers


class PipecatCall(LiveSessionConsumer):
    """One call from a Pipecat client; owned by the `calls` registry, not by a socket."""

    source = Message.Source.WEBRTC

    def __init__(self, user, conversation):
        super().__init__()
        self.init_session()
        self.scope = {"user": user}
        self.user = user
        self.conversation = conversation
        self.pc: RTCPeerConnection | None = None
        self.pc_id = ""
        self.channel = None
        self.bot_track: BotAudioTrack | None = None
        self.microphone: MicrophoneReader | None = None
        self.frames = FrameSampler(self._send_picture, settings.SESAME_CAMERA_FRAME_INTERVAL)
        self._lock = asyncio.Lock()
        about = {
            "library": "sesame",
            "conversation_id": str(conversation.id),
            "model": settings.GEMINI_LIVE_MODEL,
            "offline": settings.GEMINI_OFFLINE,
            "max_seconds": settings.SESAME_MAX_LIVE_SECONDS,
        }
        self.rtvi = RtviAdapter(self, about=about, user_id=str(user.pk))

    # -- signalling ------------------------------------------------------------------------------

    async def start(self, sdp: str) -> dict:
        """Answer the first offer, start Gemini and the call's clocks; return the answer."""
        limit = settings.SESAME_MAX_LIVE_SESSIONS_PER_USER
        if not registry.add(self.user.pk, self.cid, limit):
            message = f"You already have {limit} live sessions open; end one first."
            raise SesameError(message, code="too_many_sessions", status=429)
        self._registered = True
        try:
            answer = await self.negotiate(sdp, restart=True)
        except BaseException:
            await self.teardown()
            raise
        self.spawn(self._time_limit(), "limit")
        self.spawn(self._connect_deadline(), "connect")
        self.spawn(self.frames.run(), "frames")
        self.start_bridge(self.bridge_config(response=AUDIO))
        logger.info("[rtc %s] call for user %s as %s", self.cid, self.user.pk, self.pc_id)
        return answer

    async def negotiate(self, sdp: str, *, restart: bool = False) -> dict:
        """Answer an offer on this peer connection, or on a new one when `restart`."""
        async with self._lock:
            if self._ending is not None:
                raise SesameError("This call has ended.", code="not_found", status=404)
            if not restart:
                await self._answer(sdp)
            else:
                old, old_track = self.pc, self.bot_track
                self._new_peer_connection()
                try:
                    await self._answer(sdp)
                except SesameError:
                    await self._drop_peer_connection(self.pc)
                    self.pc, self.bot_track = old, old_track
                    self.pc_id = self.pc_id_of(old) if old is not None else ""
                    raise
                if old is not None:
                    calls.pop(self.pc_id_of(old), None)
                    self.channel = None
                    await self._drop_peer_connection(old)
            calls[self.pc_id] = self
            return {"sdp": self.pc.localDescription.sdp, "type": "answer", "pc_id": self.pc_id}

    async def _answer(self, sdp: str) -> None:
        try:
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
        except (ValueError, TypeError, AssertionError, IndexError) as exc:
            raise SesameError("The offer is not usable SDP.", code="bad_sdp") from exc
        transceivers = self.pc.getTransceivers()
        if not transceivers or transceivers[0].kind != "audio":
            raise SesameError("The offer's first media section must be audio.", code="bad_sdp")
        if transceivers[0].sender.track is None:
            self.pc.addTrack(self.bot_track)
        await self.pc.setLocalDescription(await self.pc.createAnswer())

    async def add_candidates(self, candidates: list[dict]) -> None:
        """Add trickled ICE candidates; an empty `candidate` ends them."""
        pc = self.pc
        for item in candidates:
            text = item.get("candidate") or ""
            try:
                if text:
                    candidate = candidate_from_sdp(text.removeprefix("candidate:"))
                    candidate.sdpMid = item.get("sdp_mid")
                    candidate.sdpMLineIndex = item.get("sdp_mline_index")
                else:
                    candidate = None
            except (ValueError, AssertionError, IndexError) as exc:
                raise SesameError("A candidate is not valid.", code="bad_candidate") from exc
            if pc is None:
                return
            try:
                await pc.addIceCandidate(candidate)
            except ValueError as exc:  # after end-of-candidates, or naming no media section
                logger.info("[rtc %s] candidate ignored: %s", self.cid, exc)

    @staticmethod
    def pc_id_of(pc: RTCPeerConnection) -> str:
        return getattr(pc, "sesame_pc_id", "")

    def _new_peer_connection(self) -> None:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=ice_servers()))
        self.pc_id = f"sesame-{secrets.token_hex(12)}"
        pc.sesame_pc_id = self.pc_id
        self.pc = pc
        self.bot_track = BotAudioTrack(on_drained=self._on_drained)
        pc.on("datachannel", lambda channel: self._on_datachannel(pc, channel))
        pc.on("track", lambda track: self._on_track(pc, track))
        pc.on("connectionstatechange", lambda: self._on_state(pc))

    async def _drop_peer_connection(self, pc: RTCPeerConnection) -> None:
        pc.remove_all_listeners()
        await pc.close()

    # -- peer connection events ----------------------------------------------------------------

    def _on_datachannel(self, pc, channel) -> None:
        if channel.label != "chat" or pc is not self.pc:
            return
        self.channel = channel
        channel.on("message", lambda raw: self._spawn_live(self.on_message(raw), "message"))
        channel.on("close", lambda: self._on_channel_closed(pc, channel))

    def _on_channel_closed(self, pc, channel) -> None:
        if pc is self.pc and channel is self.channel:
            logger.info("[rtc %s] data channel closed: hanging up", self.cid)
            self._spawn_live(self.end(), "hang-up")

    def _on_track(self, pc, track) -> None:
        if pc is not self.pc:
            return
        index = next(
            (i for i, t in enumerate(pc.getTransceivers()) if t.receiver.track is track), -1
        )
        if index == 0 and track.kind == "audio":
            self.microphone = MicrophoneReader(track, self._send_audio_in)
            self._spawn_live(self.microphone.run(), "microphone")
        elif index in SOURCES and track.kind == "video":
            self._spawn_live(self.frames.read(track, SOURCES[index]), SOURCES[index])

    def _on_state(self, pc) -> None:
        if pc is not self.pc:
            return
        state = pc.connectionState
        logger.info("[rtc %s] peer connection %s", self.cid, state)
        if state == "failed":
            self._spawn_live(self._end_unless_replaced(pc), "failed")
        elif state == "closed":
            self._spawn_live(self.end(), "closed")

    async def _end_unless_replaced(self, pc) -> None:
        await asyncio.sleep(FAILED_GRACE_S)
        if pc is self.pc:
            await self.fail("peer_failed", "The call's connection failed.", CLOSE_NORMAL)

    async def _connect_deadline(self) -> None:
        await asyncio.sleep(CONNECT_TIMEOUT_S)
        if self.channel is None or self.channel.readyState != "open":
            await self.fail("connect_timeout", "The call never connected.", CLOSE_NORMAL)

    def _spawn_live(self, coro, name: str) -> None:
        if self._ending is None:
            self.spawn(coro, name)
        else:
            coro.close()

    # -- the data channel ------------------------------------------------------------------------

    async def on_message(self, raw) -> None:
        """Handle a data channel message: Pipecat signalling, else RTVI."""
        if isinstance(raw, str) and raw.startswith("{"):
            try:
                frame = json.loads(raw)
            except ValueError:
                frame = None
            if isinstance(frame, dict) and frame.get("type") == "signalling":
                self._on_signalling(frame.get("message"))
                return
        await self.rtvi.receive(raw)

    def _on_signalling(self, message) -> None:
        if not isinstance(message, dict) or message.get("type") != "trackStatus":
            return
        index, enabled = message.get("receiver_index"), bool(message.get("enabled"))
        if index == 0 and self.microphone is not None:
            self.microphone.enabled = enabled
        elif index in SOURCES:
            self.frames.enabled[SOURCES[index]] = enabled

    def send_message(self, message: dict) -> None:
        channel = self.channel
        if channel is not None and channel.readyState == "open":
            channel.send(json.dumps(message, separators=(",", ":"), ensure_ascii=False))

    async def send_text(self, text: str) -> str | None:
        if len(text) > settings.SESAME_MAX_TEXT_CHARS:
            return "That text is too long."
        if self.bridge is None:
            return "The call is not ready yet."
        await self.bridge.send_text(text)
        return None

    async def hang_up(self) -> None:
        self._spawn_live(self.end(), "hang-up")

    def client_message(self, kind: str, data) -> dict | None:
        if kind == "conversation":
            return {"conversation_id": str(self.conversation.id)}
        if kind == "session":
            return dict(self.rtvi.about, pc_id=self.pc_id)
        return None

    # -- media ---------------------------------------------------------------------------------

    async def _send_audio_in(self, pcm: bytes) -> None:
        if self.bridge is not None:
            await self.bridge.send_audio(pcm)

    async def _send_picture(self, data: bytes, mime_type: str) -> None:
        if self.bridge is not None:
            await self.bridge.send_image(data, mime_type, persist=False)

    def _on_drained(self) -> None:
        self.rtvi.audio_drained()

    # -- the session base's hooks ----------------------------------------------------------------

    async def _on_bridge_event(self, event) -> None:
        kind = type(event)
        if kind is AudioChunk:
            self.rtvi.audio_started()
        elif kind is Interrupted and self.bot_track is not None:
            self.bot_track.flush()
        elif kind is TurnComplete:
            playing = self.bot_track is not None and self.bot_track.speaking
            self.rtvi.turn_complete(playing=playing)
        await super()._on_bridge_event(event)

    async def send_audio(self, data: bytes) -> None:
        if self.bot_track is not None:
            self.bot_track.push(data)

    async def send_error(self, code: str, message: str, *, fatal: bool = False) -> None:
        self.rtvi.error(code, message, fatal=fatal)

    async def send_warning(self, code: str, message: str, seconds_left: int) -> None:
        self.rtvi.server_message(
            {"type": "warning", "code": code, "message": message, "seconds_left": seconds_left}
        )

    async def on_ready(self, resumed: bool) -> None:
        self.rtvi.bridge_ready()

    async def on_event(self, event) -> None:
        self.rtvi.event(event)

    async def on_turn_stored(self, messages: list[dict]) -> None:
        self.rtvi.server_message({"type": "turn-stored", "messages": messages})

    async def close(self, code=None, reason=None) -> None:
        """Say goodbye on the data channel and close the peer connection."""
        if self.pc is None:
            return
        if calls.get(self.pc_id) is self:
            del calls[self.pc_id]
        self.send_message({"type": "signalling", "message": {"type": "peerLeft"}})
        pc, self.pc = self.pc, None
        if self.bot_track is not None:
            self.bot_track.stop()
        if pc is not None:
            await self._drop_peer_connection(pc)
        logger.info("[rtc %s] call closed", self.cid)
