"""Command line: `python -m gemini_emulator --port 0` prints one JSON line when ready."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence

from .faults import Faults
from .server import EmulatorServer
from .state import Settings

logger = logging.getLogger(__name__)

ENV_PREFIX = "GEMINI_EMULATOR_"
# Fault fields settable from the command line and the environment, with their types.
FAULT_OPTIONS: dict[str, type] = {
    "latency_ms": int,
    "rest_error": int,
    "rest_error_count": int,
    "stream_break_after": int,
    "stream_break_count": int,
    "bad_key": bool,
    "go_away_after_s": float,
    "go_away_time_left_s": float,
    "go_away_count": int,
    "close_after_s": float,
    "close_count": int,
    "reject_resumption_count": int,
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser; every option also reads GEMINI_EMULATOR_<NAME>."""
    parser = argparse.ArgumentParser(prog="python -m gemini_emulator", description=__doc__)
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(_env("PORT", "0")))
    parser.add_argument("--cert-dir", default=_env("CERT_DIR", None))
    parser.add_argument(
        "--pace",
        type=float,
        default=float(_env("PACE", "1.0")),
        help="audio/text pacing: 1.0 real time, 10 ten times faster, 0 no waits",
    )
    parser.add_argument("--max-audio-s", type=float, default=float(_env("MAX_AUDIO_S", "3.0")))
    parser.add_argument("--log-level", default=_env("LOG_LEVEL", "INFO"))
    for name, kind in FAULT_OPTIONS.items():
        flag = "--" + name.replace("_", "-")
        if kind is bool:
            default = _env(name.upper(), "").lower() in ("1", "true", "yes", "on")
            parser.add_argument(flag, action="store_true", default=default)
        else:
            raw = _env(name.upper(), None)
            parser.add_argument(flag, type=kind, default=kind(raw) if raw else None)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Build server settings (including start-up faults) from parsed arguments."""
    given = {n: getattr(args, n) for n in FAULT_OPTIONS if getattr(args, n) is not None}
    return Settings(pace=args.pace, max_audio_s=args.max_audio_s, faults=Faults.from_dict(given))


async def serve(args: argparse.Namespace) -> None:
    """Run the server until SIGTERM or SIGINT, printing the ready line once."""
    server = EmulatorServer(
        settings_from(args), host=args.host, port=args.port, cert_dir=args.cert_dir
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await server.start()
    ready = {"base_url": server.base_url, "ca_file": str(server.ca_file)}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    await stop.wait()
    logger.info("stopping")
    await server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the emulator; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    try:
        asyncio.run(serve(args))
    except ValueError as exc:
        logger.error("%s", exc)
        return 2
    return 0


def _env(name: str, default: str | None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)
