"""Prometheus metrics of this process, `GET /metrics`, and the per-request middleware.

Each Daphne process serves its own numbers (scrape every process, e.g. each replica's
address); `/metrics` answers only the addresses in `SESAME_METRICS_ALLOW`, 404 to others.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
import threading
import time
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from core import logs
from core.errors import error_body

logger = logging.getLogger(__name__)

LIVE_SESSIONS = Gauge("sesame_live_sessions", "Live calls open in this process.")
HTTP_TURNS = Counter("sesame_http_turns", "Typed turns answered over HTTP, by outcome.", ["status"])
LIVE_TURNS = Counter("sesame_live_turns", "Turns stored by live calls, by outcome.", ["status"])
GEMINI_ERRORS = Counter(
    "sesame_gemini_errors", "Errors from Gemini, by kind and path.", ["kind", "path"]
)
LIVE_RECONNECTS = Counter(
    "sesame_live_reconnects",
    "Gemini connections replaced mid-call: go_away (a rotation) or lost (a reconnect).",
    ["reason"],
)
SOCKETS_REFUSED = Counter("sesame_sockets_refused", "WebSockets refused, by reason.", ["reason"])
EVENTS_SOCKETS = Gauge("sesame_events_sockets", "Open /ws/events/ sockets in this process.")
RTC_PEERS = Gauge("sesame_rtc_peer_connections", "WebRTC peer connections open in this process.")
THREADS = Gauge("sesame_threads", "Threads alive in this process.")
THREADS.set_function(threading.active_count)
TASKS = Gauge("sesame_event_loop_tasks", "Tasks alive on this process's event loop.")


def _loop_tasks() -> float:
    try:
        return len(asyncio.all_tasks())  # /metrics is rendered on the event loop
    except RuntimeError:  # rendered outside a running loop (a sync caller)
        return float("nan")


TASKS.set_function(_loop_tasks)
REQUEST_SECONDS = Histogram(
    "sesame_http_request_duration_seconds",
    "Time to the response's start, by route and method (streams: to the first byte).",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def metrics_allowed(address: str | None) -> bool:
    """Return whether `address` is in SESAME_METRICS_ALLOW (addresses or networks)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.SESAME_METRICS_ALLOW:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            logger.warning("SESAME_METRICS_ALLOW: %r is not an address or network", entry)
    return False


def metrics_response(request) -> HttpResponse:
    """Render this process's metrics, or 404 for an address not allowed."""
    if not metrics_allowed(request.META.get("REMOTE_ADDR")):
        body = error_body("not_found", "Not found.")
        return HttpResponse(json.dumps(body), status=404, content_type="application/json")
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware:
    """Give each request an id (kept in logs and echoed), time it, and log one line."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        token, started = self._begin(request)
        try:
            return self._end(request, self.get_response(request), started)
        finally:
            logs.request_id.reset(token)

    async def __acall__(self, request):
        token, started = self._begin(request)
        try:
            return self._end(request, await self.get_response(request), started)
        finally:
            logs.request_id.reset(token)

    @staticmethod
    def _begin(request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        return logs.request_id.set(request.request_id), time.perf_counter()

    @staticmethod
    def _end(request, response, started: float):
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None and match.route else "unmatched"
        REQUEST_SECONDS.labels(route=route, method=request.method).observe(elapsed)
        response[REQUEST_ID_HEADER] = request.request_id
        logger.info(
            "%s %s %s %.1fms", request.method, request.path, response.status_code, elapsed * 1000
        )
        return response
