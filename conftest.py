"""Shared fixtures: users and API clients, a real Daphne process, the Gemini emulator."""

import os
import socket
from pathlib import Path
from urllib.parse import quote

import pytest

from bench._common import Process, daphne_command, free_port

ROOT = Path(__file__).resolve().parent

pytest_plugins = ["gemini_emulator.pytest_plugin"]


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def services_missing() -> str:
    """Return why PostgreSQL and Redis cannot be used by the tests ("" when they can)."""
    from urllib.parse import urlparse

    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL does not name a PostgreSQL database"
    if not redis_url.startswith("redis://"):
        return "REDIS_URL is not set"
    for url in (database_url, redis_url):
        parsed = urlparse(url)
        try:
            socket.create_connection((parsed.hostname, parsed.port), timeout=2).close()
        except OSError as exc:
            return f"{parsed.scheme} at {parsed.hostname}:{parsed.port} is unreachable: {exc}"
    return ""


def pytest_configure(config):
    """In this process, close each database connection after its request or job.

    Threads that outlive a test (asgiref's, the request pool's) would otherwise keep their
    connections (CONN_MAX_AGE) and hold the test database open at its teardown. The Daphne
    processes the tests start keep the default.
    """
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_runtest_setup(item):
    """Tests marked `services` need PostgreSQL and Redis: skipped without them, failed in CI."""
    if item.get_closest_marker("services") is None:
        return
    missing = services_missing()
    if missing and IN_CI:
        pytest.fail(f"CI=true but the services are missing: {missing}", pytrace=False)
    if missing:
        pytest.skip(f"needs PostgreSQL and Redis ({missing})")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep each test's uploaded files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _close_connections_of_async_tests(request):
    """After an async test, close the connections its `sync_to_async` steps opened.

    Those steps run on asgiref's one shared thread, and Django's test client (called there)
    never closes its connection, so the last one would hold the test database open when it is
    dropped ("being accessed by other users").
    """
    yield
    if request.node.get_closest_marker("asyncio") is None:
        return
    from asgiref.sync import SyncToAsync
    from django.db import connections

    SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=30)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with no throttle counts (turns, sign-in attempts, sign-ups)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _gemini_settings(settings, gemini_emulator):
    """Point the app's Gemini client at the test emulator."""
    from core import gemini

    settings.GEMINI_BASE_URL = gemini_emulator.base_url
    settings.GEMINI_CA_FILE = gemini_emulator.ca_file
    gemini.reset_client()
    yield
    gemini.reset_client()


@pytest.fixture
def make_user(django_user_model):
    """Return a factory of users with a known password."""
    counter = iter(range(1, 10_000))

    def make(username: str | None = None, password: str = "s3same-pass!", **extra):
        username = username or f"user{next(counter)}"
        return django_user_model.objects.create_user(username, password=password, **extra)

    return make


@pytest.fixture
def user(make_user):
    return make_user("alice")


@pytest.fixture
def other_user(make_user):
    return make_user("mallory")


@pytest.fixture
def api_client(user):
    """A DRF client authenticated as `user` with a token, as programs do."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def database_url_for_tests() -> str:
    """Return a DATABASE_URL naming the test database, for processes the tests start."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class DaphneServer(Process):
    """A real Daphne process serving the project on a free port."""

    def __init__(self, env: dict, log_path: Path):
        port = free_port()
        super().__init__(daphne_command(port), env, log_path, port)
        self.ws_url = f"ws://127.0.0.1:{port}"


def daphne_env(database_url: str, gemini_emulator, media_root: Path) -> dict:
    """Return the environment of a Daphne process on the test database and the emulator."""
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DATABASE_URL": database_url,
        "GEMINI_BASE_URL": gemini_emulator.base_url,
        "GEMINI_CA_FILE": gemini_emulator.ca_file,
        "SESAME_MEDIA_ROOT": str(media_root),
        "DJANGO_DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
        # The browser tests sign up dozens of users from one address; the sign-up limit itself
        # is tested in core/tests/test_signin.py.
        "SESAME_SIGNUP_RATE": "10000/hour",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    return env


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker, gemini_emulator, tmp_path_factory):
    """Start Daphne on the test database and the emulator; tests using it need committed data."""
    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    env = daphne_env(database_url, gemini_emulator, tmp_path_factory.mktemp("daphne-media"))
    server = DaphneServer(env, tmp_path_factory.mktemp("daphne") / "daphne.log")
    yield server
    server.stop()
