"""Accounts: sign-up, login, logout, password change, and pages behind login."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    """Every app page requires login."""
    for path in ("/", "/accounts/password/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_sign_up_logs_in_and_lands_on_chat(client):
    """A new account is created with Django's validators and signed in."""
    response = client.post(
        "/accounts/signup/",
        {"username": "newbie", "password1": "a-Long-passw0rd", "password2": "a-Long-passw0rd"},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert b'data-testid="chat-page"' in page.content and b"newbie" in page.content
    assert get_user_model().objects.filter(username="newbie").exists()


def test_sign_up_rejects_a_weak_password(client):
    """Django's password validators apply at sign-up."""
    response = client.post(
        "/accounts/signup/", {"username": "weak", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert b"too short" in response.content
    assert not get_user_model().objects.filter(username="weak").exists()


def test_login_then_logout_by_post(client, user):
    """Login opens the chat; logout (POST) ends the session."""
    response = client.post("/accounts/login/", {"username": "alice", "password": "s3same-pass!"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_shows_an_error(client, user):
    """A failed login says so and signs nobody in."""
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_password_change(client, user):
    """A signed-in user can change their password."""
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
    user.refresh_from_db()
    assert user.check_password("An0ther-pass!")


def test_deep_link_to_someone_elses_conversation_is_404(client, user, other_user):
    """/c/<id>/ only opens the user's own conversations."""
    from conversations.services import conversation_create

    theirs = conversation_create(owner=other_user, title="private")
    mine = conversation_create(owner=user, title="mine")
    client.force_login(user)
    assert client.get(f"/c/{theirs.id}/").status_code == 404
    page = client.get(f"/c/{mine.id}/")
    assert page.status_code == 200 and str(mine.id).encode() in page.content


def test_offline_badge_shown_without_a_key(client, user, settings):
    """Every page says when the offline emulator answers instead of Gemini."""
    client.force_login(user)
    settings.GEMINI_OFFLINE = True
    assert b"offline emulator" in client.get("/").content
    settings.GEMINI_OFFLINE = False
    assert b"offline emulator" not in client.get("/").content
