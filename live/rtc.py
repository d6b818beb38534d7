"""`/ws/rtc/{conversation_id}/`: a WebRTC call signalled over a socket (DESIGN §4).

The voice socket's protocol (setup → ready, text, image, stop, the same events and close
codes) plus `offer` → `answer` for every (re)negotiation and trickled `candidate`s. No audio
travels over the socket: it is on the peer connection's tracks (`live.peer.RtcPeer`), which
meet the same bridge, storage and caps as a voice call. Turns are stored with source `webrtc`.
"""

from __future__ import annotations

import logging

from django.conf import settings

from conversations.models import Message
from live.consumers import VoiceConsumer, _dumps
from live.events import Interrupted
from live.peer import PeerConfig, RtcPeer, SignallingError

logger = logging.getLogger(__name__)

CLOSE_RTC_FAILED = 4410


def peer_config() -> PeerConfig:
    """Return the peer settings (ICE servers, picture sizes and rate, bitrate caps)."""
    return PeerConfig(
        ice_servers=list(settings.SESAME_ICE_SERVERS),
        picture_interval=settings.SESAME_CAMERA_FRAME_INTERVAL,
        camera_side=settings.SESAME_RTC_CAMERA_MAX_SIDE,
        screen_side=settings.SESAME_RTC_SCREEN_MAX_SIDE,
        camera_kbps=settings.SESAME_RTC_CAMERA_KBPS,
        screen_kbps=settings.SESAME_RTC_SCREEN_KBPS,
        connect_timeout=settings.SESAME_RTC_CONNECT_TIMEOUT,
        audio_chunk_ms=settings.SESAME_RTC_AUDIO_CHUNK_MS,
    )


class RtcConsumer(VoiceConsumer):
    """A WebRTC call: the voice socket's frames and events, media on an RtcPeer."""

    source = Message.Source.WEBRTC
    peer: RtcPeer | None = None
    _FRAMES = {**VoiceConsumer._FRAMES, "offer": "_on_offer", "candidate": "_on_candidate"}

    async def receive(self, text_data=None, bytes_data=None):
        if bytes_data is not None:
            message = "Audio travels on the call's WebRTC track, not over this socket."
            await self.send_error("unexpected_audio", message)
            return
        await super().receive(text_data=text_data)

    # -- signalling ----------------------------------------------------------------------------

    async def _on_offer(self, frame: dict) -> None:
        if self.peer is None:
            self.peer = RtcPeer(
                peer_config(),
                on_audio=self.bridge.send_audio,
                on_picture=self._on_picture,
                on_closed=self._on_peer_closed,
                cid=self.cid,
            )
        try:
            answer = await self.peer.negotiate(frame.get("sdp"), frame.get("sources"))
        except SignallingError as exc:
            await self.send_error(exc.code, exc.message)
            return
        await self.send(text_data=_dumps({"type": "answer", "sdp": answer}))

    async def _on_candidate(self, frame: dict) -> None:
        if self.peer is None:
            await self.send_error("offer_required", "Send an offer before candidates.")
            return
        try:
            await self.peer.add_candidate(frame.get("candidate"))
        except SignallingError as exc:
            await self.send_error(exc.code, exc.message)

    async def _on_picture(self, jpeg: bytes, mime_type: str) -> None:
        await self.bridge.send_image(jpeg, mime_type, persist=False)

    def _on_peer_closed(self, code: str, message: str) -> None:
        self.spawn(self.fail(code, message, CLOSE_RTC_FAILED), "rtc-closed")

    # -- out -----------------------------------------------------------------------------------

    async def send_audio(self, data: bytes) -> None:
        if self.peer is not None:
            self.peer.play(data)

    async def on_event(self, event) -> None:
        if type(event) is Interrupted and self.peer is not None:
            self.peer.flush()
        await super().on_event(event)

    def ready_fields(self) -> dict:
        return {"ice_servers": settings.SESAME_ICE_SERVERS}

    async def release(self) -> None:
        if self.peer is not None:
            await self.peer.close()
