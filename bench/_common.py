"""What the benchmarks share: percentiles, process CPU and memory, and a Sesame under Daphne."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank) of values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def cpu_seconds(pid: int) -> float:
    """Return a process's user+system CPU time so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mb(pid: int) -> float:
    """Return a process's peak resident memory so far (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int) -> float:
    """Return a process's resident memory now (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss(pid: int) -> None:
    """Reset a process's peak resident memory to its current one (Linux; our own process)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A server subprocess we start on a port, watch and stop."""

    def __init__(self, command: list[str], env: dict, log: Path, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self._wait_for_port()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _wait_for_port(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.flush()
                raise RuntimeError(
                    f"{self.process.args[2:4]} exited during start-up: "
                    + self.log_path.read_text(errors="replace")[-2000:]
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.process.args[2:4]} did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


def daphne_command(port: int, app: str = "sesame_site.asgi:application") -> list[str]:
    """Return the command that serves `app` (the project) under plain Daphne on loopback `port`."""
    return [
        sys.executable,
        "-m",
        "daphne",
        "-b",
        "127.0.0.1",
        "-p",
        str(port),
        app,
    ]


def start_sesame(workdir: Path, emulator, **settings: str) -> tuple[Process, str]:
    """Migrate a fresh database, make a user with a token, and serve Sesame with one Daphne.

    `settings` are extra environment variables (limits the benchmark needs lifted or lowered).
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SESAME_VAR_DIR": str(workdir),
        "SESAME_MEDIA_ROOT": str(workdir / "media"),
        "GEMINI_BASE_URL": emulator.base_url,
        "GEMINI_CA_FILE": emulator.ca_file,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "SESAME_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **settings,
    }
    env.pop("REDIS_URL", None)

    def manage(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    manage("migrate", "--noinput", "-v", "0")
    token = manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model as g;"
        "from rest_framework.authtoken.models import Token;"
        "print(Token.objects.create(user=g().objects.create_user('bench', password='x')).key)",
    ).split()[-1]
    port = free_port()
    return Process(daphne_command(port), env, workdir / "daphne.log", port), token
