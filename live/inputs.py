"""Input on its way to Gemini: what waits while the connection is switched, and what to replay.

The bridge sends every input as one call of the SDK's session (`send_realtime_input` or
`send_client_content`) with its keyword arguments, and `InputQueue` holds such calls:

- `pending`: calls made while no connection takes input (a switch is under way), sent in
  order to the next connection (only the newest camera frame is kept; audio is bounded);
- the replay buffer: the microphone audio already sent since the last turn boundary (the
  moment Gemini started answering), with a cheap energy check on it. When speech may be in
  progress, a new connection gets that audio again before anything else, so an utterance cut
  by a switch is heard whole; with nothing voiced since the boundary there is nothing to replay.
"""

from __future__ import annotations

import logging
from collections import deque

import numpy as np
from google.genai import types

from live.audio import INPUT_MIME, INPUT_RATE
from live.connection import UPSTREAM_ERRORS

logger = logging.getLogger(__name__)

Call = tuple[str, dict]  # (session method, keyword arguments)

REALTIME = "send_realtime_input"
CONTENT = "send_client_content"
BYTES_PER_S = INPUT_RATE * 2
PIECE_BYTES = BYTES_PER_S // 10  # 100 ms: the largest audio message Google recommends
MAX_PENDING_AUDIO_BYTES = 60 * BYTES_PER_S  # one minute of audio waits for a switch at most
MAX_REPLAY_BYTES = 30 * BYTES_PER_S  # the longest utterance replayed whole
PREROLL_BYTES = BYTES_PER_S * 3 // 10  # audio kept before the first voiced frame
FRAME_SAMPLES = INPUT_RATE // 50  # 20 ms
# Mean square of a 20 ms frame above which speech may be in progress (RMS 250, about -42 dBFS:
# a little more sensitive than a typical energy VAD, so a quiet start is not missed).
VOICED_MEAN_SQUARE = 250.0**2


def audio_call(pcm: bytes) -> Call:
    """Return the SDK call that sends microphone audio (PCM16 mono 16 kHz)."""
    return REALTIME, {"audio": {"data": pcm, "mime_type": INPUT_MIME}}


def picture_call(data: bytes, mime_type: str, text: str = "") -> Call:
    """Return the SDK call that sends a picture (and words about it) as a user turn."""
    parts = [types.Part.from_bytes(data=data, mime_type=mime_type)]
    if text:
        parts.append(types.Part(text=text))
    return CONTENT, {"turns": [types.Content(role="user", parts=parts)], "turn_complete": True}


def pieces(pcm: bytes, size: int = PIECE_BYTES) -> list[bytes]:
    """Split audio into pieces of at most `size` bytes (whole samples)."""
    if len(pcm) <= size:
        return [pcm]
    return [pcm[i : i + size] for i in range(0, len(pcm), size)]


def voiced(pcm: bytes) -> bool:
    """Return whether any 20 ms frame of PCM16 audio is loud enough to be speech."""
    samples = np.frombuffer(pcm, dtype="<i2", count=len(pcm) // 2).astype(np.float32)
    if samples.size <= FRAME_SAMPLES:  # the common case, one frame: the cheapest check
        return bool(samples.dot(samples) > VOICED_MEAN_SQUARE * (samples.size or 1))
    size = FRAME_SAMPLES
    frames = samples[: samples.size // size * size].reshape(-1, size)
    energy = np.einsum("ij,ij->i", frames, frames)
    return bool((energy > VOICED_MEAN_SQUARE * size).any())


class InputQueue:
    """The calls waiting for a connection, and the audio to replay to a new one."""

    def __init__(self, cid: str = "-"):
        self.cid = cid
        self.speech = False  # voiced audio was sent since the last turn boundary
        self._pending: deque[Call] = deque()
        self._pending_audio = 0
        self._replay: deque[bytes] = deque()
        self._replay_bytes = 0

    # -- waiting calls -------------------------------------------------------------------------

    def queue(self, call: Call) -> None:
        """Keep a call for the next connection."""
        kwargs = call[1]
        if "video" in kwargs:  # only the newest camera frame is worth sending later
            self._pending = deque(c for c in self._pending if "video" not in c[1])
        elif "audio" in kwargs:
            self._pending_audio += len(kwargs["audio"]["data"])
            while self._pending_audio > MAX_PENDING_AUDIO_BYTES:
                self._drop_oldest_audio()
        self._pending.append(call)

    def _drop_oldest_audio(self) -> None:
        for index, (_, kwargs) in enumerate(self._pending):
            if "audio" in kwargs:
                del self._pending[index]
                self._pending_audio -= len(kwargs["audio"]["data"])
                logger.warning("[live %s] input queue full: oldest audio dropped", self.cid)
                return
        self._pending_audio = 0

    def next_pending(self) -> Call | None:
        """Return the oldest waiting call (still queued until `pending_sent`)."""
        return self._pending[0] if self._pending else None

    def pending_sent(self) -> None:
        """The oldest waiting call reached a connection: forget it (audio goes to the replay)."""
        _, kwargs = self._pending.popleft()
        if "audio" in kwargs:
            pcm = kwargs["audio"]["data"]
            self._pending_audio -= len(pcm)
            self.sent_audio(pcm)

    def __len__(self) -> int:
        return len(self._pending)

    # -- replay --------------------------------------------------------------------------------

    def sent_audio(self, pcm: bytes) -> None:
        """Record audio a connection took (kept until the next turn boundary)."""
        if not self.speech and voiced(pcm):
            self.speech = True
        self._replay.append(pcm)
        self._replay_bytes += len(pcm)
        limit = MAX_REPLAY_BYTES if self.speech else PREROLL_BYTES
        while self._replay_bytes > limit and len(self._replay) > 1:
            self._replay_bytes -= len(self._replay.popleft())

    def boundary(self) -> None:
        """Gemini took the user's turn (it started answering): nothing before it is replayed."""
        self.speech = False
        self._replay.clear()
        self._replay_bytes = 0

    def replay_calls(self) -> list[Call]:
        """Return the audio to send a new connection first: empty unless speech may be on."""
        if not self.speech:
            return []
        return [audio_call(piece) for piece in pieces(b"".join(self._replay))]

    def replay_seconds(self) -> float:
        """Return how much audio `replay_calls` would send, in seconds."""
        return self._replay_bytes / BYTES_PER_S if self.speech else 0.0

    async def catch_up(self, conn) -> bool:
        """Replay the open utterance, then the waiting calls, to a new connection (anything
        with an async `send(call)`); return False if it failed meanwhile."""
        replay = self.replay_calls()
        if replay or self._pending:
            logger.info(
                "[live %s] replaying %.2f s of speech and %d queued inputs",
                self.cid,
                self.replay_seconds(),
                len(self._pending),
            )
        try:
            for call in replay:
                await conn.send(call)
            while (call := self.next_pending()) is not None:
                await conn.send(call)
                self.pending_sent()
        except UPSTREAM_ERRORS as exc:
            logger.info("[live %s] replay interrupted: %r", self.cid, exc)
            return False
        return True
