"""WebSocket handshake security: Origin validation and `Authorization: Token` auth."""

from urllib.parse import urlparse

from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from core import metrics


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value
    return None


@database_sync_to_async
def _user_for_token(key: str):
    from rest_framework.authtoken.models import Token

    try:
        token = Token.objects.select_related("user").get(key=key)
    except Token.DoesNotExist:
        return None
    return token.user if token.user.is_active else None


class TokenAuthMiddleware:
    """Authenticate a socket by `Authorization: Token <key>` when the session did not."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        header = _header(scope, b"authorization")
        if header:
            kind, _, key = header.decode("latin-1").partition(" ")
            if kind.lower() == "token" and key.strip():
                user = await _user_for_token(key.strip())
                scope = dict(scope, user=user or AnonymousUser())
        return await self.inner(scope, receive, send)


class SesameOriginValidator(OriginValidator):
    """Refuse a browser Origin not in ALLOWED_HOSTS; allow no Origin only for token clients.

    Browsers always send Origin on a WebSocket handshake, so a missing Origin means a program,
    which must then authenticate with a token rather than a cookie it could have been lent.
    """

    async def __call__(self, scope, receive, send):
        if _header(scope, b"origin") is None and _header(scope, b"authorization"):
            return await self.application(scope, receive, send)
        return await super().__call__(scope, receive, send)

    def valid_origin(self, parsed_origin) -> bool:
        valid = super().valid_origin(parsed_origin)
        if not valid:
            metrics.SOCKETS_REFUSED.labels(reason="bad_origin").inc()
        return valid


def origin_validator(application):
    """Wrap an application with the Origin check against ALLOWED_HOSTS."""
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = ["localhost", "127.0.0.1", "[::1]"]
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        hosts.append(urlparse(origin).hostname or origin)
    return SesameOriginValidator(application, hosts)
