"""Socket handshakes: the exact Origin check, token-only skipping, unknown paths refused."""

import pytest
from channels.testing import WebsocketCommunicator

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

HOST = b"127.0.0.1:8000"


@pytest.fixture
def conversation(user):
    from conversations import services

    return services.conversation_create(owner=user, title="Origin test")


@pytest.fixture
def cookie(user, client):
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
def token(user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=user).key


async def handshake(path: str, headers: list[tuple[bytes, bytes]]) -> bool:
    """Open a socket through the project's ASGI application; return whether it was accepted."""
    from sesame_site.asgi import application

    communicator = WebsocketCommunicator(application, path, headers=[(b"host", HOST), *headers])
    connected, _ = await communicator.connect(timeout=5)
    await communicator.disconnect()
    return connected


@pytest.mark.parametrize(
    ("origin", "accepted"),
    [
        (b"http://127.0.0.1:8000", True),  # the page's own origin
        (b"https://sesame.example.com", True),  # a trusted origin
        (b"http://127.0.0.1:6666", False),  # same host, another port
        (b"https://127.0.0.1:8000", False),  # same host and port, another scheme
        (b"https://localhost", False),  # an allowed host name, but not this origin
        (b"http://sesame.example.com", False),  # a trusted host over the wrong scheme
        (b"https://sesame.example.com:8443", False),
        (b"null", False),
    ],
)
async def test_cookie_sockets_need_the_exact_origin(
    origin, accepted, conversation, cookie, settings
):
    """Scheme, host and port must match the page's own origin or a trusted one."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://sesame.example.com"]
    path = f"/ws/live/{conversation.id}/"
    assert await handshake(path, [(b"origin", origin), (b"cookie", cookie)]) is accepted


@pytest.mark.parametrize(
    "authorization", [b"Basic YWxpY2U6czNzYW1lLXBhc3Mh", b"Token ", b"Token " + b"0" * 40, b"x"]
)
async def test_an_invalid_authorization_header_never_falls_back_to_the_cookie(
    authorization, conversation, cookie
):
    """Without an Origin, a header that is not a valid token is refused, cookie or not."""
    path = f"/ws/live/{conversation.id}/"
    assert not await handshake(path, [(b"authorization", authorization), (b"cookie", cookie)])


async def test_a_valid_token_without_origin_is_accepted(conversation, token):
    """Programs send no Origin: a valid token is enough."""
    path = f"/ws/live/{conversation.id}/"
    assert await handshake(path, [(b"authorization", f"Token {token}".encode())])


async def test_a_cookie_without_origin_is_refused(conversation, cookie):
    """A cookie alone, without an Origin, could be anyone's borrowed cookie: refused."""
    assert not await handshake(f"/ws/live/{conversation.id}/", [(b"cookie", cookie)])


async def test_unknown_socket_paths_are_refused_at_the_handshake(token, caplog):
    """An unknown /ws/ path is a refused handshake, not a 500 with a traceback."""
    auth = [(b"authorization", f"Token {token}".encode())]
    for path in ("/ws/nothing/", "/ws/live/not-a-uuid/", "/elsewhere/"):
        assert not await handshake(path, auth)
        assert not await handshake(path, [(b"origin", b"http://127.0.0.1:8000")])
    assert "Traceback" not in caplog.text and "No route found" not in caplog.text
