"""Every touch of autobahn's internals (Daphne's WebSocket engine), in one place; pinned.

A live call receives 50 microphone frames a second, and autobahn spends more on two chores
around each frame than on the frame itself:

1. It unmasks every client frame with a masker built for that frame through cffi
   (`XorMaskerNvx`: a C object with a gc hook, then two buffer copies per call). `XorMasker`
   does the same XOR with the C function `websockets` uses (one call, no per-frame C object);
   `autobahn.websocket.protocol.create_xor_masker`, the one factory the protocol calls, makes it.
2. Its `dataReceived` formats a debug line's arguments (qualified names, the peer) on every
   read before the logger drops it. Daphne's protocol skips that unless debug logging is on.
3. Its `onMessageEnd` fires a "message" event for observers after handing the message to Daphne,
   which, with no observer registered (Daphne registers none), makes a resolved Deferred and
   an errback on it per message. Daphne's protocol skips that when nobody observes.

`verify()` checks that every name relied on still exists; the test suite calls it, so an
autobahn upgrade that renames one fails loudly. Imported by asgi.py with the Daphne fixes.
"""

from __future__ import annotations

import autobahn
from autobahn.twisted.websocket import WebSocketAdapterProtocol
from autobahn.util import ObservableMixin
from autobahn.websocket import protocol
from daphne.ws_protocol import WebSocketProtocol

try:  # the C unmasking `websockets` (pinned) uses for the Gemini connections
    from websockets.speedups import apply_mask
except ImportError:  # pragma: no cover - a build without the C extension
    from websockets.utils import apply_mask

PINNED_VERSION = "26.10.2"
QUIET_LEVELS = ("none", "critical", "error", "warn", "info")  # levels that drop debug lines


class XorMasker:
    """Unmask (or mask) a frame's payload, in as many pieces as it arrives."""

    __slots__ = ("_mask", "_ptr")

    def __init__(self, mask: bytes, length: int | None = None):
        self._mask = bytes(mask)
        self._ptr = 0

    def pointer(self) -> int:
        return self._ptr

    def reset(self) -> None:
        self._ptr = 0

    def process(self, data: bytes) -> bytes:
        shift = self._ptr & 3
        self._ptr += len(data)
        return apply_mask(data, self._mask[shift:] + self._mask[:shift] if shift else self._mask)


def create_xor_masker(mask: bytes, length: int | None = None) -> XorMasker:
    """autobahn's masker factory, making `XorMasker` whatever the length."""
    return XorMasker(mask, length)


_original_data_received = WebSocketAdapterProtocol.dataReceived


def data_received(self, data: bytes) -> None:
    """autobahn's `dataReceived`, without formatting a debug line nobody logs."""
    if self.log._log_level in QUIET_LEVELS:
        self._dataReceived(data)
    else:
        _original_data_received(self, data)


_original_on_message_end = protocol.WebSocketProtocol.onMessageEnd
ON_MESSAGE_END_NAMES = {"failedByMe", "message_data", "trackedTimings", "_onMessage", "fire"}


def on_message_end(self) -> None:
    """autobahn's `onMessageEnd`, without firing the "message" event when nobody observes."""
    if self._listeners is not None or self.failedByMe or self.trackedTimings:
        _original_on_message_end(self)
        return
    self._onMessage(b"".join(self.message_data), self.message_is_binary)
    self.message_data = None


def verify() -> list[str]:
    """Return what is missing of the autobahn internals patched here (empty: all there)."""
    missing = []
    if autobahn.__version__ != PINNED_VERSION:
        missing.append(f"autobahn {autobahn.__version__} (pinned {PINNED_VERSION})")
    if not callable(getattr(protocol, "create_xor_masker", None)):
        missing.append("autobahn.websocket.protocol.create_xor_masker")
    if not callable(getattr(WebSocketProtocol, "_dataReceived", None)):
        missing.append("WebSocketProtocol._dataReceived")
    if not set(_original_on_message_end.__code__.co_names) >= ON_MESSAGE_END_NAMES:
        missing.append("what WebSocketProtocol.onMessageEnd reads")
    if _inherited != (_original_data_received, _original_on_message_end):
        missing.append("Daphne's protocol overrides dataReceived or onMessageEnd")
    if "_listeners" not in vars(ObservableMixin):
        missing.append("ObservableMixin._listeners")
    if "_log_level" not in vars(WebSocketProtocol.log):
        missing.append("txaio Logger._log_level")
    return missing


# What Daphne's protocol inherited before the patches (verify() checks it was autobahn's own).
_inherited = (WebSocketProtocol.dataReceived, WebSocketProtocol.onMessageEnd)
_original_create_xor_masker = protocol.create_xor_masker
protocol.create_xor_masker = create_xor_masker
WebSocketProtocol.dataReceived = data_received  # Daphne's protocol only, not autobahn's base
WebSocketProtocol.onMessageEnd = on_message_end
