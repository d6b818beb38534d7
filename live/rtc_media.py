"""Media of a WebRTC call on aiortc: microphone in, the model's voice out, pictures from video.

- `MicrophoneReader` reads the caller's audio track and hands 16 kHz mono PCM16 to the bridge
  in 40 ms pieces (PyAV's resampler: anti-aliased, ~1 ms held back).
- `BotAudioTrack` plays Gemini's 24 kHz PCM16, paced at 20 ms frames with exact `pts`, silence
  when idle; `flush()` drops what is not played yet (barge-in); `on_drained` says when the
  model has finished speaking.
- `FrameSampler` keeps only the newest frame of each video source (a slot, never a queue) and
  sends at most one JPEG a second, the screen when shared, else the camera.
"""

from __future__ import annotations

import asyncio
import fractions
import io
import logging
import time
from collections.abc import Awaitable, Callable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from live.audio import INPUT_RATE, OUTPUT_RATE

logger = logging.getLogger(__name__)

FRAME_S = 0.020
OUT_SAMPLES = int(OUTPUT_RATE * FRAME_S)  # 480 samples of 24 kHz audio per frame
IN_PIECE_BYTES = INPUT_RATE * 2 * 40 // 1000  # 40 ms of 16 kHz PCM16 per piece to Gemini
MAX_QUEUED_S = 120  # model audio held at most (Gemini speaks faster than real time)
DRAINED_AFTER_FRAMES = 10  # 200 ms of silence after speech: the model stopped speaking
CAMERA_MAX_SIDE = 768
SCREEN_MAX_SIDE = 1280
JPEG_QUALITY = 80

PcmSink = Callable[[bytes], Awaitable[None]]
PictureSink = Callable[[bytes, str], Awaitable[None]]


class MicrophoneReader:
    """Read a remote audio track into 16 kHz mono PCM16 pieces for `sink`."""

    def __init__(self, track: MediaStreamTrack, sink: PcmSink):
        self.track = track
        self.enabled = True  # the client's trackStatus for the microphone
        self._sink = sink
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=INPUT_RATE)
        self._buffer = bytearray()

    async def run(self) -> None:
        """Forward audio until the track ends."""
        try:
            while True:
                frame = await self.track.recv()
                if not self.enabled:
                    continue
                for out in self._resampler.resample(frame):
                    self._buffer += out.to_ndarray().tobytes()
                if len(self._buffer) >= IN_PIECE_BYTES:
                    pcm = bytes(self._buffer)
                    self._buffer.clear()
                    await self._sink(pcm)
        except MediaStreamError:
            pass


class BotAudioTrack(MediaStreamTrack):
    """The model's voice: 24 kHz PCM16 pushed in, 20 ms audio frames out, silence when idle."""

    kind = "audio"

    def __init__(self, on_drained: Callable[[], None] | None = None):
        super().__init__()
        self._buffer = bytearray()
        self._silence = bytes(OUT_SAMPLES * 2)
        self._pts = 0
        self._start: float | None = None
        self._empty_frames = 0
        self._speaking = False
        self._on_drained = on_drained
        self.time_base = fractions.Fraction(1, OUTPUT_RATE)

    def push(self, pcm: bytes) -> None:
        """Queue model audio for playback."""
        if len(self._buffer) < MAX_QUEUED_S * OUTPUT_RATE * 2:
            self._buffer += pcm
            self._speaking = True
            self._empty_frames = 0

    @property
    def speaking(self) -> bool:
        """Whether model audio is playing (or finished less than 200 ms ago)."""
        return self._speaking

    def flush(self) -> None:
        """Drop the audio not played yet (the user barged in)."""
        self._buffer.clear()

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            wait = self._start + self._pts / OUTPUT_RATE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        size = OUT_SAMPLES * 2
        if self._buffer:
            chunk = bytes(self._buffer[:size]).ljust(size, b"\0")
            del self._buffer[:size]
        else:
            chunk = self._silence
            self._note_empty()
        frame = av.AudioFrame(format="s16", layout="mono", samples=OUT_SAMPLES)
        frame.planes[0].update(chunk)
        frame.sample_rate = OUTPUT_RATE
        frame.time_base = self.time_base
        frame.pts = self._pts
        self._pts += OUT_SAMPLES
        return frame

    def _note_empty(self) -> None:
        if not self._speaking:
            return
        self._empty_frames += 1
        if self._empty_frames >= DRAINED_AFTER_FRAMES:
            self._speaking = False
            if self._on_drained is not None:
                self._on_drained()


class FrameSampler:
    """Keep the newest frame per video source; send one picture per `interval` to `sink`."""

    def __init__(self, sink: PictureSink, interval: float):
        self._sink = sink
        self._interval = interval
        self.slots: dict[str, av.VideoFrame | None] = {"camera": None, "screen": None}
        self.enabled = {"camera": True, "screen": True}

    async def read(self, track: MediaStreamTrack, source: str) -> None:
        """Keep the newest frame of `track` in the `source` slot until the track ends."""
        try:
            while True:
                frame = await track.recv()
                if self.enabled.get(source, True):
                    self.slots[source] = frame
        except MediaStreamError:
            self.slots[source] = None

    async def run(self) -> None:
        """Send the newest picture once per interval, on one clock."""
        while True:
            await asyncio.sleep(self._interval)
            source = "screen" if self.slots["screen"] is not None else "camera"
            frame, self.slots[source] = self.slots[source], None
            if frame is None:
                continue
            side = SCREEN_MAX_SIDE if source == "screen" else CAMERA_MAX_SIDE
            jpeg = await asyncio.to_thread(encode_jpeg, frame, side)
            await self._sink(jpeg, "image/jpeg")


def encode_jpeg(frame: av.VideoFrame, max_side: int) -> bytes:
    """Scale a video frame to at most `max_side` pixels on its long side and JPEG-encode it."""
    image = frame.to_image()
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
