"""Django's middleware as thread-free subclasses: same behaviour, and still checked at deploy."""

import pytest

from core import checks


def test_deploy_check_notices_a_missing_stand_in(settings):
    """Without our CSRF middleware, the deploy check warns (Django's own W003 is silenced)."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("CsrfViewMiddleware")]
    warnings = checks.security_middleware_in_place(None)
    assert [w.id for w in warnings] == ["core.W001"] and "CsrfViewMiddleware" in warnings[0].msg
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "core.middleware.CsrfViewMiddleware"]
    assert checks.security_middleware_in_place(None) == []


def test_the_hooks_overridden_still_exist():
    """Each stand-in overrides hooks Django's class still has (pinned: a rename would show)."""
    from core import middleware

    for name in (
        "SecurityMiddleware",
        "CommonMiddleware",
        "SessionMiddleware",
        "MessageMiddleware",
    ):
        assert hasattr(getattr(middleware, name), "process_response")
    assert hasattr(middleware.CsrfViewMiddleware, "process_view")
    assert hasattr(middleware.LoginRequiredMiddleware, "process_view")


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_async_pages_keep_sessions_and_csrf(user):
    """Through the async chain: login sets a session, CSRF still guards a session's POST."""
    from django.test import AsyncClient

    client = AsyncClient(enforce_csrf_checks=True)
    page = await client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    refused = await client.post("/accounts/login/", {"username": "alice", "password": "x"})
    assert refused.status_code == 403
    response = await client.post(
        "/accounts/login/",
        {"username": "alice", "password": "s3same-pass!", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert "sessionid" in response.cookies
    for path in ("/", "/accounts/", "/accounts/login/", "/api/conversations/"):
        assert (await client.get(path)).status_code in (200, 302), path
    assert b"chat-page" in (await client.get("/")).content
