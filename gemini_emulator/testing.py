"""Run the emulator as a subprocess for tests and benchmarks, and drive its control endpoint."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
START_TIMEOUT_S = 30.0


class EmulatorProcess:
    """A running `python -m gemini_emulator` process and its control endpoint."""

    def __init__(self, process: subprocess.Popen, base_url: str, ca_file: str) -> None:
        self.process = process
        self.base_url = base_url
        self.ca_file = ca_file

    @classmethod
    def start(
        cls,
        *,
        pace: float | None = None,
        cert_dir: str | os.PathLike | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        args: Sequence[str] = (),
        env: dict[str, str] | None = None,
        log_level: str = "WARNING",
        log_file: str | os.PathLike | None = None,
        timeout: float = START_TIMEOUT_S,
    ) -> EmulatorProcess:
        """Start the emulator and wait for its ready line; extra CLI flags go in `args`.

        Logs go to `log_file` (appended) when given, else to this process's stderr.
        """
        command = [
            sys.executable,
            "-m",
            "gemini_emulator",
            "--host",
            host,
            "--port",
            str(port),
            "--log-level",
            log_level,
            *args,
        ]
        if pace is not None:
            command += ["--pace", str(pace)]
        if cert_dir is not None:
            command += ["--cert-dir", str(cert_dir)]
        child_env = {**os.environ, **(env or {})}
        child_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_PARENT, child_env.get("PYTHONPATH", "")) if p
        )
        if log_file is None:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, env=child_env)
        else:
            with open(log_file, "ab") as log:
                process = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=log, env=child_env
                )
        try:
            ready = _read_ready_line(process, timeout)
        except BaseException:
            _terminate(process)
            raise
        return cls(process, ready["base_url"], ready["ca_file"])

    def set_faults(self, **faults: Any) -> dict[str, Any]:
        """Merge faults (see README: latency_ms, rest_error, go_away_after_s, ...); return all."""
        return self._call("POST", "faults", faults)["faults"]

    def faults(self) -> dict[str, Any]:
        """Return the faults in force."""
        return self._call("GET", "faults")["faults"]

    def reset(self) -> dict[str, Any]:
        """Clear runtime faults and counters; return the faults in force afterwards."""
        return self._call("POST", "reset", {})["faults"]

    def counters(self) -> dict[str, Any]:
        """Return the emulator's counters."""
        return self._call("GET", "counters")

    async def aset_faults(self, **faults: Any) -> dict[str, Any]:
        """Do `set_faults` without blocking the event loop."""
        return await asyncio.to_thread(self.set_faults, **faults)

    async def areset(self) -> dict[str, Any]:
        """Do `reset` without blocking the event loop."""
        return await asyncio.to_thread(self.reset)

    async def acounters(self) -> dict[str, Any]:
        """Do `counters` without blocking the event loop."""
        return await asyncio.to_thread(self.counters)

    def stop(self, timeout: float = 10.0) -> int:
        """Stop the process with SIGTERM (SIGKILL after `timeout`); return its exit code."""
        return _terminate(self.process, timeout)

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _call(self, method: str, action: str, payload: dict | None = None) -> dict[str, Any]:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(
            f"{self.base_url}/emulator/{action}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise ValueError(f"emulator control {action}: {exc.read().decode()}") from None


def start_emulator(**kwargs: Any) -> EmulatorProcess:
    """Start an emulator subprocess (same arguments as `EmulatorProcess.start`)."""
    return EmulatorProcess.start(**kwargs)


def _read_ready_line(process: subprocess.Popen, timeout: float) -> dict[str, str]:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=0.1):
                line = process.stdout.readline()
                if not line:
                    break
                return json.loads(line)
            if process.poll() is not None:
                break
    code = process.poll()
    raise RuntimeError(f"gemini emulator did not start (exit code {code})")


def _terminate(process: subprocess.Popen, timeout: float = 10.0) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()
    return process.returncode
