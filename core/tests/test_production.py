"""Production mode: Daphne serves pages and collected static files with DEBUG off."""

import os
import subprocess
import sys
import urllib.request

from conftest import ROOT, DaphneServer


def test_daphne_serves_pages_and_static_files_with_debug_off(tmp_path):
    """After collectstatic and migrate, Daphne alone serves the login page and its CSS."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "SESAME_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=180,
        )
    server = DaphneServer(env, tmp_path / "daphne.log")
    try:
        with urllib.request.urlopen(f"{server.url}/accounts/login/", timeout=10) as response:
            html = response.read().decode()
        assert response.status == 200 and "Log in" in html
        css_path = html.split('href="/static/css/')[1].split('"')[0]
        assert css_path != "app.css", "manifest storage should give a hashed name"
        with urllib.request.urlopen(f"{server.url}/static/css/{css_path}", timeout=10) as css:
            assert css.status == 200 and b".topbar" in css.read()
            assert "max-age" in css.headers["Cache-Control"]
    finally:
        server.stop()
