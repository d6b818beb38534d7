"""The command line: one JSON ready line, certificate reuse, clean stop on signals."""

from __future__ import annotations

import json
import signal
import ssl
import subprocess
import sys
from pathlib import Path

from gemini_emulator.testing import EmulatorProcess

PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def test_ready_line_certificate_reuse_and_sigint(tmp_path):
    """stdout is exactly one JSON line; the cert is written once and reused; SIGINT exits 0."""
    command = [
        sys.executable,
        "-m",
        "gemini_emulator",
        "--port",
        "0",
        "--cert-dir",
        str(tmp_path),
        "--log-level",
        "WARNING",
    ]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=PACKAGE_PARENT, text=True)
    ready = json.loads(first.stdout.readline())
    first.send_signal(signal.SIGINT)
    remaining, _ = first.communicate(timeout=10)
    assert first.returncode == 0 and remaining == ""
    assert set(ready) == {"base_url", "ca_file"}
    assert ready["base_url"].startswith("http://127.0.0.1:")
    assert ready["ca_file"] == str(tmp_path / "cert.pem")
    ca_pem = Path(ready["ca_file"]).read_text()
    ssl.create_default_context(cafile=ready["ca_file"])

    with EmulatorProcess.start(cert_dir=tmp_path) as second:
        assert Path(second.ca_file).read_text() == ca_pem
        code = second.stop()
    assert code == 0


def test_startup_faults_from_flags_and_env(tmp_path):
    """Fault flags and GEMINI_EMULATOR_* variables set the faults reset returns to."""
    env = {"GEMINI_EMULATOR_LATENCY_MS": "25"}
    args = ["--rest-error", "503", "--rest-error-count", "-1", "--go-away-after-s", "5"]
    with EmulatorProcess.start(cert_dir=tmp_path, args=args, env=env) as emulator:
        emulator.set_faults(latency_ms=0, rest_error=None)
        faults = emulator.reset()
    assert faults["latency_ms"] == 25
    assert (faults["rest_error"], faults["rest_error_count"]) == (503, -1)
    assert faults["go_away_after_s"] == 5.0
