"""The parts of a Live `setup` message the emulator acts on."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from . import wire
from .rest import declared_functions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveConfig:
    """A parsed Live setup: modality, transcription, VAD, resumption and tools."""

    model: str = ""
    audio_out: bool = True
    input_transcription: bool = False
    output_transcription: bool = False
    resumption: bool = False
    resume_handle: str | None = None
    auto_vad: bool = True
    silence_ms: int = 500
    start_sensitivity: str | None = None
    interruptible: bool = True
    functions: tuple[str, ...] = ()

    @classmethod
    def from_setup(cls, setup: dict) -> LiveConfig:
        """Read a `setup` body in either key casing."""
        generation = wire.field(setup, "generationConfig") or {}
        modalities = [str(m).upper() for m in wire.field(generation, "responseModalities") or []]
        resumption = wire.field(setup, "sessionResumption")
        realtime = wire.field(setup, "realtimeInputConfig") or {}
        vad = wire.field(realtime, "automaticActivityDetection") or {}
        return cls(
            model=str(wire.field(setup, "model") or ""),
            audio_out=not modalities or modalities[0] == "AUDIO",
            input_transcription=wire.has_field(setup, "inputAudioTranscription"),
            output_transcription=wire.has_field(setup, "outputAudioTranscription"),
            resumption=wire.has_field(setup, "sessionResumption"),
            resume_handle=wire.field(resumption, "handle") or None,
            auto_vad=not wire.field(vad, "disabled", False),
            silence_ms=int(wire.field(vad, "silenceDurationMs") or 500),
            start_sensitivity=wire.field(vad, "startOfSpeechSensitivity"),
            interruptible=wire.field(realtime, "activityHandling") != "NO_INTERRUPTION",
            functions=tuple(declared_functions(wire.field(setup, "tools"))),
        )
