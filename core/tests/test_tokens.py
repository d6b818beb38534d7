"""API tokens: revoked with DELETE, rotated by a password change, shown on the account page."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def token_for(username="alice", password="s3same-pass!") -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_delete_revokes_the_callers_token(user):
    """DELETE /api/auth/token/ → 204, and the token no longer opens anything."""
    key = token_for()
    client = with_token(key)
    assert client.get("/api/conversations/").status_code == 200
    assert client.delete("/api/auth/token/").status_code == 204
    refused = client.get("/api/conversations/")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    assert token_for() != key  # a new sign-in gets a new token


def test_a_token_opens_only_its_active_users_data(user, other_user):
    """A token is its user (their conversations, not another's); a deactivated user's token,
    or an unknown one, gets 401 in the error shape."""
    from conversations import services

    services.conversation_create(owner=user, title="Alice's")
    services.conversation_create(owner=other_user, title="Bob's")
    client = with_token(token_for())
    titles = [c["title"] for c in client.get("/api/conversations/").json()["results"]]
    assert titles == ["Alice's"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    refused = client.get("/api/conversations/")
    assert refused.status_code == 401
    assert refused.json()["error"] == {
        "code": "authentication_failed",
        "message": "User inactive or deleted.",
    }
    unknown = with_token("0" * 40).get("/api/conversations/")
    assert unknown.status_code == 401
    assert unknown.json()["error"]["message"] == "Invalid token."


def test_delete_needs_a_caller(user):
    """Nobody to revoke for: 401 in the error shape."""
    response = APIClient().delete("/api/auth/token/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_password_change_rotates_the_token(client, user):
    """After a password change the old token stops working; signing in again gives the new one."""
    old = token_for()
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "s3same-pass!",
            "new_password1": "An0ther-pass!",
            "new_password2": "An0ther-pass!",
        },
    )
    assert response.status_code == 302
    assert with_token(old).get("/api/conversations/").status_code == 401
    new = token_for(password="An0ther-pass!")
    assert new != old and with_token(new).get("/api/conversations/").status_code == 200


def test_login_does_not_rotate_the_token(client, user):
    """Signing in on the page (which saves last_login) leaves the token alone."""
    key = token_for()
    client.post("/accounts/login/", {"username": "alice", "password": "s3same-pass!"})
    assert with_token(key).get("/api/conversations/").status_code == 200


def test_account_page_shows_creates_and_revokes_the_token(client, user):
    """The account page says whether a token exists, creates one (shown once) and revokes it."""
    client.force_login(user)
    page = client.get("/accounts/")
    assert b"You have no API token" in page.content
    created = client.post("/accounts/token/", {"action": "create"})
    key = created.context["new_key"]
    assert key.encode() in created.content
    assert with_token(key).get("/api/conversations/").status_code == 200
    page = client.get("/accounts/")
    assert b"You have an API token" in page.content and key.encode() not in page.content
    assert client.post("/accounts/token/", {"action": "revoke"}).status_code == 302
    assert b"You have no API token" in client.get("/accounts/").content
    assert with_token(key).get("/api/conversations/").status_code == 401
