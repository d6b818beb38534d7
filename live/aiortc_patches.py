"""Every touch of aiortc's internals, in one place (aiortc is pinned: see requirements.txt).

aiortc's receiver holds audio in a fixed 80 ms jitter buffer (`capacity=16, prefetch=4`) that
never drains after a lost packet (aiortc#543), and decodes on a thread of its own per track,
handing each frame back through `run_coroutine_threadsafe`. A call here instead:

- releases every in-order audio packet at once (one RTP packet is one Opus frame, so nothing
  is lost by not waiting; late packets are dropped);
- receives the assembled encoded frames itself, on the event loop (`FrameSink`), so audio is
  decoded on the loop and video keyframes are kept undecoded until they are needed;
- asks a video sender for a keyframe (an RTCP PLI) when it wants a picture;
- sends pre-encoded audio without aiortc's per-track RTP loop (a task per track, woken per
  packet, that builds an `RtpPacket`, converts time bases and reads the clock twice): the
  sender's loop is replaced by `serve(RtpWriter)`, and one task per event loop writes every
  call's packet on each tick of the shared pacing clock (`live.media.SendGroup`).

The receiver's private attributes are replaced before `receive()` starts it, the sender's loop
before `send()` starts it. `verify()` checks
that every private name relied on still exists; the test suite calls it, so an aiortc upgrade
that renames one fails loudly instead of silently falling back to the slow path.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import struct
from collections.abc import Awaitable, Callable

import aiortc
from aiortc import clock, rtp
from aiortc.codecs import get_decoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcdtlstransport import RTCDtlsTransport
from aiortc.rtcrtpreceiver import RTCRtpReceiver
from aiortc.rtcrtpsender import RTCRtpSender, random_sequence_number
from aiortc.utils import random32, uint16_gt

logger = logging.getLogger(__name__)

PINNED_VERSION = "1.16.0"
_JITTER_BUFFER = "_RTCRtpReceiver__jitter_buffer"
_DECODER_QUEUE = "_RTCRtpReceiver__decoder_queue"
_STARTED = "_RTCRtpReceiver__started"
_SENDER = "_RTCRtpSender__"  # + started, rtp_started, rtp_exited, track, mid, the SR counters
_SENDER_NAMES = (
    "started",
    "rtp_started",
    "rtp_exited",
    "track",
    "mid",
    "rtp_header_extensions_map",
    "ntp_timestamp",
    "rtp_timestamp",
    "octet_count",
    "packet_count",
)
_EXTENSION_IDS = "_HeaderExtensionsMap__ids"
_RTP_HEADER = struct.Struct("!BBHLL")

# (codec parameters, encoded frame) -> None; called on the event loop, inside the receive path.
OnEncodedFrame = Callable[[object, JitterFrame], None]


class InOrderJitterBuffer:
    """Release each in-order RTP packet at once as one frame; drop late and repeated ones."""

    __slots__ = ("_last",)

    def __init__(self):
        self._last: int | None = None

    def add(self, packet) -> tuple[bool, JitterFrame | None]:
        seq = packet.sequence_number
        if self._last is not None and not uint16_gt(seq, self._last):
            return False, None
        self._last = seq
        return False, JitterFrame(data=packet._data, timestamp=packet.timestamp)


class FrameSink:
    """Stands in for the receiver's decoder queue: encoded frames go to a callback.

    aiortc still starts its decoder thread with this object as the queue; `get()` answers
    "stop" at once, so that thread ends immediately and no frame is decoded there.
    """

    __slots__ = ("_on_frame", "_label", "closed")

    def __init__(self, on_frame: OnEncodedFrame, label: str = "-"):
        self._on_frame = on_frame
        self._label = label
        self.closed = False

    def get(self, *args, **kwargs):
        return None

    def put(self, item, *args, **kwargs) -> None:
        if item is None or self.closed:
            return
        codec, frame = item
        try:
            self._on_frame(codec, frame)
        except Exception:  # noqa: BLE001 - an exception here would end the DTLS transport
            logger.exception("[rtc %s] frame handler failed", self._label)


def take_over_receiver(
    receiver: RTCRtpReceiver, kind: str, on_frame: OnEncodedFrame, *, label: str = "-"
) -> FrameSink:
    """Route a not yet started receiver's encoded frames to `on_frame` (audio: no buffering)."""
    if getattr(receiver, _STARTED):
        raise RuntimeError("the receiver has already started")
    if kind == "audio":
        setattr(receiver, _JITTER_BUFFER, InOrderJitterBuffer())
    sink = FrameSink(on_frame, label)
    setattr(receiver, _DECODER_QUEUE, sink)
    return sink


def request_keyframe(receiver: RTCRtpReceiver) -> list[asyncio.Task]:
    """Ask every sender on this receiver for a keyframe (RTCP PLI); return the sending tasks."""
    tasks = []
    for source in receiver.getSynchronizationSources():
        tasks.append(asyncio.ensure_future(receiver._send_rtcp_pli(source.source)))
    return tasks


class RtpWriter:
    """Write pre-encoded payloads as `sender`'s RTP stream, one awaited call per packet.

    What aiortc's RTP loop would put on the wire for a pre-encoded audio packet: the sender's
    SSRC and payload type, a random initial sequence number and timestamp, the marker bit,
    the mid and abs-send-time header extensions when negotiated; and the counters its RTCP
    sender reports are built from.
    """

    __slots__ = ("_sender", "_dtls", "_first", "_ssrc", "_seq", "_origin", "_ext", "_at")

    def __init__(self, sender: RTCRtpSender, codec) -> None:
        self._sender = sender
        self._dtls = sender.transport
        self._first = 0x80 | (codec.payloadType & 0x7F)  # marker set, as aiortc does for audio
        self._ssrc = sender._ssrc
        self._seq = random_sequence_number()
        self._origin = random32()
        ids = getattr(getattr(sender, _SENDER + "rtp_header_extensions_map"), _EXTENSION_IDS)
        mid = getattr(sender, _SENDER + "mid")
        extensions = []
        if mid is not None and ids.mid:
            extensions.append((ids.mid, mid.encode("utf8")))
        self._at = None  # where the 3 abs-send-time bytes go in the extension block
        if ids.abs_send_time:
            extensions.append((ids.abs_send_time, b"\x00\x00\x00"))
        profile, value = rtp.pack_header_extensions(extensions)
        if ids.abs_send_time:  # the last entry: its 3 bytes end the block, before the padding
            entry = 1 if profile == 0xBEDE else 2  # one- or two-byte entry headers
            self._at = 4 + sum(entry + len(v) for _, v in extensions) - 3
        self._ext = struct.pack("!HH", profile, len(value) >> 2) + value if value else b""

    async def write(self, payload: bytes, timestamp: int, ntp: int) -> None:
        """Send one packet; `timestamp` counts from the stream's start, `ntp` is `ntp_now()`."""
        sender = self._sender
        if not sender._enabled:
            return
        rtp_timestamp = (self._origin + timestamp) & 0xFFFFFFFF
        ext = self._ext
        header = _RTP_HEADER.pack(
            0x90 if ext else 0x80, self._first, self._seq, rtp_timestamp, self._ssrc
        )
        at = self._at
        if at is not None:
            abs_send_time = ((ntp >> 14) & 0x00FFFFFF).to_bytes(3, "big")
            ext = ext[:at] + abs_send_time + ext[at + 3 :]
        await self._dtls._send_rtp(header + ext + payload)
        self._seq = (self._seq + 1) & 0xFFFF
        sender._RTCRtpSender__ntp_timestamp = ntp
        sender._RTCRtpSender__rtp_timestamp = rtp_timestamp
        sender._RTCRtpSender__octet_count += len(payload)
        sender._RTCRtpSender__packet_count += 1


def ntp_now() -> int:
    """Return the current time as a 64-bit NTP timestamp (what `RtpWriter.write` takes)."""
    return clock.current_ntp_time()


def take_over_sender(sender: RTCRtpSender, serve: Callable[[RtpWriter], Awaitable[None]]) -> None:
    """Replace a not yet started sender's RTP loop: `serve(writer)` sends until cancelled.

    It ends as aiortc's loop does (on cancellation, a lost connection or an ended track): the
    track is stopped and `stop()` is told the loop has exited.
    """
    if getattr(sender, _SENDER + "started"):
        raise RuntimeError("the sender has already started")

    async def run_rtp(codec) -> None:
        getattr(sender, _SENDER + "rtp_started").set()
        try:
            await serve(RtpWriter(sender, codec))
        except (asyncio.CancelledError, ConnectionError, MediaStreamError):
            pass
        except Exception:  # noqa: BLE001 - stop() waits for the exit below: always reach it
            logger.exception("RTP sending failed")
        track = getattr(sender, _SENDER + "track")
        if track is not None:
            track.stop()
            setattr(sender, _SENDER + "track", None)
        getattr(sender, _SENDER + "rtp_exited").set()

    sender._run_rtp = run_rtp


def make_decoder(codec):
    """Return aiortc's decoder for these codec parameters (`decode(JitterFrame) -> frames`)."""
    return get_decoder(codec)


def _missing(source_of, needles: tuple[str, ...]) -> list[str]:
    """Return the needles no longer found in the source of `source_of` (a function)."""
    source = inspect.getsource(source_of)
    return [
        f"{source_of.__qualname__} no longer does {needle}"
        for needle in needles
        if needle not in source
    ]


def verify() -> list[str]:
    """Return what no longer matches the aiortc internals this module relies on."""
    problems = []
    if aiortc.__version__ != PINNED_VERSION:
        problems.append(f"aiortc {aiortc.__version__} is not the pinned {PINNED_VERSION}")
    init = inspect.getsource(RTCRtpReceiver.__init__)
    for name in ("__jitter_buffer", "__decoder_queue", "__started"):
        if f"self.{name} =" not in init and f"self.{name}:" not in init:
            problems.append(f"RTCRtpReceiver.__init__ no longer sets self.{name}")
    problems += _missing(
        RTCRtpReceiver._handle_rtp_packet,
        (
            "self.__jitter_buffer.add(packet)",
            "self.__decoder_queue.put((codec, encoded_frame))",
            "packet._data = depayload(",
        ),
    )
    receive = inspect.getsource(RTCRtpReceiver.receive)
    if "self.__decoder_queue" not in receive:
        problems.append("RTCRtpReceiver.receive no longer hands the decoder queue to its thread")
    if not callable(getattr(RTCRtpReceiver, "_send_rtcp_pli", None)):
        problems.append("RTCRtpReceiver._send_rtcp_pli is gone")
    init = inspect.getsource(RTCRtpSender.__init__)
    init += inspect.getsource(RTCRtpSender.replaceTrack)  # sets self.__track
    for name in _SENDER_NAMES:
        if f"self.__{name} =" not in init and f"self.__{name}:" not in init:
            problems.append(f"RTCRtpSender.__init__ no longer sets self.__{name}")
    if "self._run_rtp(parameters.codecs[0])" not in inspect.getsource(RTCRtpSender.send):
        problems.append("RTCRtpSender.send no longer starts self._run_rtp(codec)")
    stop = inspect.getsource(RTCRtpSender.stop)
    if "self.__rtp_started.wait()" not in stop or "self.__rtp_exited.wait()" not in stop:
        problems.append("RTCRtpSender.stop no longer waits for the RTP loop's events")
    rtcp = inspect.getsource(RTCRtpSender._run_rtcp)
    for name in ("ntp_timestamp", "rtp_timestamp", "packet_count", "octet_count"):
        if f"self.__{name}" not in rtcp:
            problems.append(f"RTCRtpSender._run_rtcp no longer reports self.__{name}")
    problems += _missing(
        RTCRtpSender._run_rtp,
        (
            "packet.marker = (i == len(enc_frame.payloads) - 1) and 1 or 0",
            "packet.extensions.abs_send_time = (",
            "packet.extensions.mid = self.__mid",
            "timestamp_origin = random32()",
        ),
    )
    if "self.__ids = HeaderExtensions()" not in inspect.getsource(rtp.HeaderExtensionsMap):
        problems.append("HeaderExtensionsMap no longer keeps its ids in self.__ids")
    send_rtp = inspect.getsource(RTCDtlsTransport._send_rtp)
    if "self._tx_srtp.protect(data)" not in send_rtp:
        problems.append("RTCDtlsTransport._send_rtp no longer protects and sends RTP")
    return problems
