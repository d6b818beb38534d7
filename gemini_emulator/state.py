"""Server-wide state: settings, counters, and the session-resumption handle store."""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from .audio import ToneBank
from .faults import FaultBoard, Faults
from .model import Turn

logger = logging.getLogger(__name__)

MAX_HANDLES = 5000


@dataclass
class Settings:
    """Per-process settings, fixed at start."""

    pace: float = 1.0
    max_audio_s: float = 3.0
    faults: Faults = field(default_factory=Faults)


@dataclass
class Counters:
    """What the emulator has seen; `live_sessions_open` is a gauge that reset keeps."""

    rest_requests: int = 0
    rest_turns: int = 0
    live_turns: int = 0
    audio_ms_received: float = 0.0
    video_frames_received: int = 0
    live_messages_received: int = 0
    live_sessions_open: int = 0
    live_sessions_total: int = 0
    live_resumptions: int = 0
    interruptions: int = 0
    tool_calls: int = 0
    go_aways_sent: int = 0
    faults_injected: int = 0
    last_live_setup: dict[str, Any] | None = None

    def reset(self) -> None:
        """Zero every counter except the open-sessions gauge."""
        open_now = self.live_sessions_open
        self.__init__()  # type: ignore[misc]
        self.live_sessions_open = open_now

    def as_dict(self) -> dict[str, Any]:
        """Return the counters as JSON-ready data, with `turns` = REST + Live turns."""
        data = dict(self.__dict__)
        data["audio_ms_received"] = round(self.audio_ms_received, 1)
        data["turns"] = self.rest_turns + self.live_turns
        return data


class HandleStore:
    """Map resumption handles to snapshots of a session's turns, evicting the oldest."""

    def __init__(self, limit: int = MAX_HANDLES) -> None:
        self._limit = limit
        self._handles: OrderedDict[str, tuple[Turn, ...]] = OrderedDict()

    def issue(self, turns: list[Turn]) -> str:
        """Store a snapshot of `turns` and return a fresh handle for it."""
        handle = secrets.token_urlsafe(18)
        self._handles[handle] = tuple(turns)
        while len(self._handles) > self._limit:
            self._handles.popitem(last=False)
        return handle

    def restore(self, handle: str) -> list[Turn] | None:
        """Return the turns stored under `handle`, or None when it is unknown."""
        turns = self._handles.get(handle)
        return list(turns) if turns is not None else None


class EmulatorState:
    """Everything request handlers share: settings, faults, counters, handles, tones."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.faults = FaultBoard(settings.faults)
        self.counters = Counters()
        self.handles = HandleStore()
        self.tones = ToneBank(settings.max_audio_s)

    @property
    def pace(self) -> float:
        """Return the pace in force (a runtime override wins over the start setting)."""
        override = self.faults.current.pace
        return self.settings.pace if override is None else override

    def reset(self) -> None:
        """Clear runtime faults and counters."""
        self.faults.reset()
        self.counters.reset()
