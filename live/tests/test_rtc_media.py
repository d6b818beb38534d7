"""WebRTC media pieces: the aiortc internals relied on, Opus in and out, pacing, pictures."""

from __future__ import annotations

import asyncio
import fractions
import io
import logging
import types

import av
import numpy as np
import pytest
from aiortc import rtp
from aiortc.codecs import depayload, get_encoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.rtcrtpparameters import RTCRtpCodecParameters
from PIL import Image

from live import aiortc_patches, opus
from live.frames import CAMERA, SCREEN, PictureSampler, VideoSource, is_keyframe
from live.media import RTP_SAMPLES, InboundAudio, OpusPacketEncoder, OutboundAudioTrack
from live.peer import SignallingError, _parse_offer, _source_map
from live.tests import signals

VP8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=97)


def test_the_aiortc_internals_relied_on_are_still_there():
    """aiortc is pinned: if a private name used by aiortc_patches changes, this fails."""
    assert aiortc_patches.verify() == []


def _packet(seq: int, ts: int = 0, data: bytes = b"x"):
    packet = types.SimpleNamespace(sequence_number=seq, timestamp=ts)
    packet._data = data
    return packet


def test_in_order_packets_are_released_at_once_and_late_ones_dropped():
    """Each in-order packet is a frame at once; a late or repeated one is dropped."""
    buffer = aiortc_patches.InOrderJitterBuffer()
    released = [buffer.add(_packet(seq, seq * 960))[1] for seq in (65534, 65535, 0, 2, 1, 2)]
    assert [f.timestamp if f else None for f in released] == [
        65534 * 960,
        65535 * 960,
        0,
        2 * 960,
        None,
        None,
    ]


def test_an_exception_in_the_frame_handler_does_not_escape(caplog):
    """A failing handler is logged; the receive path (and its DTLS transport) goes on."""

    def handler(codec, frame):
        raise RuntimeError("boom")

    sink = aiortc_patches.FrameSink(handler, "t")
    assert sink.get() is None  # aiortc's decoder thread ends at once
    with caplog.at_level(logging.ERROR):
        sink.put(("codec", JitterFrame(b"", 0)))
        sink.put(None)
    assert "frame handler failed" in caplog.text


def _opus_stream(pcm48: bytes) -> list[JitterFrame]:
    encoder = OpusPacketEncoder(48_000)
    return [JitterFrame(data, i * RTP_SAMPLES) for i, data in enumerate(encoder.encode(pcm48))]


@pytest.mark.parametrize("decoder", ["libopus", "pyav"])
def test_opus_in_keeps_its_duration_with_two_percent_loss(decoder, monkeypatch):
    """1 s of Opus at 48 kHz → 1 s of 16 kHz PCM, lost packets filled, in 20 ms pieces."""
    assert opus.available()  # the direct path is the one calls use: it must load here
    if decoder == "pyav":
        monkeypatch.setattr(opus, "available", lambda: False)  # the fallback
    pieces = []
    inbound = InboundAudio(16_000, pieces.append, chunk_ms=20)
    assert (inbound._opus is not None) == (decoder == "libopus")
    frames = _opus_stream(signals.tone(1.0, rate=48_000))
    for index, frame in enumerate(frames):
        if index % 50 != 25:  # 2 % lost
            inbound.on_frame(None, frame)
    assert {len(p) for p in pieces} == {640}
    total = sum(len(p) for p in pieces) / 2 / 16_000
    assert abs(total - 1.0) <= 0.021, total
    assert inbound.lost_s == pytest.approx(0.02)
    assert signals.rms(b"".join(pieces)) > 2000
    inbound.on_frame(None, JitterFrame(b"\xff\xff\xff", frames[-1].timestamp + RTP_SAMPLES))
    assert inbound.errors == 1  # a packet the decoder refuses is counted and skipped
    inbound.close()


def test_each_piece_goes_on_when_its_packet_arrives():
    """No decoder or resampler delay: packet k completes piece k (not one packet later)."""
    pieces = []
    inbound = InboundAudio(16_000, pieces.append, chunk_ms=20)
    for count, frame in enumerate(_opus_stream(signals.tone(0.2, rate=48_000)), start=1):
        inbound.on_frame(None, frame)
        assert len(pieces) == count
    inbound.close()


def test_libopus_decodes_at_the_rate_asked():
    """Direct decoding: 20 ms packets give 20 ms at 16 kHz, the tone's level kept."""
    decoder = opus.OpusDecoder(16_000)
    encoder = OpusPacketEncoder(16_000)
    pcm = b"".join(decoder.decode(p) for p in encoder.encode(signals.tone(0.2)))
    assert len(pcm) == 0.2 * 16_000 * 2
    assert signals.rms(pcm[1600:]) == pytest.approx(signals.rms(signals.tone(0.2)[1600:]), rel=0.2)
    with pytest.raises(ValueError):
        opus.OpusDecoder(44_100)
    decoder.close()
    assert decoder.decode(encoder.silence) is None


@pytest.mark.asyncio
async def test_outbound_tracks_share_one_clock_and_flush_at_once():
    """Three tracks paced together at 20 ms; a flush leaves only silence."""
    tracks = [OutboundAudioTrack(24_000) for _ in range(3)]
    for track in tracks:
        track.push(signals.tone(1.0, rate=24_000))
    assert tracks[0].backlog_s == pytest.approx(1.0)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for _ in range(10):
        packets = await asyncio.gather(*(t.recv() for t in tracks))
    elapsed = loop.time() - start
    assert 0.17 <= elapsed <= 0.3, elapsed
    assert [p.pts for p in packets] == [9 * RTP_SAMPLES] * 3
    tracks[0].flush()
    assert tracks[0].backlog_s == 0
    silent = await tracks[0].recv()
    assert bytes(silent) == tracks[0].encoder.silence
    for track in tracks:
        track.stop()


class _FakeDtls:
    """Stands in for a connected DTLS transport: keeps what a sender writes, unencrypted."""

    state = "connected"
    _stats_id = "transport"

    def __init__(self):
        self.rtp: list[bytes] = []
        self.rtcp: list[bytes] = []

    def _register_rtp_sender(self, sender, parameters):
        pass

    def _unregister_rtp_sender(self, sender):
        pass

    async def _send_rtp(self, data: bytes) -> None:
        (self.rtcp if rtp.is_rtcp(data) else self.rtp).append(data)

    def _get_stats(self) -> dict:
        return {}


@pytest.mark.asyncio
async def test_the_shared_sender_writes_what_aiortcs_loop_would():
    """Two calls' packets leave on one clock: SSRC, sequence, timestamps, marker, extensions."""
    from aiortc.rtcrtpparameters import (
        RTCRtcpParameters,
        RTCRtpHeaderExtensionParameters,
        RTCRtpSendParameters,
    )
    from aiortc.rtcrtpsender import RTCRtpSender

    from live.media import SendGroup

    opus = RTCRtpCodecParameters(
        mimeType="audio/opus", clockRate=48000, channels=2, payloadType=111
    )
    parameters = RTCRtpSendParameters(
        codecs=[opus],
        headerExtensions=[
            RTCRtpHeaderExtensionParameters(id=4, uri="urn:ietf:params:rtp-hdrext:sdes:mid"),
            RTCRtpHeaderExtensionParameters(
                id=2, uri="http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
            ),
        ],
        muxId="0",
        rtcp=RTCRtcpParameters(cname="sesame"),
    )
    extensions = rtp.HeaderExtensionsMap()
    extensions.configure(parameters)
    calls = []
    for _ in range(2):
        track, dtls = OutboundAudioTrack(24_000), _FakeDtls()
        sender = RTCRtpSender(track, dtls)
        aiortc_patches.take_over_sender(sender, track.serve)
        track.push(signals.tone(0.1, rate=24_000))
        await sender.send(parameters)
        calls.append((track, dtls, sender))
    ticks = SendGroup.shared().ticks
    from live.tests.helpers import wait_for

    await wait_for(lambda: all(len(dtls.rtp) >= 8 for _, dtls, _ in calls), within=2)
    assert SendGroup.shared().ticks - ticks <= 10  # one step per tick for both calls
    for track, dtls, sender in calls:
        packets = [rtp.RtpPacket.parse(data, extensions) for data in dtls.rtp[:8]]
        first = packets[0]
        assert {(p.ssrc, p.payload_type, p.marker) for p in packets} == {(sender._ssrc, 111, 1)}
        assert [p.sequence_number - first.sequence_number for p in packets] == list(range(8))
        assert [p.timestamp - first.timestamp for p in packets] == [960 * i for i in range(8)]
        assert {p.extensions.mid for p in packets} == {"0"}
        assert all(p.extensions.abs_send_time is not None for p in packets)
        assert [p.payload for p in packets[5:]] == [track.encoder.silence] * 3  # 100 ms said
        assert packets[0].payload != track.encoder.silence
    await asyncio.gather(*(sender.stop() for _, _, sender in calls))
    for track, dtls, sender in calls:
        assert track.readyState == "ended" and sender.track is None
        report = rtp.RtcpPacket.parse(dtls.rtcp[-1])[0]  # the BYE; the counters are reported
        assert isinstance(report, rtp.RtcpByePacket)
        stats = next(iter((await sender.getStats()).values()))
        assert stats.packetsSent == len(dtls.rtp)
        assert stats.bytesSent == sum(len(p.payload) for p in map(rtp.RtpPacket.parse, dtls.rtp))


def _vp8_frames(colour, size, count=3) -> list[tuple[bool, JitterFrame]]:
    encoder = get_encoder(VP8)
    image = np.zeros((size[1], size[0], 3), dtype=np.uint8)
    image[:, :] = colour
    out = []
    for index in range(count):
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = index * 3000
        frame.time_base = fractions.Fraction(1, 90_000)
        payloads, timestamp = encoder.encode(frame, force_keyframe=index == 0)
        data = b"".join(depayload(VP8, p) for p in payloads)
        out.append((is_keyframe("VP8", data), JitterFrame(data, timestamp)))
    return out


def test_only_keyframes_are_kept():
    """VP8: the first frame is a keyframe and kept; inter frames are dropped undecoded."""
    frames = _vp8_frames((0, 0, 255), (64, 48))
    assert [key for key, _ in frames] == [True, False, False]
    assert is_keyframe("H264", b"\x00\x00\x00\x01\x67\x42" + b"\x00\x00\x01\x65")
    assert not is_keyframe("H264", b"\x00\x00\x00\x01\x41\x9a")


@pytest.mark.asyncio
async def test_screen_with_the_camera_inset_is_one_legible_picture():
    """Both on: the screen at ≤ 1280 px with the camera small in its bottom-right corner."""
    sent = []

    async def send(data, mime_type):
        sent.append((data, mime_type))

    sampler = PictureSampler(send, interval=1.0)
    for name, colour, size in (
        (CAMERA, (0, 0, 255), (640, 480)),
        (SCREEN, (255, 0, 0), (1920, 1080)),
    ):
        source: VideoSource = sampler.add(name, receiver=None)
        for _, frame in _vp8_frames(colour, size, count=1):
            source.on_frame(VP8, frame)
    await sampler._send_newest(asyncio.get_running_loop().time())
    ((jpeg, mime_type),) = sent
    image = Image.open(io.BytesIO(jpeg))
    assert (mime_type, image.size) == ("image/jpeg", (1280, 720))
    assert image.getpixel((10, 10))[0] > 200  # the screen
    assert image.getpixel((1280 - 40, 720 - 40))[2] > 200  # the camera inset
    sampler.remove(SCREEN)
    await sampler._send_newest(asyncio.get_running_loop().time())
    assert Image.open(io.BytesIO(sent[-1][0])).size == (640, 480)
    await sampler.close()


def test_offers_are_checked_before_aiortc_sees_them():
    """Not SDP, no audio, bad sources: each a SignallingError with its own code."""
    with pytest.raises(SignallingError) as error:
        _parse_offer(None)
    assert error.value.code == "bad_sdp"
    with pytest.raises(SignallingError) as error:
        _parse_offer("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n")
    assert error.value.code == "no_audio"
    description = types.SimpleNamespace(
        media=[
            types.SimpleNamespace(kind="video", rtp=types.SimpleNamespace(muxId=m)) for m in "12"
        ]
    )
    assert _source_map(description, None) == {"1": CAMERA, "2": SCREEN}
    assert _source_map(description, {"2": CAMERA, "1": SCREEN}) == {"2": CAMERA, "1": SCREEN}
    for bad in ({"1": "tv"}, {"1": SCREEN, "2": SCREEN}, ["1"]):
        with pytest.raises(SignallingError):
            _source_map(description, bad)


@pytest.mark.asyncio
async def test_a_peer_hands_over_the_clients_data_channels():
    """RtcPeer on its own (no Django): answer an offer, connect, pass on a data channel."""
    from aiortc import RTCPeerConnection, RTCSessionDescription

    from bench._rtc_client import MicTrack
    from live.peer import PeerConfig, RtcPeer
    from live.tests.helpers import wait_for

    channels, messages, pieces = [], [], []

    def on_datachannel(channel):
        channels.append(channel.label)
        channel.on("message", messages.append)

    async def on_audio(pcm):
        pieces.append(pcm)

    async def on_picture(data, mime_type):
        pass

    peer = RtcPeer(
        PeerConfig(),
        on_audio=on_audio,
        on_picture=on_picture,
        on_closed=lambda code, message: None,
        on_datachannel=on_datachannel,
    )
    client = RTCPeerConnection()
    mic = MicTrack()
    client.addTrack(mic)
    chat = client.createDataChannel("chat")
    await client.setLocalDescription(await client.createOffer())
    answer = await peer.negotiate(client.localDescription.sdp)
    await client.setRemoteDescription(RTCSessionDescription(answer, "answer"))
    await wait_for(lambda: chat.readyState == "open" and len(pieces) >= 5, within=10)
    chat.send('{"label":"rtvi-ai"}')
    await wait_for(lambda: messages, within=5)
    assert (channels, messages) == (["chat"], ['{"label":"rtvi-ai"}'])
    assert {len(p) for p in pieces} == {640} and peer.connected
    await peer.close()
    await client.close()
    assert peer.pc is None and peer.outbound.readyState == "ended"
