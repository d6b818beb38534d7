"""The live-call cap: per process without Redis, shared leases with Redis, fallback when down."""

from __future__ import annotations

import pytest

from bench._common import free_port
from live.caps import LiveCaps, SessionRegistry, lease_key

pytestmark = pytest.mark.asyncio


async def test_without_redis_the_process_count_is_the_cap(settings):
    """No REDIS_URL: two slots, the third refused, a release frees one."""
    settings.REDIS_URL = ""
    caps = LiveCaps(SessionRegistry())
    assert await caps.acquire(7, "a", 2) and await caps.acquire(7, "b", 2)
    assert not await caps.acquire(7, "c", 2)
    await caps.release(7, "a")
    assert await caps.acquire(7, "c", 2)
    assert await caps.count(7) == 2


async def test_an_unreachable_redis_falls_back_to_the_process_count(settings):
    """Redis down: calls are still admitted up to the cap counted here, never refused for it."""
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    caps = LiveCaps(SessionRegistry())
    assert await caps.acquire(8, "a", 1)
    assert not await caps.acquire(8, "b", 1)
    await caps.release(8, "a")
    assert caps.local.count(8) == 0


@pytest.mark.services
async def test_two_processes_share_the_cap_through_redis(settings):
    """Two LiveCaps (as two processes) on one Redis: the user's second call anywhere is refused."""
    import redis.asyncio as aioredis

    client = aioredis.from_url(settings.REDIS_URL)
    await client.delete(lease_key(9))
    one, two = LiveCaps(SessionRegistry()), LiveCaps(SessionRegistry())
    two.prefix = "other-host:1:"
    assert await one.acquire(9, "a", 1)
    assert not await two.acquire(9, "b", 1)
    assert await two.count(9) == 1
    await one.release(9, "a")
    assert await two.acquire(9, "b", 1)
    await two.release(9, "b")
    assert await client.zcard(lease_key(9)) == 0
    await client.aclose()
