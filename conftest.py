"""Shared fixtures: users and API clients, a real Daphne process, the Gemini emulator."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

pytest_plugins = ["gemini_emulator.pytest_plugin"] if os.environ.get("NO_EMU") is None else []


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep each test's uploaded files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=os.environ.get("NO_EMU") is None)
def _gemini_settings(settings, gemini_emulator):
    """Point the app's Gemini client at the test emulator."""
    from sesame_site import gemini

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


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


class DaphneServer:
    """A real Daphne process serving the project on a free port."""

    def __init__(self, env: dict, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "sesame_site.asgi:application"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited: {self.log_path.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("daphne did not start in time")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker, gemini_emulator, tmp_path_factory):
    """Start Daphne on the test database and the emulator; tests using it need committed data."""
    from django.conf import settings

    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DATABASE_URL": database_url,
        "GEMINI_BASE_URL": gemini_emulator.base_url,
        "GEMINI_CA_FILE": gemini_emulator.ca_file,
        "SESAME_MEDIA_ROOT": str(tmp_path_factory.mktemp("daphne-media")),
        "DJANGO_DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    server = DaphneServer(env, tmp_path_factory.mktemp("daphne") / "daphne.log")
    yield server
    server.stop()
