"""Every touch of aiortc's internals, in one place (aiortc is pinned: see requirements.txt).

aiortc's receiver holds audio in a fixed 80 ms jitter buffer (`capacity=16, prefetch=4`) that
never drains after a lost packet (aiortc#543), and decodes on a thread of its own per track,
handing each frame back through `run_coroutine_threadsafe`. A call here instead:

- releases every in-order audio packet at once (one RTP packet is one Opus frame, so nothing
  is lost by not waiting; late packets are dropped);
- receives the assembled encoded frames itself, on the event loop (`FrameSink`), so audio is
  decoded on the loop and video keyframes are kept undecoded until they are needed;
- asks a video sender for a keyframe (an RTCP PLI) when it wants a picture.

The receiver's private attributes are replaced before `receive()` starts it. `verify()` checks
that every private name relied on still exists; the test suite calls it, so an aiortc upgrade
that renames one fails loudly instead of silently falling back to the slow path.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable

import aiortc
from aiortc.codecs import get_decoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.rtcrtpreceiver import RTCRtpReceiver
from aiortc.utils import uint16_gt

logger = logging.getLogger(__name__)

PINNED_VERSION = "1.16.0"
_JITTER_BUFFER = "_RTCRtpReceiver__jitter_buffer"
_DECODER_QUEUE = "_RTCRtpReceiver__decoder_queue"
_STARTED = "_RTCRtpReceiver__started"

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


def make_decoder(codec):
    """Return aiortc's decoder for these codec parameters (`decode(JitterFrame) -> frames`)."""
    return get_decoder(codec)


def verify() -> list[str]:
    """Return what no longer matches the aiortc internals this module relies on."""
    problems = []
    if aiortc.__version__ != PINNED_VERSION:
        problems.append(f"aiortc {aiortc.__version__} is not the pinned {PINNED_VERSION}")
    init = inspect.getsource(RTCRtpReceiver.__init__)
    for name in ("__jitter_buffer", "__decoder_queue", "__started"):
        if f"self.{name} =" not in init and f"self.{name}:" not in init:
            problems.append(f"RTCRtpReceiver.__init__ no longer sets self.{name}")
    handle = inspect.getsource(RTCRtpReceiver._handle_rtp_packet)
    for needle in (
        "self.__jitter_buffer.add(packet)",
        "self.__decoder_queue.put((codec, encoded_frame))",
        "packet._data = depayload(",
    ):
        if needle not in handle:
            problems.append(f"RTCRtpReceiver._handle_rtp_packet no longer does {needle}")
    receive = inspect.getsource(RTCRtpReceiver.receive)
    if "self.__decoder_queue" not in receive:
        problems.append("RTCRtpReceiver.receive no longer hands the decoder queue to its thread")
    if not callable(getattr(RTCRtpReceiver, "_send_rtcp_pli", None)):
        problems.append("RTCRtpReceiver._send_rtcp_pli is gone")
    return problems
