"""What a live session's bridge takes (config, history) and what it emits (typed events).

Plain dataclasses, no Django and no transport: the consumers turn events into frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from google.genai import types

AUDIO = "audio"
TEXT = "text"


@dataclass(frozen=True)
class BridgeConfig:
    """How to open every Gemini Live connection of one session."""

    model: str
    system_instruction: str = ""
    voice: str = ""
    response: str = AUDIO  # AUDIO or TEXT: Gemini answers with one modality
    manual_activity: bool = False  # push-to-talk: the client marks speech start and end
    compression_trigger_tokens: int = 0  # 0: Gemini's default trigger

    def connect_config(self, handle: str | None) -> types.LiveConnectConfig:
        """Return the Live setup: transcription, resumption (from `handle`), compression."""
        audio = self.response == AUDIO
        compression: dict = {"sliding_window": {}}
        if self.compression_trigger_tokens:
            compression["trigger_tokens"] = self.compression_trigger_tokens
        config: dict = {
            "response_modalities": [types.Modality.AUDIO if audio else types.Modality.TEXT],
            "input_audio_transcription": {},
            "session_resumption": {"handle": handle} if handle else {},
            "context_window_compression": compression,
        }
        if self.system_instruction:
            config["system_instruction"] = self.system_instruction
        if audio:
            config["output_audio_transcription"] = {}
            if self.voice:
                config["speech_config"] = {
                    "voice_config": {"prebuilt_voice_config": {"voice_name": self.voice}}
                }
        if self.manual_activity:
            config["realtime_input_config"] = {"automatic_activity_detection": {"disabled": True}}
        return types.LiveConnectConfig(**config)


@dataclass(frozen=True, slots=True)
class HistoryTurn:
    """One stored turn used to seed a new Gemini session: text and pictures of one side."""

    role: str  # "user" or "model"
    text: str = ""
    images: tuple[tuple[bytes, str], ...] = ()  # (data, mime type)


# -- events out ------------------------------------------------------------------------------


@dataclass(slots=True)
class AudioChunk:
    """Model audio: PCM16 little-endian mono 24 kHz."""

    data: bytes


@dataclass(slots=True)
class TranscriptDelta:
    """A piece of the user's ("user") or the model's ("model") spoken words."""

    role: str
    text: str
    turn: int = 0


@dataclass(slots=True)
class TextDelta:
    """A piece of the model's written answer (TEXT responses)."""

    text: str
    turn: int = 0


@dataclass(slots=True)
class Interrupted:
    """The user barged in: drop the model audio not played yet."""

    turn: int = 0


@dataclass(slots=True)
class UserInput:
    """What the user contributed to a turn: their speech, a typed text, or a picture."""

    kind: str  # "voice", "text" or "image"
    text: str = ""
    data: bytes = b""
    mime_type: str = ""
    tag: object = None  # the caller's own handle on the input (e.g. a validated picture)


@dataclass(slots=True)
class TurnComplete:
    """A turn ended: the user's inputs in order, and what the model said.

    Turns are numbered from 1 in the order they end; every event of turn n comes before
    the TurnComplete of turn n, and that before any event of turn n + 1.
    """

    inputs: list[UserInput] = field(default_factory=list)
    model_text: str = ""
    interrupted: bool = False
    turn: int = 0

    def history(self) -> list[HistoryTurn]:
        """Return this turn as history turns (for seeding a later session)."""
        turns = []
        for item in self.inputs:
            images = ((item.data, item.mime_type),) if item.kind == "image" else ()
            if item.text or images:
                turns.append(HistoryTurn("user", item.text, images))
        if self.model_text:
            turns.append(HistoryTurn("model", self.model_text))
        return turns


@dataclass(slots=True)
class ResumptionHandle:
    """Gemini's newest resumption handle ("" when the stored one must be forgotten)."""

    handle: str


@dataclass(slots=True)
class Reconnecting:
    """The Gemini connection is being replaced; input is queued meanwhile."""

    reason: str  # "go_away" or "lost"


@dataclass(slots=True)
class Resumed:
    """A new Gemini connection took over (`fresh`: seeded from history, not resumed)."""

    fresh: bool = False


@dataclass(slots=True)
class BridgeError:
    """Something the user should hear about; `fatal` ends the session."""

    code: str
    message: str
    fatal: bool = False


Event = (
    AudioChunk
    | TranscriptDelta
    | TextDelta
    | Interrupted
    | TurnComplete
    | ResumptionHandle
    | Reconnecting
    | Resumed
    | BridgeError
)
