"""One streamed reply from Gemini for an HTTP turn, and its errors in the app's vocabulary.

Nothing here touches the ORM: the streaming is pure asyncio on `client.aio`, so no thread and
no database connection waits on Gemini.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import time
from collections.abc import AsyncIterator

import aiohttp
from django.conf import settings
from django.db import connection
from google.genai import errors as genai_errors
from google.genai import types

from core import gemini as gemini_client
from core import genai_wire
from core.errors import SesameError

logger = logging.getLogger(__name__)

# The longest silence tolerated from Gemini, before the first chunk or between two chunks.
IDLE_TIMEOUT_S = 120.0
# No SDK-level retries (and none of its implicit 1-10 s sleeps): the user has a retry button.
NO_RETRY = types.HttpOptions(retry_options=types.HttpRetryOptions(attempts=1))
_FINISHED_OK = {"STOP", "MAX_TOKENS"}


class UpstreamError(SesameError):
    """Gemini refused, failed or broke off; the status says how (429, 502, 503, 504)."""


def upstream_error(exc: BaseException) -> UpstreamError:
    """Translate what went wrong on the way to Gemini into the app's error vocabulary."""
    if isinstance(exc, UpstreamError):
        return exc
    if isinstance(exc, genai_errors.APIError):
        if exc.code == 429:
            return UpstreamError(
                "Gemini is rate-limiting requests right now; try again in a moment.",
                code="upstream_rate_limited",
                status=429,
                retry_after=_retry_delay(exc),
            )
        if exc.code == 503:
            return UpstreamError(
                "Gemini is overloaded or unavailable right now; try again in a moment.",
                code="upstream_unavailable",
                status=503,
            )
        if exc.code == 504:
            return UpstreamError(
                "Gemini took too long to answer.", code="upstream_timeout", status=504
            )
        return UpstreamError(
            f"Gemini could not answer ({exc.code} {exc.status or 'error'}).",
            code="upstream_error",
            status=502,
        )
    if isinstance(exc, TimeoutError):
        return UpstreamError(
            "Gemini stopped answering in time.", code="upstream_timeout", status=504
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        return UpstreamError(
            "Gemini cannot be reached right now.", code="upstream_unavailable", status=503
        )
    logger.warning("Gemini stream failed: %s: %s", type(exc).__name__, exc)
    return UpstreamError(
        "The connection to Gemini broke before the reply was complete.",
        code="upstream_error",
        status=502,
    )


def _retry_delay(exc: genai_errors.APIError) -> int | None:
    """Return Gemini's RetryInfo delay in whole seconds, when it sent one."""
    details = (exc.details or {}).get("error", {}).get("details", [])
    for detail in details if isinstance(details, list) else []:
        delay = detail.get("retryDelay") if isinstance(detail, dict) else None
        match = re.fullmatch(r"(\d+(?:\.\d+)?)s", str(delay or ""))
        if match:
            return max(1, round(float(match.group(1))))
    return None


# --- one streamed reply ----------------------------------------------------------------------


class Reply:
    """One reply streamed from Gemini: iterate `deltas()`, then read text and metadata.

    `contents` are REST wire contents (`conversations.history.contents`); the request goes
    through `core.genai_wire`, on google-genai's transport without its pydantic layer.
    """

    def __init__(self, contents: list[dict], *, model: str | None = None):
        self.contents = contents
        self.model = model or settings.GEMINI_TEXT_MODEL
        self.pieces: list[str] = []
        self.usage: dict | None = None
        self.model_version: str | None = None
        self.finish_reason: str | None = None
        self._started = time.monotonic()
        self._first_at: float | None = None
        self._ended_at: float | None = None

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    async def deltas(self) -> AsyncIterator[str]:
        """Yield the reply's text as it arrives; raise UpstreamError when Gemini fails."""
        body = genai_wire.request_body(
            self.contents, system_instruction=settings.SESAME_SYSTEM_INSTRUCTION
        )
        self._started = time.monotonic()
        stream = genai_wire.stream_generate(
            gemini_client.get_client(), model=self.model, body=body, http_options=NO_RETRY
        )
        try:
            while True:
                async with asyncio.timeout(IDLE_TIMEOUT_S):
                    chunk = await anext(stream, None)
                if chunk is None:
                    break
                delta = self._absorb(chunk)
                if delta:
                    yield delta
        except (asyncio.CancelledError, GeneratorExit):
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes an UpstreamError
            raise upstream_error(exc) from exc
        finally:
            self._ended_at = time.monotonic()
            await stream.aclose()
        self._check_finished()

    def _absorb(self, chunk: dict) -> str:
        """Record one chunk's usage and finish reason; return its visible text."""
        self.model_version = chunk.get("modelVersion") or self.model_version
        self.usage = chunk.get("usageMetadata") or self.usage
        block_reason = (chunk.get("promptFeedback") or {}).get("blockReason")
        if block_reason:
            self.finish_reason = str(block_reason)
        for candidate in chunk.get("candidates") or ():
            if candidate.get("finishReason"):
                self.finish_reason = str(candidate["finishReason"])
        text = genai_wire.chunk_text(chunk)
        if text:
            self._first_at = self._first_at or time.monotonic()
            self.pieces.append(text)
        return text

    def _check_finished(self) -> None:
        if self.finish_reason is None:
            raise UpstreamError(
                "The connection to Gemini broke before the reply was complete.",
                code="upstream_error",
                status=502,
            )
        if self.finish_reason not in _FINISHED_OK and not self.text:
            raise UpstreamError(
                f"Gemini declined to answer ({self.finish_reason}).",
                code="upstream_blocked",
                status=502,
            )

    def metadata(self, error: SesameError | None = None) -> dict:
        """Return what is stored beside the reply: model, token usage, latency, error."""
        end = self._ended_at or time.monotonic()
        data: dict = {
            "model": self.model_version or self.model,
            "latency_ms": round((end - self._started) * 1000),
            "finish_reason": self.finish_reason,
        }
        if self._first_at is not None:
            data["first_token_ms"] = round((self._first_at - self._started) * 1000)
        if self.usage is not None:
            data["usage"] = {
                "prompt_tokens": self.usage.get("promptTokenCount"),
                "output_tokens": self.usage.get("candidatesTokenCount"),
                "thinking_tokens": self.usage.get("thoughtsTokenCount"),
                "total_tokens": self.usage.get("totalTokenCount"),
            }
        if error is not None:
            data["error"] = {"code": error.code, "message": error.message}
        return data


def release_connection() -> None:
    """Give this thread's database connection back before a wait on Gemini.

    No transaction is ever open here (services commit before returning). A server database's
    connection is closed, whatever CONN_MAX_AGE, so waiting turns hold no connection slot. An
    SQLite connection is only a file handle that holds no lock outside a transaction, and
    closing the last one forces a WAL checkpoint, so it is kept until the request ends.
    Inside a test's transaction nothing is closed.
    """
    if connection.in_atomic_block:
        return
    if connection.vendor == "sqlite":
        assert connection.get_autocommit(), "no transaction may stay open across a Gemini call"
        return
    connection.close()


_background: set[asyncio.Task] = set()


def spawn(coro, *, name: str) -> asyncio.Task:
    """Run a coroutine beyond the request that started it; the module owns the task."""
    # A fresh context: the finished request's thread-sensitive executor must not be reused.
    task = asyncio.get_running_loop().create_task(coro, name=name, context=contextvars.Context())
    _background.add(task)
    task.add_done_callback(_background_done)
    return task


def _background_done(task: asyncio.Task) -> None:
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("background task %s failed", task.get_name(), exc_info=task.exception())
