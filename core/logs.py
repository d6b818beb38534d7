"""Logging: a request id on HTTP lines, a connection id on live lines, JSON lines on request.

`SESAME_LOG_FORMAT=json` writes one JSON object per line (time, level, logger, message,
request_id / connection_id when known, exception). Nothing here ever adds a body, audio,
a picture, a key or a token: only the message the code wrote, which never holds them.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
connection_id: contextvars.ContextVar[str] = contextvars.ContextVar("connection_id", default="")


class ContextFilter(logging.Filter):
    """Put the current request id and connection id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.connection_id = connection_id.get()
        ids = [f"req={record.request_id}"] if record.request_id else []
        if record.connection_id:
            ids.append(f"conn={record.connection_id}")
        record.ids = (" " + " ".join(ids)) if ids else ""
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "connection_id"):
            if getattr(record, key, ""):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def config(*, fmt: str, level: str) -> dict:
    """Return the LOGGING setting for `fmt` ("plain" or "json") and the root `level`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "core.logs.ContextFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s%(ids)s %(message)s"},
            "json": {"()": "core.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if fmt == "json" else "plain",
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.channels.server": {"level": "WARNING"},
            # At DEBUG it writes every handshake header, the Gemini API key among them.
            "websockets.client": {"level": "INFO"},
        },
    }
