"""Sign-in attempts limited per username and per client address, with a growing lockout.

Counted in Django's cache (Redis when REDIS_URL is set, so every process shares the counts;
local memory otherwise). Every attempt is counted *before* the password is checked, with the
cache's atomic increment, so concurrent guesses cannot slip past the limit; a successful
sign-in gives the username back its attempts. Past the limit a key is locked out, for longer
each time it is locked again within a day; while locked, even the right password is refused
without being checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

STRIKES_TTL_S = 24 * 3600  # lockouts keep growing while they follow each other within a day
SIGNUP_REFUSED = "Too many new accounts from your address. Try again in %d seconds."


class SignInLocked(Exception):
    """Too many attempts: retry after `wait` seconds."""

    def __init__(self, wait: int):
        super().__init__(f"Too many sign-in attempts. Try again in {wait} seconds.")
        self.wait = wait


@dataclass(frozen=True)
class _Key:
    name: str
    limit: int


def client_address(request) -> str:
    """Return the client address as DRF's throttles see it (REST_FRAMEWORK NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)


def _keys(request, username: str) -> list[_Key]:
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return [
        _Key(f"signin:user:{name}", settings.SESAME_SIGNIN_FAILURES_PER_USER),
        _Key(f"signin:addr:{client_address(request)}", settings.SESAME_SIGNIN_FAILURES_PER_ADDRESS),
    ]


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def _lock(key: _Key, now: float) -> int:
    """Lock a key for the base lockout, doubled at each lockout within a day; return it."""
    strikes = _count(f"{key.name}:strikes", STRIKES_TTL_S)
    seconds = min(
        settings.SESAME_SIGNIN_LOCKOUT_SECONDS * 2 ** (strikes - 1),
        settings.SESAME_SIGNIN_LOCKOUT_MAX_SECONDS,
    )
    cache.set(f"{key.name}:until", now + seconds, seconds + 1)
    cache.delete(f"{key.name}:n")
    return seconds


def attempt(request, username: str) -> None:
    """Count a sign-in attempt for `username` from this client; raise SignInLocked if over."""
    now = time.time()
    keys = _keys(request, username)
    locks = cache.get_many([f"{key.name}:until" for key in keys])
    wait = max((until - now for until in locks.values()), default=0)
    if wait > 0:
        raise SignInLocked(math.ceil(wait))
    window = settings.SESAME_SIGNIN_WINDOW_SECONDS
    for key in keys:
        if _count(f"{key.name}:n", window) > key.limit:
            raise SignInLocked(_lock(key, now))


def succeeded(request, username: str) -> None:
    """Forget the username's attempts and lockouts; give the address its attempt back."""
    user_key, address_key = _keys(request, username)
    cache.delete_many([f"{user_key.name}:n", f"{user_key.name}:strikes"])
    with contextlib.suppress(ValueError):
        cache.decr(f"{address_key.name}:n")


class SignUpThrottle(SimpleRateThrottle):
    """Limit new accounts per client address to SESAME_SIGNUP_RATE."""

    scope = "signup"

    def get_rate(self):
        return settings.SESAME_SIGNUP_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def signup_wait(request) -> int | None:
    """Count one sign-up from this address; return the seconds to wait if over the rate."""
    throttle = SignUpThrottle()
    if throttle.allow_request(request, None):
        return None
    return math.ceil(throttle.wait() or 1)
