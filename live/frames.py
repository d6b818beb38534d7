"""Video for WebRTC calls: the newest keyframe per source, one picture a second to Gemini.

Gemini takes one video stream and looks at about one picture a second, so nothing else is
worth decoding. Each source (camera, screen) keeps only its newest keyframe, undecoded, in a
slot (never a queue); inter frames are dropped before any decoding. One clock per call, at
`interval`, asks each live source for a fresh keyframe (RTCP PLI) and sends one picture: the
newest keyframes decoded, scaled and JPEG-encoded off the event loop.

The picture when both are on: the screen (long side ≤ `screen_side`, so text stays legible)
with the camera as an inset in its bottom-right corner (a quarter of the screen's width).
The screen is what the user shares on purpose; the face stays in view without hiding it.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import av
from PIL import Image

from live import aiortc_patches

logger = logging.getLogger(__name__)

CAMERA = "camera"
SCREEN = "screen"
SOURCES = (CAMERA, SCREEN)
STALE_INTERVALS = 3  # a source with no keyframe for this many intervals is off
JPEG_QUALITY = 80
INSET_FRACTION = 0.25
INSET_MARGIN = 12

# One small pool for every call's picture work: decoding a keyframe (~10 ms), scaling, JPEG.
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rtc-pictures")

SendPicture = Callable[[bytes, str], Awaitable[None]]


def is_keyframe(codec_name: str, data: bytes) -> bool:
    """Return whether an encoded VP8 or H.264 frame can be decoded on its own."""
    if not data:
        return False
    name = codec_name.upper()
    if name == "VP8":
        return not data[0] & 0x01  # the frame tag's first bit: 0 for a key frame
    if name == "H264":
        return any(nal & 0x1F in (5, 7) for nal in _h264_nal_headers(data))
    return True


def _h264_nal_headers(data: bytes):
    start = data.find(b"\x00\x00\x01")
    while start != -1 and start + 3 < len(data):
        yield data[start + 3]
        start = data.find(b"\x00\x00\x01", start + 3)


@dataclass(slots=True)
class _Slot:
    codec: object
    frame: object  # aiortc JitterFrame (data, timestamp)
    at: float
    number: int


class VideoSource:
    """One incoming video track: its newest keyframe and its decoder."""

    def __init__(self, name: str, receiver):
        self.name = name
        self.receiver = receiver
        self.slot: _Slot | None = None
        self.sent_number = 0
        self.keyframes = 0
        self.dropped = 0
        self.enabled = True
        self._decoder = None
        self._codec_name = ""

    def on_frame(self, codec, frame) -> None:
        """Keep the frame if it is a keyframe (called on the loop, in the receive path)."""
        if not self.enabled or not is_keyframe(codec.name, frame.data):
            self.dropped += 1
            return
        self.keyframes += 1
        if self.keyframes == 1:
            logger.info("first %s keyframe (%s, %d bytes)", self.name, codec.name, len(frame.data))
        loop_time = asyncio.get_running_loop().time()
        self.slot = _Slot(codec, frame, loop_time, self.keyframes)

    def live(self, now: float, stale_after: float) -> bool:
        return self.enabled and self.slot is not None and now - self.slot.at <= stale_after

    def decode(self, slot: _Slot) -> av.VideoFrame | None:
        """Decode a keyframe (in the picture thread)."""
        decoder = self._decoder
        if decoder is None or self._codec_name != slot.codec.name:
            decoder = self._decoder = aiortc_patches.make_decoder(slot.codec)
            self._codec_name = slot.codec.name
        try:
            frames = decoder.decode(slot.frame)
        except av.FFmpegError as exc:
            logger.info("keyframe of %s not decoded: %s", self.name, exc)
            return None
        return frames[-1] if frames else None

    def close(self) -> None:
        self.enabled = False
        self.slot = None
        self._decoder = None


class PictureSampler:
    """Send one picture per `interval` from the call's video sources, newest frames only."""

    def __init__(
        self,
        send: SendPicture,
        *,
        interval: float = 1.0,
        camera_side: int = 768,
        screen_side: int = 1280,
        cid: str = "-",
    ):
        self.sources: dict[str, VideoSource] = {}
        self.interval = max(0.1, interval)
        self.camera_side = camera_side
        self.screen_side = screen_side
        self.cid = cid
        self.sent = 0
        self._send = send
        self._last: tuple[tuple[int, ...], bytes] | None = None
        self._pli: set[asyncio.Task] = set()

    def add(self, name: str, receiver) -> VideoSource:
        """Register the track of `name` ("camera" or "screen"), replacing an older one."""
        old = self.sources.get(name)
        if old is not None and old.receiver is not receiver:
            old.close()
        source = VideoSource(name, receiver)
        self.sources[name] = source
        logger.info("[rtc %s] %s on", self.cid, name)
        return source

    def remove(self, name: str) -> None:
        source = self.sources.pop(name, None)
        if source is not None:
            source.close()
            logger.info("[rtc %s] %s off", self.cid, name)

    async def run(self) -> None:
        """Tick at `interval` until cancelled: ask for keyframes, send the newest picture."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        tick = 0
        while True:
            tick += 1
            self._request_keyframes(loop.time())
            await asyncio.sleep(max(0.0, start + tick * self.interval - loop.time()))
            try:
                await self._send_newest(loop.time())
            except Exception:  # noqa: BLE001 - one bad picture must not end the call's video
                logger.exception("[rtc %s] picture failed", self.cid)

    def _request_keyframes(self, now: float) -> None:
        for source in self.sources.values():
            if source.enabled:
                for task in aiortc_patches.request_keyframe(source.receiver):
                    self._pli.add(task)
                    task.add_done_callback(self._pli.discard)

    async def _send_newest(self, now: float) -> None:
        stale = self.interval * STALE_INTERVALS
        live = {n: s for n, s in self.sources.items() if s.live(now, stale)}
        if not live:
            self._last = None
            return
        slots = {name: source.slot for name, source in live.items()}
        key = tuple(slots[n].number if n in slots else 0 for n in SOURCES)
        if self._last is not None and self._last[0] == key:
            jpeg = self._last[1]  # nothing newer: the same picture again, no work
        else:
            loop = asyncio.get_running_loop()
            jpeg = await loop.run_in_executor(_pool, self._picture, live, slots)
            if jpeg is None:
                return
            self._last = (key, jpeg)
        self.sent += 1
        await self._send(jpeg, "image/jpeg")

    def _picture(self, live: dict[str, VideoSource], slots: dict[str, _Slot]) -> bytes | None:
        frames = {}
        for name, source in live.items():
            frame = source.decode(slots[name])
            if frame is not None:
                frames[name] = frame
        screen, camera = frames.get(SCREEN), frames.get(CAMERA)
        if screen is not None:
            image = _scaled(screen, self.screen_side)
            if camera is not None:
                inset = _scaled(camera, max(16, int(image.width * INSET_FRACTION)))
                x = max(0, image.width - inset.width - INSET_MARGIN)
                y = max(0, image.height - inset.height - INSET_MARGIN)
                image.paste(inset, (x, y))
        elif camera is not None:
            image = _scaled(camera, self.camera_side)
        else:
            return None
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY)
        return buffer.getvalue()

    async def close(self) -> None:
        """Forget every source and wait for the keyframe requests in flight."""
        for source in self.sources.values():
            source.close()
        self.sources.clear()
        if self._pli:
            await asyncio.wait(list(self._pli))


def _scaled(frame: av.VideoFrame, longest: int) -> Image.Image:
    """Return the frame as an RGB picture whose long side is at most `longest` pixels."""
    width, height = frame.width, frame.height
    scale = min(1.0, longest / max(width, height))
    width, height = max(2, round(width * scale) // 2 * 2), max(2, round(height * scale) // 2 * 2)
    return frame.reformat(width=width, height=height, format="rgb24").to_image()
