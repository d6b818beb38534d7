"""The app's one Gemini client layer: build `google.genai` clients for Google or a stand-in."""

from __future__ import annotations

import logging
import ssl
import threading

from google import genai
from google.genai import types

logger = logging.getLogger(__name__)

OFFLINE_API_KEY = "offline-emulator"

# The SDK closes a client in __del__, so the shared client lives here for the process.
_client: genai.Client | None = None
_client_lock = threading.Lock()


def build_client(
    *, api_key: str, base_url: str | None = None, ca_file: str | None = None
) -> genai.Client:
    """Build a Gemini client for `base_url`, trusting `ca_file` for REST and Live TLS."""
    options: dict = {}
    if base_url:
        options["base_url"] = base_url
    if ca_file:
        # One context for every transport: httpx ("verify"), aiohttp and the Live
        # websocket ("ssl"). The SDK filters out the keys each transport does not take.
        context = ssl.create_default_context(cafile=ca_file)
        options["client_args"] = {"verify": context}
        options["async_client_args"] = {"ssl": context, "verify": context}
    http_options = types.HttpOptions(**options) if options else None
    return genai.Client(api_key=api_key or OFFLINE_API_KEY, http_options=http_options)


def get_client() -> genai.Client:
    """Return the process-wide client built once from the GEMINI_* Django settings."""
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                from django.conf import settings

                _client = build_client(
                    api_key=getattr(settings, "GEMINI_API_KEY", "") or OFFLINE_API_KEY,
                    base_url=getattr(settings, "GEMINI_BASE_URL", None) or None,
                    ca_file=getattr(settings, "GEMINI_CA_FILE", None) or None,
                )
    return _client


def reset_client() -> None:
    """Forget the shared client so the next get_client() reads the settings again."""
    global _client
    with _client_lock:
        _client = None
