"""Log lines (plain and JSON, with ids) and the /metrics allow list."""

import json
import logging

from core import logs
from core.metrics import metrics_allowed


def record(message="GET /api/ 200", *args):
    return logging.LogRecord("core.metrics", logging.INFO, __file__, 1, message, args, None)


def test_json_lines_carry_the_request_and_connection_ids():
    """SESAME_LOG_FORMAT=json: one object per line, with the ids of the current context."""
    line = record()
    request_token = logs.request_id.set("req-1")
    connection_token = logs.connection_id.set("abcd1234")
    try:
        logs.ContextFilter().filter(line)
    finally:
        logs.request_id.reset(request_token)
        logs.connection_id.reset(connection_token)
    parsed = json.loads(logs.JsonFormatter().format(line))
    assert parsed["message"] == "GET /api/ 200" and parsed["level"] == "INFO"
    assert parsed["request_id"] == "req-1" and parsed["connection_id"] == "abcd1234"
    assert parsed["time"].endswith("Z")


def test_plain_lines_name_the_ids_only_when_known():
    """Plain lines: `req=` / `conn=` appear when set, nothing otherwise."""
    formatter = logging.Formatter(
        logs.config(fmt="plain", level="INFO")["formatters"]["plain"]["format"]
    )
    line = record()
    logs.ContextFilter().filter(line)
    assert "req=" not in formatter.format(line)
    token = logs.request_id.set("r2")
    try:
        line = record()
        logs.ContextFilter().filter(line)
    finally:
        logs.request_id.reset(token)
    assert "core.metrics req=r2 GET /api/ 200" in formatter.format(line)


def test_metrics_allow_list(settings):
    """Addresses and networks; anything else (or nothing) is refused."""
    settings.SESAME_METRICS_ALLOW = ["127.0.0.1", "::1", "10.0.0.0/8"]
    assert metrics_allowed("127.0.0.1") and metrics_allowed("::1") and metrics_allowed("10.2.3.4")
    assert not metrics_allowed("192.168.1.5")
    assert not metrics_allowed("") and not metrics_allowed(None) and not metrics_allowed("host")
