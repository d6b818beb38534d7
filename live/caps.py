"""Per-user caps on live sessions, counted across every process through Redis.

A live session is pinned to the Daphne process holding its socket. Each process counts its own
sessions (`registry`, a `SessionRegistry`); with `REDIS_URL` set, `caps` (a `LiveCaps`) also
gives each open call a lease in Redis: a member of the user's sorted set, scored by when it
lapses. One task per process renews the process's leases every third of the lease time, so
the leases of a process that dies without a word lapse within `SESAME_LIVE_LEASE_SECONDS`
and stop counting. Redis' own clock decides (`TIME` inside the scripts), so the processes'
clocks need not agree.

Without `REDIS_URL` the per-process count is the cap. When Redis cannot be reached the cap
falls back to that count too: a call is never refused or ended because Redis is down, and its
lease is written again once Redis is back.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket

import redis.asyncio as aioredis
from django.conf import settings

from core import metrics

logger = logging.getLogger(__name__)


class SessionRegistry:
    """Count each user's open live sessions in this process."""

    def __init__(self):
        self._open: dict[int, set[str]] = {}

    def add(self, user_id: int, session_id: str, limit: int) -> bool:
        """Register a session unless the user already holds `limit`; return whether added."""
        sessions = self._open.setdefault(user_id, set())
        if len(sessions) >= limit:
            return False
        sessions.add(session_id)
        return True

    def remove(self, user_id: int, session_id: str) -> None:
        """Forget a session."""
        sessions = self._open.get(user_id)
        if sessions is not None:
            sessions.discard(session_id)
            if not sessions:
                del self._open[user_id]

    def count(self, user_id: int | None = None) -> int:
        """Return the user's open sessions (everyone's when `user_id` is None)."""
        if user_id is None:
            return sum(len(s) for s in self._open.values())
        return len(self._open.get(user_id, ()))


KEY_PREFIX = "sesame:live:"
REDIS_TIMEOUT_S = 1.0

# KEYS[1] the user's set; ARGV: member, limit, lease seconds. Returns 1 when held.
ACQUIRE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and
   redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], t + lease, ARGV[1])
redis.call('EXPIRE', KEYS[1], math.ceil(lease) * 2)
return 1
"""

# KEYS: the users' sets; ARGV[1] lease seconds, ARGV[i + 1] the member held in KEYS[i].
RENEW = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local lease = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, t + lease, ARGV[i + 1])
  redis.call('EXPIRE', key, math.ceil(lease) * 2)
end
return #KEYS
"""


def lease_key(user_id: int) -> str:
    """Return the Redis key of a user's leases."""
    return f"{KEY_PREFIX}{user_id}"


class LiveCaps:
    """Grant and release live-call slots: Redis leases when configured, else this process."""

    def __init__(self, local):
        self.local = local  # the per-process registry: always kept, the fallback and the gauge
        self.prefix = f"{socket.gethostname()}:{os.getpid()}:"
        self._held: dict[str, int] = {}  # member -> user id, this process's leases
        self._client: aioredis.Redis | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._renewer: asyncio.Task | None = None
        metrics.LIVE_SESSIONS.set_function(lambda: local.count())

    @property
    def shared(self) -> bool:
        """Whether calls are counted across processes (REDIS_URL is set)."""
        return bool(settings.REDIS_URL)

    async def acquire(self, user_id: int, session_id: str, limit: int) -> bool:
        """Take a slot for the session unless the user already holds `limit` anywhere."""
        if not self.local.add(user_id, session_id, limit):
            return False
        if not self.shared:
            return True
        member = self.prefix + session_id
        try:
            client = self._redis()
            async with asyncio.timeout(REDIS_TIMEOUT_S):
                granted = await client.eval(
                    ACQUIRE, 1, lease_key(user_id), member, limit, self._lease_seconds()
                )
        except Exception as exc:  # noqa: BLE001 - Redis down: this process's count decides
            logger.warning("live cap: Redis unreachable (%r); counting this process only", exc)
            granted = 1
        if not granted:
            self.local.remove(user_id, session_id)
            return False
        self._held[member] = user_id
        self._ensure_renewer()
        return True

    async def release(self, user_id: int, session_id: str) -> None:
        """Give the session's slot back (idempotent)."""
        self.local.remove(user_id, session_id)
        member = self.prefix + session_id
        if self._held.pop(member, None) is None:
            return
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_S):
                await self._redis().zrem(lease_key(user_id), member)
        except Exception as exc:  # noqa: BLE001 - the lease lapses by itself
            logger.warning("live cap: releasing a lease failed (%r); it lapses", exc)
        if not self._held and self._renewer is not None:
            self._renewer.cancel()
            self._renewer = None

    async def count(self, user_id: int) -> int:
        """Return the user's live calls on every process (this process's without Redis)."""
        if not self.shared:
            return self.local.count(user_id)
        client = self._redis()
        async with asyncio.timeout(REDIS_TIMEOUT_S):
            key = lease_key(user_id)
            now, _ = await client.time()
            return await client.zcount(key, f"({now}", "+inf")

    async def renew(self) -> None:
        """Push every lease this process holds forward by a lease time."""
        if not self._held:
            return
        members = list(self._held)
        keys = [lease_key(self._held[m]) for m in members]
        async with asyncio.timeout(REDIS_TIMEOUT_S):
            await self._redis().eval(RENEW, len(keys), *keys, self._lease_seconds(), *members)

    def _lease_seconds(self) -> int:
        return max(3, settings.SESAME_LIVE_LEASE_SECONDS)

    def _redis(self) -> aioredis.Redis:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = aioredis.from_url(
                settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_S
            )
            self._loop = loop
        return self._client

    def _ensure_renewer(self) -> None:
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.create_task(self._renew_forever(), name="live-caps-renew")

    async def _renew_forever(self) -> None:
        interval = self._lease_seconds() / 3
        while self._held:
            await asyncio.sleep(interval)
            try:
                await self.renew()
            except Exception as exc:  # noqa: BLE001 - keep trying: the leases come back
                logger.warning("live cap: renewing %d leases failed: %r", len(self._held), exc)


registry = SessionRegistry()
caps = LiveCaps(registry)
