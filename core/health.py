"""`GET /healthz` for load balancers and `GET /metrics`, answered before the rest of the chain.

They come first in the middleware so a probe by address (no allowed Host, plain HTTP behind a
TLS proxy) gets its answer rather than a 400 or a redirect, and so they cost one round trip
each: a query and a channel-layer message, each bounded by a short timeout.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse

from core import metrics

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 2.0
PATHS = ("/healthz", "/metrics")


def _query_database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # a probe's thread must not keep a connection


async def check_database() -> str:
    """Return "ok", or what went wrong with a query."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await sync_to_async(_query_database, thread_sensitive=False)()
    except TimeoutError:
        return "timeout"
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        logger.warning("health: database: %r", exc)
        return "unreachable"
    return "ok"


async def check_channel_layer() -> str:
    """Return "ok", or what went wrong with a message sent to ourselves and read back."""
    layer = get_channel_layer()
    if layer is None:
        return "not_configured"
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            # A plain channel of its own (no "!"): its read does not queue behind the
            # process-wide reader that channels_redis shares between the sockets.
            channel = f"sesame.healthz.{uuid.uuid4().hex}"
            await layer.send(channel, {"type": "healthz.ping"})
            message = await layer.receive(channel)
    except TimeoutError:
        return "timeout"
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        logger.warning("health: channel layer: %r", exc)
        return "unreachable"
    return "ok" if message.get("type") == "healthz.ping" else "wrong_answer"


async def healthz() -> JsonResponse:
    """Answer 200 when the database and the channel layer both answer, else 503 naming them."""
    database, channel_layer = await asyncio.gather(check_database(), check_channel_layer())
    healthy = database == "ok" and channel_layer == "ok"
    body = {"status": "ok" if healthy else "unavailable", "database": database}
    body["channel_layer"] = channel_layer
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


class OpsEndpointsMiddleware:
    """Serve /healthz and /metrics ahead of the host check, HTTPS redirect and login."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    async def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == "/healthz" and request.method in ("GET", "HEAD"):
            return await healthz()
        if path == "/metrics" and request.method in ("GET", "HEAD"):
            return metrics.metrics_response(request)
        return await self.get_response(request)
