"""Project health: migrations, deploy checks, and the real PostgreSQL and Redis in CI."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.mark.django_db
def test_migrations_are_complete():
    """Models and migrations agree."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    """`check --deploy` passes with DEBUG off and the required variables given."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "-A-long-random-production-secret-key-1234567890",
        "DJANGO_ALLOWED_HOSTS": "sesame.example.com",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://sesame.example.com",
        "DATABASE_URL": "postgres://sesame@127.0.0.1:5432/sesame",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    """DEBUG off without DJANGO_SECRET_KEY is an error, not a silent default."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_database_backend_is_postgresql_in_ci():
    """CI runs the suite on the real PostgreSQL; this fails there if it is not reachable."""
    from django.db import connection

    if not IN_CI and "DATABASE_URL" not in os.environ:
        assert connection.vendor == "sqlite"
        return
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_channel_layer_delivers_a_message(settings):
    """The channel layer (Redis in CI, memory otherwise) carries a message between channels."""
    from channels.layers import get_channel_layer

    if IN_CI or os.environ.get("REDIS_URL"):
        assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == (
            "channels_redis.core.RedisChannelLayer"
        )

    async def round_trip():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("sesame-test", channel)
        await layer.group_send("sesame-test", {"type": "hello", "text": "over the layer"})
        message = await asyncio.wait_for(layer.receive(channel), 5)
        await layer.group_discard("sesame-test", channel)
        return message

    assert asyncio.run(round_trip())["text"] == "over the layer"
