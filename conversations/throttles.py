"""Per-user turn limits shared by every way of taking a turn (HTTP, live sockets, WebRTC)."""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class TurnThrottle(UserRateThrottle):
    """Limit each user's turns to SESAME_TURN_RATE (read per request, so tests can change it)."""

    scope = "turns"

    def get_rate(self):
        return settings.SESAME_TURN_RATE


def turn_throttle_wait(user) -> float | None:
    """Count one turn for `user`; return the seconds to wait if over the rate, else None.

    Sync (the cache may be Redis): call it from async code through `sync_to_async`. It is the
    same counter as the HTTP turn endpoint's, so a user's turns are limited across transports.
    """
    throttle = TurnThrottle()
    if throttle.allow_request(SimpleNamespace(user=user), None):
        return None
    return throttle.wait() or 1.0
