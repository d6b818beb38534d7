"""goAway churn: are utterances lost or cut short when Gemini's connection is switched mid-call?

Processes: the Gemini emulator, Sesame under one Daphne process (fresh SQLite), and this load
generator. Each simulated caller streams its microphone in real time (20 ms PCM16 frames): 1 s
of voiced tone every 3 s. The emulator sends a `goAway` to every Live connection after 5 s (and
closes it 1 s later), or, in the second scenario, closes every connection abruptly (1011) after
5 s. Sesame must switch to a new connection without losing a word.

Reported per scenario: utterances spoken, heard in full (the stored user message says
"[speech 1.00 s]"), truncated (heard shorter), lost (never stored), client disconnects, and the
audio gap at a switch: the time from `reconnecting` to `resumed` on the client's socket, while
its audio waits in Sesame's queue. Targets (DESIGN §7): 0 lost, 0 cut short, 0 disconnects,
gap p95 <= 300 ms.

    python -m bench.churn [--sessions 4] [--duration 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from bench._common import ROOT, percentile, start_sesame

CHUNK_S = 0.02
SPEECH_S, PERIOD_S = 1.0, 3.0
TARGET_GAP_P95_MS = 300.0
SCENARIOS = {
    "goaway": {"go_away_after_s": 5.0, "go_away_count": -1, "go_away_time_left_s": 1.0},
    "abrupt": {"close_after_s": 5.0, "close_count": -1},
}


async def caller(url: str, headers: dict, duration: float, tally: dict) -> None:
    """One caller: speak 1 s every 3 s for `duration`, then collect what was stored."""
    import websockets

    from live.tests import signals

    cycle = signals.chunked(signals.tone(SPEECH_S) + signals.silence(PERIOD_S - SPEECH_S))
    ws = await websockets.connect(url, additional_headers=headers, max_queue=None)
    heard: list[float] = []
    state = {"switch_at": None, "closed": False}

    async def listen():
        try:
            async for message in ws:
                if isinstance(message, bytes):
                    continue
                frame = json.loads(message)
                kind = frame.get("type")
                if kind == "reconnecting":
                    state["switch_at"] = time.perf_counter()
                elif kind == "resumed" and state["switch_at"] is not None:
                    tally["gaps"].append(time.perf_counter() - state["switch_at"])
                    state["switch_at"] = None
                elif kind == "turn_complete":
                    for m in frame["messages"]:
                        if m["role"] == "user" and (
                            found := re.match(r"\[speech ([\d.]+) s\]", m["text"])
                        ):
                            heard.append(float(found.group(1)))
                elif kind == "error":
                    tally["errors"] += 1
        except websockets.ConnectionClosed:
            pass
        state["closed"] = True

    try:
        await ws.send('{"type":"setup","response":"audio"}')
        while json.loads(await ws.recv()).get("type") != "ready":
            pass
        listener = asyncio.create_task(listen())
        loop = asyncio.get_running_loop()
        tick, spoken = loop.time(), int(duration / PERIOD_S)
        for _ in range(spoken):
            for chunk in cycle:
                await ws.send(chunk)
                tick += CHUNK_S
                await asyncio.sleep(max(0.0, tick - loop.time()))
        await asyncio.sleep(3.0)  # the last answers and their storage
        tally["disconnects"] += state["closed"]
        await ws.close()
        await asyncio.wait([listener], timeout=5)
    except Exception as exc:  # noqa: BLE001 - counted as a disconnect, the run goes on
        tally["disconnects"] += 1
        tally["failures"].append(type(exc).__name__)
        spoken = int(duration / PERIOD_S)
    tally["spoken"] += spoken
    tally["full"] += sum(1 for s in heard if s >= SPEECH_S - 0.02)
    tally["truncated"] += sum(1 for s in heard if s < SPEECH_S - 0.02)
    tally["lost"] += max(0, spoken - len(heard))


async def run_scenario(name, sesame, token, emulator, sessions, duration) -> dict:
    import aiohttp

    await emulator.areset()
    await emulator.aset_faults(pace=1.0, **SCENARIOS[name])
    headers = {"Authorization": f"Token {token}"}
    urls = []
    async with aiohttp.ClientSession() as http:
        for _ in range(sessions):
            async with http.post(f"{sesame.url}/api/conversations/", json={}, headers=headers) as r:
                urls.append(f"ws://127.0.0.1:{sesame.port}/ws/live/{(await r.json())['id']}/")
    tally = {"spoken": 0, "full": 0, "truncated": 0, "lost": 0, "disconnects": 0, "errors": 0}
    tally |= {"gaps": [], "failures": []}
    callers = []
    for url in urls:
        callers.append(asyncio.create_task(caller(url, headers, duration, tally)))
        await asyncio.sleep(PERIOD_S / sessions)  # callers out of step, like people
    await asyncio.gather(*callers)
    gaps = tally.pop("gaps")
    counters = await emulator.acounters()
    return {
        "scenario": name,
        "sessions": sessions,
        **tally,
        "switches": len(gaps),
        "gap_p50_ms": round(percentile(gaps, 50) * 1000, 1),
        "gap_p95_ms": round(percentile(gaps, 95) * 1000, 1),
        "gap_max_ms": round(max(gaps, default=float("nan")) * 1000, 1),
        "go_aways_sent": counters["go_aways_sent"],
    }


def _ok(row: dict) -> bool:
    clean = not (row["lost"] or row["truncated"] or row["disconnects"] or row["errors"])
    return clean and row["gap_p95_ms"] <= TARGET_GAP_P95_MS


def report(rows: list[dict], duration: float) -> dict:
    """Print the table and return the JSON summary with the targets checked."""
    head = (
        f"{'scenario':>8} {'sessions':>8} {'spoken':>6} {'full':>5} {'cut':>4} {'lost':>4}"
        f" {'disc':>4} {'switches':>8} {'gap p50':>8} {'p95':>6} {'max':>6} {'target':>6}"
    )
    print(f"\ngoAway churn: 1 s of speech every 3 s, {duration:.0f} s per caller")
    print(head + "\n" + "-" * len(head))
    for r in rows:
        print(
            f"{r['scenario']:>8} {r['sessions']:>8} {r['spoken']:>6} {r['full']:>5}"
            f" {r['truncated']:>4} {r['lost']:>4} {r['disconnects']:>4} {r['switches']:>8}"
            f" {r['gap_p50_ms']:>8.1f} {r['gap_p95_ms']:>6.1f} {r['gap_max_ms']:>6.1f}"
            f" {'PASS' if _ok(r) else 'FAIL':>6}"
        )
    print(f"targets: 0 lost, 0 cut short, 0 disconnects, switch gap p95 <= {TARGET_GAP_P95_MS} ms")
    return {"bench": "churn", "rows": rows, "pass": all(_ok(r) for r in rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.churn", description=__doc__)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds each caller speaks")
    parser.add_argument("--scenarios", default="goaway,abrupt")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from gemini_emulator.testing import EmulatorProcess

    with tempfile.TemporaryDirectory(prefix="sesame-bench-churn-") as tmp:
        workdir = Path(tmp)
        emulator = EmulatorProcess.start(log_level="WARNING", cert_dir=workdir / "certs")
        sesame = None
        try:
            sesame, token = start_sesame(
                workdir, emulator, SESAME_MAX_LIVE_SESSIONS_PER_USER="1000"
            )
            rows = [
                asyncio.run(
                    run_scenario(name, sesame, token, emulator, args.sessions, args.duration)
                )
                for name in args.scenarios.split(",")
            ]
        except BaseException:
            log = workdir / "daphne.log"
            if log.exists():
                print("daphne.log (end):\n" + log.read_text(errors="replace")[-6000:])
            raise
        finally:
            if sesame is not None:
                sesame.stop()
            emulator.stop()
    print(json.dumps(report(rows, args.duration)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
