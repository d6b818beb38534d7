"""A Pipecat SmallWebRTC call: one `RtcPeer`, one bridge, RTVI on the "chat" data channel.

The call is placed by HTTP (`live/views.py`: POST an offer, PATCH trickled candidates) and
lives in this process until the client hangs up, the peer connection fails, the time limit
passes or Gemini gives up. It is a live session like the socket ones (same base: caps, time
limit, bridge, storage, teardown) and its media are the WebRTC call's (`live.peer.RtcPeer`:
Opus in and out, one picture a second); what differs is the signalling (HTTP, `pc_id`,
`restart_pc`) and the data channel: RTVI (`live/rtvi.py`) and Pipecat's `signalling`
messages (`trackStatus` in; `peerLeft` out).

Transceivers come in the client's order: 0 audio (sendrecv), 1 camera, 2 screen.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import secrets

from asgiref.sync import sync_to_async
from django.conf import settings

from conversations.models import Message
from conversations.throttles import turn_throttle_wait
from core.errors import SesameError
from live import rtc_forward
from live.events import AUDIO, AudioChunk, Interrupted, TurnComplete
from live.peer import RtcPeer, SignallingError
from live.rtc import peer_config
from live.rtvi import RtviAdapter
from live.session import LiveSessionConsumer

logger = logging.getLogger(__name__)

CLOSE_RTC_FAILED = 4410
FAILED_GRACE_S = 5.0  # a failed peer connection may be replaced (restart_pc) this soon
DRAIN_POLL_S = 0.1
DRAINED_AFTER_POLLS = 2  # 200 ms with nothing left to play: the bot stopped speaking

calls: dict[str, PipecatCall] = {}  # this process's calls by pc_id


class PipecatCall(LiveSessionConsumer):
    """One call from a Pipecat client; owned by the `calls` registry, not by a socket."""

    source = Message.Source.WEBRTC

    def __init__(self, user, conversation):
        super().__init__()
        self.init_session()
        self.scope = {"user": user}
        self.user = user
        self.conversation = conversation
        self.peer: RtcPeer | None = None
        self.pc_id = ""
        self.channel = None
        self.microphone_on = True
        self.video_on = {1: True, 2: True}
        self._drain_task: asyncio.Task | None = None
        self._inbox: asyncio.Task | None = None
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
        """Answer the first offer, start Gemini and the time limit; return the answer."""
        limit = settings.SESAME_MAX_LIVE_SESSIONS_PER_USER
        if not await self.claim_session_slot():
            message = f"You already have {limit} live sessions open; end one first."
            raise SesameError(message, code="too_many_sessions", status=429)
        try:
            answer = await self.negotiate(sdp, restart=True)
        except BaseException:
            await self.teardown()
            raise
        self.spawn(self._time_limit(), "limit")
        self.start_bridge(self.bridge_config(response=AUDIO))
        logger.info("[rtc %s] call for user %s as %s", self.cid, self.user.pk, self.pc_id)
        return answer

    async def negotiate(self, sdp: str, *, restart: bool = False) -> dict:
        """Answer an offer on this peer connection, or on a new one when `restart`."""
        async with self._lock:
            if self._ending is not None:
                raise SesameError("This call has ended.", code="not_found", status=404)
            peer = self._new_peer() if restart else self.peer
            try:
                answer = await peer.negotiate(sdp)
            except SignallingError as exc:
                if restart:
                    await peer.close()
                raise SesameError(exc.message, code=exc.code) from exc
            if restart:
                old, self.peer = self.peer, peer
                calls.pop(self.pc_id, None)
                self.pc_id = f"sesame-{secrets.token_hex(12)}"
                self.channel = None
                await self._serve_forwarded()
                if old is not None:
                    await old.close()
            calls[self.pc_id] = self
            return {"sdp": answer, "type": "answer", "pc_id": self.pc_id}

    async def add_candidates(self, candidates: list[dict]) -> None:
        """Add trickled ICE candidates (Pipecat's field names); an empty `candidate` ends them."""
        if self.peer is None:
            raise SesameError("This call has ended.", code="not_found", status=404)
        for item in candidates:
            candidate = {
                "candidate": item.get("candidate") or "",
                "sdpMid": item.get("sdp_mid"),
                "sdpMLineIndex": item.get("sdp_mline_index"),
            }
            try:
                await self.peer.add_candidate(candidate)
            except SignallingError as exc:
                raise SesameError(exc.message, code=exc.code) from exc

    async def _serve_forwarded(self) -> None:
        """Take this pc_id's PATCHes from other processes (subscribed before the answer)."""
        if not rtc_forward.enabled():
            return
        if self._inbox is not None:
            self._inbox.cancel()
        try:
            channel, group = await rtc_forward.subscribe(self.pc_id)
        except Exception:  # noqa: BLE001 - the call works without; PATCHes must reach this process
            logger.warning("[rtc %s] cannot take forwarded PATCHes", self.cid, exc_info=True)
            return
        serving = rtc_forward.serve(channel, group, self._forwarded)
        self._inbox = self.spawn(serving, "forwarded")

    async def _forwarded(self, message: dict) -> tuple[int, dict | None]:
        candidates = message.get("candidates")
        if message.get("user_id") != self.user.pk:
            return 404, {"code": "not_found", "message": "No such peer connection."}
        if not isinstance(candidates, list) or not all(isinstance(c, dict) for c in candidates):
            return 400, {"code": "invalid", "message": "Each candidate must be an object."}
        try:
            await self.add_candidates(candidates)
        except SesameError as exc:
            return exc.status, {"code": exc.code, "message": exc.message}
        return 204, None

    def _new_peer(self) -> RtcPeer:
        box: list[RtcPeer] = []
        peer = RtcPeer(
            peer_config(),
            on_audio=self._send_audio_in,
            on_picture=self._send_picture,
            on_closed=lambda code, message: self._on_peer_closed(box[0], code, message),
            on_datachannel=lambda channel: self._on_datachannel(box[0], channel),
            cid=self.cid,
        )
        box.append(peer)
        return peer

    def _on_peer_closed(self, peer: RtcPeer, code: str, message: str) -> None:
        if peer is self.peer:
            grace = FAILED_GRACE_S if peer.connected else 0.0  # a failed call may be restarted
            ending = self._end_unless_replaced(peer, code, message, grace)
            self._spawn_live(ending, "peer-closed")

    async def _end_unless_replaced(
        self, peer: RtcPeer, code: str, message: str, grace: float
    ) -> None:
        await asyncio.sleep(grace)  # the client may replace the connection (restart_pc) meanwhile
        if peer is self.peer:
            await self.fail(code, message, CLOSE_RTC_FAILED)

    def _spawn_live(self, coro, name: str) -> None:
        if self._ending is None:
            self.spawn(coro, name)
        else:
            coro.close()

    # -- the data channel ------------------------------------------------------------------------

    def _on_datachannel(self, peer: RtcPeer, channel) -> None:
        if channel.label != "chat" or peer is not self.peer:
            return
        self.channel = channel
        channel.on("message", lambda raw: self._spawn_live(self.on_message(raw), "message"))
        channel.on("close", lambda: self._on_channel_closed(channel))

    def _on_channel_closed(self, channel) -> None:
        """The client closed the channel (`disconnect()` does so first): hang up.

        If the connection under it failed instead, the client may still restart it.
        """
        if channel is not self.channel or self.peer is None:
            return
        pc = self.peer.pc
        if pc is not None and pc.connectionState == "connected":
            logger.info("[rtc %s] data channel closed: hanging up", self.cid)
            self._spawn_live(self.end(), "hang-up")
        else:
            message = "The call's connection was lost."
            ending = self._end_unless_replaced(self.peer, "rtc_failed", message, FAILED_GRACE_S)
            self._spawn_live(ending, "channel-lost")

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
        if index == 0:
            self.microphone_on = enabled
        elif index in self.video_on:
            self.video_on[index] = enabled

    def send_message(self, message: dict) -> None:
        channel = self.channel
        if channel is not None and channel.readyState == "open":
            channel.send(json.dumps(message, separators=(",", ":"), ensure_ascii=False))

    async def send_text(self, text: str) -> str | None:
        if len(text) > settings.SESAME_MAX_TEXT_CHARS:
            return "That text is too long."
        if self.bridge is None:
            return "The call is not ready yet."
        wait = await sync_to_async(turn_throttle_wait)(self.user)  # the HTTP turns' counter
        if wait is not None:
            return f"Too many turns; try again in {math.ceil(wait)} s."
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
        if self.bridge is not None and self.microphone_on:
            await self.bridge.send_audio(pcm)

    async def _send_picture(self, data: bytes, mime_type: str) -> None:
        if self.bridge is not None and any(self.video_on.values()):
            await self.bridge.send_image(data, mime_type, persist=False)

    def _playing(self) -> bool:
        return self.peer is not None and self.peer.outbound.backlog_s > 0

    async def _watch_playback(self) -> None:
        """Say when the model's audio has all been played (bot-stopped-speaking)."""
        idle = 0
        while idle < DRAINED_AFTER_POLLS:
            await asyncio.sleep(DRAIN_POLL_S)
            idle = 0 if self._playing() else idle + 1
        self.rtvi.audio_drained()

    # -- the session base's hooks ----------------------------------------------------------------

    async def _on_bridge_event(self, event) -> None:
        kind = type(event)
        if kind is AudioChunk:
            self.rtvi.audio_started()
            if self._drain_task is None or self._drain_task.done():
                self._drain_task = self.spawn(self._watch_playback(), "playback")
        elif kind is Interrupted and self.peer is not None:
            self.peer.flush()
        elif kind is TurnComplete:
            self.rtvi.turn_complete(
                playing=self._drain_task is not None and not self._drain_task.done()
            )
        await super()._on_bridge_event(event)

    async def send_audio(self, data: bytes) -> None:
        if self.peer is not None:
            self.peer.play(data)

    async def send_error(self, code: str, message: str, *, fatal: bool = False, **extra) -> None:
        self.rtvi.error(code, message, fatal=fatal)

    async def send_warning(self, code: str, message: str, seconds_left: int) -> None:
        self.rtvi.server_message(
            {"type": "warning", "code": code, "message": message, "seconds_left": seconds_left}
        )

    async def on_ready(self, resumed: bool) -> None:
        self.rtvi.bridge_ready()

    async def on_event(self, event) -> None:
        self.rtvi.event(event)

    async def on_turn_stored(self, turn: TurnComplete, messages: list[dict]) -> None:
        self.rtvi.server_message({"type": "turn-stored", "messages": messages})

    async def release(self) -> None:
        """Say goodbye on the data channel and close the peer connection (first in teardown)."""
        if calls.get(self.pc_id) is self:
            del calls[self.pc_id]
        self.send_message({"type": "signalling", "message": {"type": "peerLeft"}})
        peer, self.peer = self.peer, None
        if peer is not None:
            await peer.close()
        logger.info("[rtc %s] call closed", self.cid)

    async def close(self, code=None, reason=None) -> None:
        """Nothing more to close: the call has no socket (`release` closed the peer)."""
