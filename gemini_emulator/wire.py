"""Wire-format helpers: mixed key casing, base64 alphabets, proto Durations, JSON frames."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

_CAMEL_HUMP = re.compile(r"(?<!^)(?=[A-Z])")
_URLSAFE_TO_STD = bytes.maketrans(b"-_", b"+/")


@lru_cache(maxsize=512)
def snake(name: str) -> str:
    """Return the snake_case spelling of a camelCase key."""
    return _CAMEL_HUMP.sub("_", name).lower()


def field(obj: Any, name: str, default: Any = None) -> Any:
    """Read `name` (camelCase) from a dict, accepting its snake_case spelling too."""
    if not isinstance(obj, dict):
        return default
    if name in obj:
        return obj[name]
    return obj.get(snake(name), default)


def has_field(obj: Any, name: str) -> bool:
    """Return whether a dict carries `name` in either spelling."""
    return isinstance(obj, dict) and (name in obj or snake(name) in obj)


def b64decode(data: str | bytes) -> bytes:
    """Decode standard or URL-safe base64, with or without padding."""
    raw = data.encode("ascii") if isinstance(data, str) else data
    raw = raw.translate(_URLSAFE_TO_STD).strip()
    missing = -len(raw) % 4
    if missing:
        raw += b"=" * missing
    try:
        return binascii.a2b_base64(raw)
    except binascii.Error as exc:
        raise ValueError("invalid base64 data") from exc


def b64encode(data: bytes) -> str:
    """Encode bytes as standard base64 text (what Google's servers send)."""
    return base64.b64encode(data).decode("ascii")


def duration(seconds: float) -> str:
    """Format seconds as a proto Duration JSON string such as "5s" or "1.5s"."""
    if float(seconds).is_integer():
        return f"{int(seconds)}s"
    return f"{seconds:.3f}".rstrip("0") + "s"


def dumps(message: dict) -> bytes:
    """Serialise a server message compactly, as UTF-8 bytes for a binary frame."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def mime_rate(mime_type: str, default: int) -> int:
    """Return the `rate=` parameter of an audio MIME type, or `default`."""
    for param in mime_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "rate" and value.strip().isdigit():
            return int(value)
    return default
