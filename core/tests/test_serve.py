"""`make run`'s server: offline mode starts the emulator beside Daphne and stops it too."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import ROOT, free_port


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("timed out")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def test_offline_serve_starts_and_stops_the_emulator_with_the_app(tmp_path):
    """Without a key one command serves the app on the emulator; SIGTERM stops both."""
    port = free_port()
    env = {
        **os.environ,
        "GEMINI_API_KEY": "",
        "GEMINI_BASE_URL": "",
        "SESAME_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "core.serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        emulator_url = _wait_for(
            lambda: re.search(r"offline emulator at (http://[\d.:]+)", log.read_text())
        ).group(1)
        emulator_port = int(emulator_url.rsplit(":", 1)[1])
        assert emulator_port != port, "the emulator took the app's port"
        _wait_for(lambda: _listening(port))
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/accounts/login/", timeout=10
            ) as r:
                assert "offline emulator" in r.read().decode()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{exc}; the server's log:\n{log.read_text()}") from exc
        assert (tmp_path / "gemini_emulator" / "cert.pem").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    assert not _listening(port)
    assert not _listening(emulator_port)
