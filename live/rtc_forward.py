"""Trickled candidates for a call held by another process, forwarded over the channel layer.

A Pipecat call lives in the process that answered its offer, but its `PATCH`es may reach any
process behind the proxy. With a shared channel layer (`REDIS_URL`), each call listens on the
group `rtc-pc.<pc_id>`; a process that does not hold the call forwards the PATCH to that group
with a reply channel and answers with the owner's reply, or 404 when no owner answers in time.
Only control messages travel this way, never media.
"""

from __future__ import annotations

import asyncio
import logging

from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

REPLY_TIMEOUT_S = 1.5
MESSAGE_TYPE = "rtc.candidates"


def enabled() -> bool:
    """Whether calls may be held by other processes (a shared channel layer is configured)."""
    return bool(settings.REDIS_URL)


def group_name(pc_id: str) -> str:
    return f"rtc-pc.{pc_id}"


async def forward(pc_id: str, user_id: int, candidates: list[dict]) -> tuple[int, dict | None]:
    """Send a PATCH to the process holding `pc_id`; return (status, error body or None)."""
    layer = get_channel_layer()
    reply = await layer.new_channel()
    message = {
        "type": MESSAGE_TYPE,
        "user_id": user_id,
        "candidates": candidates,
        "reply_to": reply,
    }
    await layer.group_send(group_name(pc_id), message)
    try:
        async with asyncio.timeout(REPLY_TIMEOUT_S):
            answer = await layer.receive(reply)
    except TimeoutError:
        return 404, None
    return int(answer.get("status", 404)), answer.get("error")


async def subscribe(pc_id: str) -> tuple[str, str]:
    """Join the group of `pc_id` on a new channel; return (channel, group) for `serve`."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    group = group_name(pc_id)
    await layer.group_add(group, channel)
    return channel, group


async def serve(channel: str, group: str, handle) -> None:
    """Answer the PATCHes forwarded to `channel` with `handle(message) -> (status, error)`."""
    layer = get_channel_layer()
    try:
        while True:
            message = await layer.receive(channel)
            if message.get("type") != MESSAGE_TYPE or not message.get("reply_to"):
                continue
            status, error = await handle(message)
            await layer.send(
                message["reply_to"], {"type": "rtc.reply", "status": status, "error": error}
            )
    finally:
        await asyncio.shield(layer.group_discard(group, channel))
