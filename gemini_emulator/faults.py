"""Fault injection: what to break, for how many requests or connections, and error bodies."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

UNLIMITED = -1  # a count of -1 keeps a fault on until reset
# Setting a trigger without its count re-arms the count at its default (1).
_COUNT_OF = {
    "rest_error": "rest_error_count",
    "stream_break_after": "stream_break_count",
    "go_away_after_s": "go_away_count",
    "close_after_s": "close_count",
}
REST_ERROR_CODES = (400, 403, 404, 429, 500, 503, 504)
BAD_KEY_MESSAGE = "API key not valid. Please pass a valid API key."
_STATUS = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    403: ("PERMISSION_DENIED", "Method doesn't allow unregistered callers."),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
    ),
    500: (
        "INTERNAL",
        "An internal error has occurred. Please retry or report in "
        "https://developers.generativeai.google/guide/troubleshooting",
    ),
    503: ("UNAVAILABLE", "The model is overloaded. Please try again later."),
    504: ("DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
}


@dataclass
class Faults:
    """The faults in force; counts say how many requests or new connections they affect."""

    latency_ms: int = 0
    rest_error: int | None = None
    rest_error_count: int = 1
    stream_break_after: int | None = None
    stream_break_count: int = 1
    bad_key: bool = False
    go_away_after_s: float | None = None
    go_away_time_left_s: float = 1.0
    go_away_count: int = 1
    close_after_s: float | None = None
    close_count: int = 1
    reject_resumption_count: int = 0
    pace: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any], base: Faults | None = None) -> Faults:
        """Return `base` updated with the known fields of `data` (unknown fields raise)."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        rearmed = {
            count: getattr(cls, count)
            for trigger, count in _COUNT_OF.items()
            if trigger in data and count not in data
        }
        merged = dataclasses.replace(base or cls(), **{**rearmed, **data})
        merged.validate()
        return merged

    def validate(self) -> None:
        """Raise ValueError when a field is out of range."""
        if self.rest_error is not None and self.rest_error not in REST_ERROR_CODES:
            raise ValueError(f"rest_error must be one of {REST_ERROR_CODES}")
        if self.latency_ms < 0 or (self.pace is not None and self.pace < 0):
            raise ValueError("latency_ms and pace must not be negative")

    def as_dict(self) -> dict[str, Any]:
        """Return the faults as JSON-ready data."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class LiveFaults:
    """The faults one Live connection took when it was set up."""

    go_away_after_s: float | None = None
    go_away_time_left_s: float = 1.0
    close_after_s: float | None = None


class FaultBoard:
    """Hold the current faults and hand out counted ones atomically (one event loop)."""

    def __init__(self, initial: Faults | None = None) -> None:
        self.initial = initial or Faults()
        self.current = dataclasses.replace(self.initial)

    def update(self, data: dict[str, Any]) -> Faults:
        """Merge `data` into the current faults and return them."""
        self.current = Faults.from_dict(data, self.current)
        logger.info("faults set: %s", data)
        return self.current

    def reset(self) -> None:
        """Restore the faults the server started with."""
        self.current = dataclasses.replace(self.initial)

    def take_rest_error(self) -> int | None:
        """Return the HTTP status the next REST request must fail with, if any."""
        f = self.current
        if f.rest_error is None or not _take(f, "rest_error_count"):
            return None
        return f.rest_error

    def take_stream_break(self) -> int | None:
        """Return after how many chunks the next SSE stream must break, if at all."""
        f = self.current
        if f.stream_break_after is None or not _take(f, "stream_break_count"):
            return None
        return f.stream_break_after

    def take_resumption_rejection(self) -> bool:
        """Return whether the next resumption attempt must be refused."""
        return _take(self.current, "reject_resumption_count")

    def take_live(self) -> LiveFaults:
        """Return the timed faults a newly set-up Live connection gets."""
        f = self.current
        go_away = f.go_away_after_s if f.go_away_after_s is not None else None
        if go_away is not None and not _take(f, "go_away_count"):
            go_away = None
        close = f.close_after_s
        if close is not None and not _take(f, "close_count"):
            close = None
        return LiveFaults(go_away, f.go_away_time_left_s, close)


def _take(faults: Faults, count_name: str) -> bool:
    count = getattr(faults, count_name)
    if count == UNLIMITED:
        return True
    if count <= 0:
        return False
    setattr(faults, count_name, count - 1)
    return True


def error_body(code: int, message: str | None = None, reason: str | None = None) -> dict:
    """Return Gemini's google.rpc.Status-style JSON error body for an HTTP status."""
    status, default_message = _STATUS.get(code, ("UNKNOWN", "Unknown error."))
    error: dict[str, Any] = {"code": code, "message": message or default_message, "status": status}
    if reason:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
                "metadata": {"service": "generativelanguage.googleapis.com"},
            },
            {
                "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                "locale": "en-US",
                "message": message or default_message,
            },
        ]
    elif code == 429:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [
                    {
                        "description": "Learn more about Gemini API quotas",
                        "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
                    }
                ],
            },
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"},
        ]
    return {"error": error}
