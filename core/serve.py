"""Serve Sesame with Daphne, starting the offline Gemini emulator beside it when no key is set.

`python -m core.serve --host 127.0.0.1 --port 8000` is what `make run` calls. Stopping it
(Ctrl-C or SIGTERM) stops both processes.
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger("sesame.serve")


def start_emulator(env: dict, app_port: int) -> subprocess.Popen:
    """Start the emulator on a free port other than the app's and point `env` at it.

    The emulator asks the system for any free port, and the system may hand it the app's own
    port when that lies in the ephemeral range and Daphne has not bound it yet; Daphne would
    then fail to start and the emulator would answer the app's address. Such a start is retried.
    """
    cert_dir = Path(env.get("SESAME_VAR_DIR", ROOT / "var")) / "gemini_emulator"
    for _ in range(5):
        process = subprocess.Popen(
            [sys.executable, "-m", "gemini_emulator", "--port", "0", "--cert-dir", str(cert_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = process.stdout.readline()
        if not line:
            raise SystemExit("the offline Gemini emulator did not start")
        ready = json.loads(line)
        if urlsplit(ready["base_url"]).port != app_port:
            break
        process.terminate()
        process.wait(10)
    else:
        raise SystemExit(f"the offline Gemini emulator kept getting port {app_port}")
    env["GEMINI_BASE_URL"], env["GEMINI_CA_FILE"] = ready["base_url"], ready["ca_file"]
    logger.warning(
        "No GEMINI_API_KEY: replies come from the offline emulator at %s", ready["base_url"]
    )
    return process


def main() -> int:
    """Run Daphne (and the emulator when offline) until one of them stops or we are told to."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    load_dotenv(ROOT / ".env")
    env = dict(os.environ)
    children = []
    if not env.get("GEMINI_API_KEY") and not env.get("GEMINI_BASE_URL"):
        children.append(start_emulator(env, int(args.port)))
    children.append(
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                args.host,
                "-p",
                str(args.port),
                "sesame_site.asgi:application",
            ],
            cwd=ROOT,
            env=env,
        )
    )
    logger.info("Sesame is at http://%s:%s/", args.host, args.port)

    stopping = []

    def stop(*_):
        stopping.append(True)
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        os.wait()  # returns as soon as either child exits
    except ChildProcessError:
        pass
    finally:
        asked_to_stop = bool(stopping)
        stop()
        for child in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0 if asked_to_stop else (children[-1].returncode or 1)


if __name__ == "__main__":
    sys.exit(main())
