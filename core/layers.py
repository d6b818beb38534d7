"""A Redis channel layer whose `receive` outlives a Redis restart.

Channels' pump ends a consumer when a receive raises. Live calls listen on the layer only for
rare control events, so a Redis restart must not end them: `receive` waits and tries again,
and once Redis answers it joins again the groups the channel had joined (a restarted Redis
has forgotten them).
"""

from __future__ import annotations

import asyncio
import logging

from channels_redis.core import RedisChannelLayer
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_S = 1.0


class ResilientRedisChannelLayer(RedisChannelLayer):
    """`RedisChannelLayer`, with a receive that retries and rejoins its channel's groups."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._groups: dict[str, set[str]] = {}  # channel -> groups it joined through us

    async def group_add(self, group: str, channel: str) -> None:
        self._groups.setdefault(channel, set()).add(group)  # kept even if Redis is down now
        await super().group_add(group, channel)

    async def group_discard(self, group: str, channel: str) -> None:
        groups = self._groups.get(channel)
        if groups is not None:
            groups.discard(group)
            if not groups:
                del self._groups[channel]
        await super().group_discard(group, channel)

    async def receive(self, channel: str) -> dict:
        failed = False
        while True:
            try:
                if failed:
                    await self._rejoin(channel)
                return await super().receive(channel)
            except (RedisError, OSError, TimeoutError) as exc:
                if not failed:
                    logger.warning("channel layer: %r; retrying every %.0f s", exc, RETRY_S)
                failed = True
                await asyncio.sleep(RETRY_S)

    async def _rejoin(self, channel: str) -> None:
        for group in list(self._groups.get(channel, ())):
            await super().group_add(group, channel)
