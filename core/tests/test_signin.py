"""Sign-in limits: guessing passwords meets a 429 and a growing lockout, on every sign-in door."""

import time

import pytest

pytestmark = pytest.mark.django_db

RIGHT = "s3same-pass!"


@pytest.fixture
def limits(settings):
    """Small limits so a test reaches them quickly: 3 attempts a minute, 1 s lockouts."""
    settings.SESAME_SIGNIN_FAILURES_PER_USER = 3
    settings.SESAME_SIGNIN_FAILURES_PER_ADDRESS = 10
    settings.SESAME_SIGNIN_LOCKOUT_SECONDS = 1
    return settings


def token_post(client, username, password, **extra):
    return client.post(
        "/api/auth/token/", {"username": username, "password": password}, format="json", **extra
    )


def test_api_locks_a_username_after_repeated_failures(user, limits):
    """Wrong passwords, then a 429 with Retry-After in the error shape: even the right one."""
    from rest_framework.test import APIClient

    client = APIClient()
    for _ in range(3):
        assert token_post(client, "alice", "wrong").status_code == 400
    locked = token_post(client, "alice", RIGHT)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "throttled"
    assert int(locked["Retry-After"]) >= 1
    time.sleep(1.1)
    good = token_post(client, "alice", RIGHT)
    assert good.status_code == 200 and len(good.json()["token"]) == 40


def test_lockouts_grow_when_guessing_goes_on(user, limits):
    """The second lockout in a row lasts twice as long as the first."""
    from rest_framework.test import APIClient

    client = APIClient()
    waits = []
    for _ in range(2):
        for _ in range(3):
            token_post(client, "alice", "wrong")
        locked = token_post(client, "alice", "wrong")
        assert locked.status_code == 429
        waits.append(int(locked["Retry-After"]))
        time.sleep(waits[-1] + 0.1)
    assert waits == [1, 2]


def test_login_page_answers_429_with_a_clear_error(client, user, limits):
    """The login page says why it refuses, with status 429 and Retry-After."""
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "alice", "password": RIGHT})
    assert response.status_code == 429 and response["Retry-After"] == "1"
    assert b"Too many sign-in attempts" in response.content
    assert client.get("/").status_code == 302  # not signed in
    time.sleep(1.1)
    response = client.post("/accounts/login/", {"username": "alice", "password": RIGHT})
    assert response.status_code == 302 and response["Location"] == "/"


def test_page_and_api_share_the_count(client, user, limits):
    """Failures on the page count against the API too: one budget per username."""
    from rest_framework.test import APIClient

    for _ in range(3):
        client.post("/accounts/login/", {"username": "ALICE", "password": "wrong"})
    assert token_post(APIClient(), "alice", RIGHT).status_code == 429


def test_one_address_guessing_many_usernames_is_locked(make_user, limits):
    """Spraying one password over many accounts meets the per-address limit."""
    from rest_framework.test import APIClient

    client = APIClient()
    statuses = [token_post(client, f"someone{n}", "password1").status_code for n in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    other = APIClient(REMOTE_ADDR="10.0.0.7")
    make_user("bob")
    assert token_post(other, "bob", RIGHT).status_code == 200


def test_success_gives_the_username_its_attempts_back(user, limits):
    """A user who mistypes twice, then signs in, starts again from zero."""
    from rest_framework.test import APIClient

    client = APIClient()
    for _ in range(2):
        token_post(client, "alice", "wrong")
    assert token_post(client, "alice", RIGHT).status_code == 200
    for _ in range(2):
        assert token_post(client, "alice", "wrong").status_code == 400
    assert token_post(client, "alice", RIGHT).status_code == 200


def test_admin_login_is_limited_too(client, make_user, limits):
    """The admin's login form counts attempts like the login page."""
    make_user("root", is_staff=True, is_superuser=True)
    for _ in range(3):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": RIGHT})
    assert response.status_code == 200 and b"Too many sign-in attempts" in response.content


def test_sign_up_is_limited_per_address(client, settings):
    """Past SESAME_SIGNUP_RATE new accounts from one address get a 429 page."""
    from django.contrib.auth import get_user_model

    settings.SESAME_SIGNUP_RATE = "2/hour"
    for n in range(2):
        client.post(
            "/accounts/signup/",
            {"username": f"new{n}", "password1": "a-Long-passw0rd", "password2": "a-Long-passw0rd"},
        )
        client.post("/accounts/logout/")
    response = client.post(
        "/accounts/signup/",
        {"username": "new2", "password1": "a-Long-passw0rd", "password2": "a-Long-passw0rd"},
    )
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert b"Too many new accounts" in response.content
    names = set(get_user_model().objects.values_list("username", flat=True))
    assert {"new0", "new1"} <= names and "new2" not in names
