"""WebSocket handshake security: `Authorization: Token` auth, an exact Origin check, 403s.

The stack (see sesame_site/asgi.py) is Channels' `AuthMiddlewareStack` (with a session middleware
that leaves `send` alone) around `TokenAuthMiddleware(OriginCheck(URLRouter(...)))`: the
session cookie gives a user, a token header replaces it,
then the Origin is checked exactly (scheme, host, port). Browsers always send an Origin on a
WebSocket handshake, so a handshake without one is a program, which passes only with a *valid*
token (a page on another site can borrow the cookie, never the token: it cannot set headers).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, InstanceSessionWrapper
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import split_domain_port, validate_host

from core import metrics

logger = logging.getLogger(__name__)

TOKEN_AUTH = "sesame.token_auth"  # scope key: True when a valid token authenticated the socket
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value
    return None


@database_sync_to_async
def _user_for_token(key: str):
    from core.tokens import token_user

    return token_user(key)


class TokenAuthMiddleware:
    """Authenticate a socket by `Authorization: Token <key>`.

    Any Authorization header decides alone: a valid token gives its user (and skips the Origin
    check); anything else (another scheme, an empty or unknown key) leaves the socket
    anonymous, never falling back to the session cookie.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        header = _header(scope, b"authorization")
        if header is not None:
            kind, _, key = header.decode("latin-1").partition(" ")
            key = key.strip()
            user = await _user_for_token(key) if kind.lower() == "token" and key else None
            scope = dict(scope, user=user or AnonymousUser(), **{TOKEN_AUTH: user is not None})
        return await self.inner(scope, receive, send)


def origin_tuple(origin: str) -> tuple[str, str, int] | None:
    """Return (scheme, host, port) of an origin, the port filled in; None if malformed."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def _allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = [".localhost", "127.0.0.1", "[::1]"]
    return hosts


def _is_secure(scope) -> bool:
    if scope.get("scheme") in ("wss", "https"):
        return True
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        header = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode()
        value = _header(scope, header)
        return value is not None and value.decode("latin-1").strip() == proxy[1]
    return False


def own_origin(scope) -> tuple[str, str, int] | None:
    """Return the socket's own origin (its scheme and Host), if the Host is an allowed one."""
    host = (_header(scope, b"host") or b"").decode("latin-1")
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, _allowed_hosts()):
        return None
    return origin_tuple(f"{'https' if _is_secure(scope) else 'http'}://{host}")


def origin_allowed(scope) -> bool:
    """Whether the handshake's Origin is its own or one of DJANGO_CSRF_TRUSTED_ORIGINS exactly."""
    header = _header(scope, b"origin")
    origin = origin_tuple(header.decode("latin-1")) if header else None
    if origin is None:
        return False
    if origin == own_origin(scope):
        return True
    return any(origin == origin_tuple(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS)


async def refuse(scope, receive, send) -> None:
    """Refuse a WebSocket handshake (Daphne answers HTTP 403)."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close"})


class OriginCheck:
    """Refuse a handshake from another origin; without an Origin, only a valid token passes."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if _header(scope, b"origin") is None:
            allowed = bool(scope.get(TOKEN_AUTH))
        else:
            allowed = origin_allowed(scope)
        if allowed:
            return await self.inner(scope, receive, send)
        logger.info("socket refused: origin %r not allowed", _header(scope, b"origin"))
        metrics.SOCKETS_REFUSED.labels(reason="bad_origin").inc()
        return await refuse(scope, receive, send)


def unknown_path(scope, receive, send):
    """The last WebSocket route: refuse any other path at the handshake, without a traceback."""
    return refuse(scope, receive, send)


class SocketSessionMiddleware:
    """Channels' `SessionMiddleware` for sockets: the session in the scope, `send` left alone.

    Channels' version wraps `send` to save the session and set its cookie on
    `http.response.start`, a message a socket never sends; on a live call that wrapper still
    inspected the lazy session on every one of the dozens of frames a second sent.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        wrapper = InstanceSessionWrapper(scope, send)
        await wrapper.resolve_session()
        return await self.inner(wrapper.scope, receive, send)


def websocket_stack(router):
    """Wrap the socket routes with authentication (cookie, then token) and the Origin check:
    Channels' `AuthMiddlewareStack`, with the socket session middleware."""
    return CookieMiddleware(
        SocketSessionMiddleware(AuthMiddleware(TokenAuthMiddleware(OriginCheck(router))))
    )
