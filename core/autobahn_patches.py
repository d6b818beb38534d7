"""Every touch of autobahn's internals (Daphne's WebSocket engine), in one place; pinned.

A live call receives 50 microphone frames a second, and autobahn spends more on two chores
around each frame than on the frame itself:

1. It unmasks every client frame with a masker built for that frame through cffi
   (`XorMaskerNvx`: a C object with a gc hook, then two buffer copies per call). `XorMasker`
   does the same XOR with Python's integers (one C loop each way, no per-frame C object);
   `autobahn.websocket.protocol.create_xor_masker`, the one factory the protocol calls, makes it.
2. Its `dataReceived` formats a debug line's arguments (qualified names, the peer) on every
   read before the logger drops it. Daphne's protocol skips that unless debug logging is on.

`verify()` checks that every name relied on still exists; the test suite calls it, so an
autobahn upgrade that renames one fails loudly. Imported by asgi.py with the Daphne fixes.
"""

from __future__ import annotations

import autobahn
from autobahn.twisted.websocket import WebSocketAdapterProtocol
from autobahn.websocket import protocol
from daphne.ws_protocol import WebSocketProtocol

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
        size = len(data)
        shift = self._ptr & 3
        self._ptr += size
        mask = self._mask[shift:] + self._mask[:shift]
        key = int.from_bytes((mask * (size // 4 + 1))[:size], "little")
        return (int.from_bytes(data, "little") ^ key).to_bytes(size, "little")


def create_xor_masker(mask: bytes, length: int | None = None) -> XorMasker:
    """autobahn's masker factory, making the integer masker whatever the length."""
    return XorMasker(mask, length)


_original_data_received = WebSocketAdapterProtocol.dataReceived


def data_received(self, data: bytes) -> None:
    """autobahn's `dataReceived`, without formatting a debug line nobody logs."""
    if self.log._log_level in QUIET_LEVELS:
        self._dataReceived(data)
    else:
        _original_data_received(self, data)


def verify() -> list[str]:
    """Return what is missing of the autobahn internals patched here (empty: all there)."""
    missing = []
    if autobahn.__version__ != PINNED_VERSION:
        missing.append(f"autobahn {autobahn.__version__} (pinned {PINNED_VERSION})")
    if not callable(getattr(protocol, "create_xor_masker", None)):
        missing.append("autobahn.websocket.protocol.create_xor_masker")
    if not callable(getattr(WebSocketProtocol, "_dataReceived", None)):
        missing.append("WebSocketProtocol._dataReceived")
    if "_log_level" not in vars(WebSocketProtocol.log):
        missing.append("txaio Logger._log_level")
    return missing


_original_create_xor_masker = protocol.create_xor_masker
protocol.create_xor_masker = create_xor_masker
WebSocketProtocol.dataReceived = data_received  # Daphne's protocol only, not autobahn's base
