"""Audio for WebRTC calls: Opus in and out, resampling, and one 20 ms pacing clock.

Inbound, each Opus packet is decoded on the event loop as it arrives (no jitter buffer, no
decoder thread: see aiortc_patches), by libopus straight to the rate the bridge takes
(`live.opus`), and handed on in pieces of `chunk_ms`. Outbound, PCM is encoded to Opus the
moment it arrives (libopus, low-delay); on each tick of a 20 ms clock that all calls share, one task
(`SendGroup`) writes every call's next packet (or one encoded silence packet when there is
nothing to say) straight to its RTP stream (`aiortc_patches.RtpWriter`). Barge-in clears a
deque. `OutboundAudioTrack.recv()` (ready `av.Packet`s on the same clock) serves a stock
aiortc sender, e.g. a test client's.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import weakref
from collections import deque
from collections.abc import Callable

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from live import aiortc_patches, opus

logger = logging.getLogger(__name__)

PTIME_S = 0.020
RTP_RATE = 48_000  # Opus' RTP clock, whatever the encoded rate
RTP_TIME_BASE = fractions.Fraction(1, RTP_RATE)
RTP_SAMPLES = int(RTP_RATE * PTIME_S)
MAX_GAP_FILL_S = 0.2  # longer gaps (muted, DTX) are not filled with silence
OPUS_BITRATE = 32_000
OPUS_COMPLEXITY = 5


class PacingClock:
    """One 20 ms clock for every outbound track on a loop: one timer, however many calls."""

    _clocks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __init__(self, loop: asyncio.AbstractEventLoop, interval: float = PTIME_S):
        self.loop = loop
        self.interval = interval
        self.origin = loop.time()
        self._event: asyncio.Event | None = None

    @classmethod
    def shared(cls) -> PacingClock:
        """Return the running loop's clock."""
        loop = asyncio.get_running_loop()
        clock = cls._clocks.get(loop)
        if clock is None:
            clock = cls._clocks[loop] = cls(loop)
        return clock

    def now(self) -> int:
        """Return the number of the tick in progress."""
        return int((self.loop.time() - self.origin) / self.interval)

    async def until(self, tick: int) -> None:
        """Return once tick `tick` has begun (at once if it has)."""
        while self.now() < tick:
            event = self._event
            if event is None:
                event = self._event = asyncio.Event()
                when = self.origin + (self.now() + 1) * self.interval
                self.loop.call_at(when, self._fire, event)
            await event.wait()

    def _fire(self, event: asyncio.Event) -> None:
        if self._event is event:
            self._event = None
        event.set()


class SendGroup:
    """Every call's outbound audio on a loop, written by one task on the shared clock.

    Each tick, the next packet of every track is written in one go (one task step, not one
    per call), so a tick's work for all calls runs together.
    """

    _groups: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    MAX_LATE_TICKS = 5  # fell further behind (a stalled loop): skip ahead, never burst

    def __init__(self, clock: PacingClock):
        self.clock = clock
        self._members: dict[OutboundAudioTrack, tuple[aiortc_patches.RtpWriter, asyncio.Future]]
        self._members = {}
        self._task: asyncio.Task | None = None
        self.ticks = 0

    @classmethod
    def shared(cls) -> SendGroup:
        """Return the running loop's group."""
        loop = asyncio.get_running_loop()
        group = cls._groups.get(loop)
        if group is None:
            group = cls._groups[loop] = cls(PacingClock.shared())
        return group

    async def serve(self, track: OutboundAudioTrack, writer: aiortc_patches.RtpWriter) -> None:
        """Send `track` through `writer` until cancelled, the track ends or sending fails."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._members[track] = (writer, done)
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._run(), name="live-rtc-send-group")
        try:
            await done
        finally:
            self._members.pop(track, None)

    async def _run(self) -> None:
        clock = self.clock
        due = clock.now() + 1
        while self._members:
            await clock.until(due)
            due = max(due, clock.now() - self.MAX_LATE_TICKS) + 1
            self.ticks += 1
            ntp = aiortc_patches.ntp_now()
            for track, (writer, done) in list(self._members.items()):
                if done.done():
                    continue
                if track.readyState != "live":
                    done.set_exception(MediaStreamError())
                    continue
                payload, timestamp = track.next_payload()
                try:
                    await writer.write(payload, timestamp, ntp)
                except Exception as exc:  # noqa: BLE001 - ends this track's sending, not the others'
                    done.set_exception(exc)


class OpusPacketEncoder:
    """Encode mono PCM16 at `rate` into 20 ms Opus packets (libopus, low-delay) as it comes."""

    def __init__(self, rate: int, *, bitrate: int = OPUS_BITRATE):
        self.rate = rate
        self.frame_bytes = int(rate * PTIME_S) * 2
        codec = av.CodecContext.create("libopus", "w")
        codec.sample_rate = rate
        codec.layout = "mono"
        codec.format = "s16"
        codec.bit_rate = bitrate
        codec.time_base = fractions.Fraction(1, rate)
        codec.options = {"application": "lowdelay", "compression_level": str(OPUS_COMPLEXITY)}
        self._codec = codec
        self._rest = b""
        self._pts = 0
        self.silence = self._encode(bytes(self.frame_bytes))

    def encode(self, pcm: bytes) -> list[bytes]:
        """Return the packets for every whole 20 ms now available; keep the remainder."""
        data = self._rest + pcm if self._rest else pcm
        size = self.frame_bytes
        whole = len(data) - len(data) % size
        self._rest = data[whole:]
        return [self._encode(data[i : i + size]) for i in range(0, whole, size)]

    def reset(self) -> None:
        """Drop the partial frame held back."""
        self._rest = b""

    def _encode(self, frame_pcm: bytes) -> bytes:
        samples = np.frombuffer(frame_pcm, dtype="<i2").reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = self.rate
        frame.pts = self._pts
        frame.time_base = self._codec.time_base
        self._pts += samples.shape[1]
        return b"".join(bytes(packet) for packet in self._codec.encode(frame))


class OutboundAudioTrack(MediaStreamTrack):
    """An audio track of pre-encoded Opus packets, paced by the shared clock."""

    kind = "audio"

    def __init__(self, rate: int, *, max_backlog_s: float = 120.0):
        super().__init__()
        self.encoder = OpusPacketEncoder(rate)
        self._packets: deque[bytes] = deque()
        self._max_packets = int(max_backlog_s / PTIME_S)
        self._clock: PacingClock | None = None
        self._due = 0
        self._pts = 0
        self.sent_packets = 0
        self.speech_packets = 0

    @property
    def backlog_s(self) -> float:
        """Seconds of encoded audio waiting to be sent."""
        return len(self._packets) * PTIME_S

    def push(self, pcm: bytes) -> None:
        """Queue PCM16 mono audio at the track's rate (encoded now, sent on the clock)."""
        if self.readyState != "live":
            return
        self._packets.extend(self.encoder.encode(pcm))
        while len(self._packets) > self._max_packets:
            self._packets.popleft()

    def flush(self) -> None:
        """Drop everything not sent yet (the user barged in)."""
        self._packets.clear()
        self.encoder.reset()

    def next_payload(self) -> tuple[bytes, int]:
        """Return the packet to send now (speech, else silence) and its RTP timestamp."""
        if self._packets:
            data = self._packets.popleft()
            self.speech_packets += 1
        else:
            data = self.encoder.silence
        pts = self._pts
        self._pts += RTP_SAMPLES
        self.sent_packets += 1
        return data, pts

    async def serve(self, writer: aiortc_patches.RtpWriter) -> None:
        """Send this track through `writer` on the shared clock (`take_over_sender`)."""
        await SendGroup.shared().serve(self, writer)

    async def recv(self) -> av.Packet:
        if self.readyState != "live":
            raise MediaStreamError
        clock = self._clock
        if clock is None:
            clock = self._clock = PacingClock.shared()
            self._due = clock.now() + 1
        await clock.until(self._due)
        if self.readyState != "live":
            raise MediaStreamError
        now = clock.now()
        # Fell far behind (a stalled loop): skip ahead rather than send a burst.
        self._due = max(self._due, now - SendGroup.MAX_LATE_TICKS) + 1
        data, pts = self.next_payload()
        packet = av.Packet(data)
        packet.pts = pts
        packet.time_base = RTP_TIME_BASE
        return packet


def _pcm_bytes(frame: av.AudioFrame) -> bytes:
    """Return a packed mono s16 frame's samples (its plane may be padded beyond them)."""
    return memoryview(frame.planes[0])[: frame.samples * 2].tobytes()


class InboundAudio:
    """Decode Opus frames on the loop and hand on mono PCM16 at `rate` in `chunk_ms` pieces.

    libopus decodes straight to `rate`, mono (`live.opus`). Without it, FFmpeg's decoder
    (48 kHz) and PyAV's resampler do; the resampler's filter holds back a millisecond, and
    that much silence is put in front once, so the pieces stay aligned with the packets (a
    20 ms piece is complete when its packet arrives, not one packet later). `chunk_ms` 0 hands
    on whatever each packet yields. A gap in the RTP timestamps up to MAX_GAP_FILL_S (lost
    packets) is filled with silence, so the audio keeps its duration; longer gaps (a muted or
    discontinuous sender) are not.
    """

    def __init__(self, rate: int, on_pcm: Callable[[bytes], None], *, chunk_ms: int = 20):
        self.rate = rate
        self._on_pcm = on_pcm
        self._chunk = rate * chunk_ms // 1000 * 2
        self._opus = opus.OpusDecoder(rate) if opus.available() and rate in opus.RATES else None
        self._decoder = self._resampler = None
        if self._opus is None:
            self._decoder = av.CodecContext.create("libopus", "r")
            self._decoder.sample_rate = RTP_RATE
            self._decoder.layout = "mono"  # libopus mixes down itself: fewer samples to resample
            self._decoder.format = "s16"
            self._resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        self._buffer = bytearray()
        self._next_ts: int | None = None
        self._aligned = False
        self.packets = 0
        self.lost_s = 0.0
        self.errors = 0

    def on_frame(self, codec, frame) -> None:
        """Take one encoded frame (`data`, `timestamp` in 48 kHz units) from the receiver."""
        self.packets += 1
        if self._next_ts is not None:
            gap = (frame.timestamp - self._next_ts) & 0xFFFFFFFF
            if 0 < gap <= MAX_GAP_FILL_S * RTP_RATE:
                self.lost_s += gap / RTP_RATE
                self._buffer += bytes(gap * self.rate // RTP_RATE * 2)
        if self._opus is not None:
            pcm = self._opus.decode(frame.data)
            if pcm is None:
                self.errors += 1
                return
            samples = len(pcm) // 2 * RTP_RATE // self.rate
            self._buffer += pcm
        else:
            samples = self._decode_with_pyav(frame.data)
            if samples is None:
                return
        self._next_ts = (frame.timestamp + (samples or RTP_SAMPLES)) & 0xFFFFFFFF
        self._hand_on()

    def _decode_with_pyav(self, data: bytes) -> int | None:
        try:
            decoded = self._decoder.decode(av.Packet(data))
        except av.FFmpegError:
            self.errors += 1
            return None
        samples = 0
        for audio in decoded:
            samples += audio.samples
            out = b"".join(_pcm_bytes(o) for o in self._resampler.resample(audio))
            if not self._aligned:
                self._aligned = True
                held = audio.samples * self.rate // RTP_RATE - len(out) // 2
                self._buffer += bytes(max(0, held) * 2)
            self._buffer += out
        return samples

    def _hand_on(self) -> None:
        size = len(self._buffer)
        chunk = self._chunk or size
        if not size or size < chunk:
            return
        whole = size - size % chunk
        data = bytes(self._buffer[:whole])
        del self._buffer[:whole]
        for i in range(0, whole, chunk):
            self._on_pcm(data[i : i + chunk])

    def close(self) -> None:
        """Release the decoder (and the resampler)."""
        if self._opus is not None:
            self._opus.close()
        self._decoder = None
        self._resampler = None
        self._buffer.clear()
