"""WS voice relay: what Sesame's /ws/live/ adds over a plain `websockets` relay, in the same run.

Processes: the Gemini emulator (real-time paced audio), Sesame under one Daphne process (on a
fresh SQLite database), and the floor: a plain relay in the tutorial's design (a `websockets`
server opening one google-genai Live session per client, with the same setup, the same SDK calls
and the same client protocol as /ws/live/; nothing stored), run as
`python -m bench.ws_relay --serve-floor PORT`. This process is the load generator.

Each simulated session streams its microphone in real time as 20 ms PCM16 chunks: a 300 ms
voiced burst, then silence. The emulator's VAD ends the turn on the 25th silent chunk (500 ms)
and answers with paced audio. A latency sample is the time from sending that chunk to receiving
the first frame of model audio: one 20 ms chunk's round trip through the relay (the emulator's
own reaction is the same for both relays). Added latency = Sesame's percentile - the floor's.
"Dropped" counts microphone audio the emulator never received and replies that arrived short.
CPU is the relay process's user+system time over the measured window, per session.

Targets (DESIGN §7): added latency p50 <= 2 ms and p99 <= 10 ms (at the lightest load);
CPU per session <= 1.2x the floor's; >= 60 sessions at p99 added <= 20 ms with nothing dropped.

    python -m bench.ws_relay [--levels 10,30,45,60,90] [--duration 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench._common import Process, cpu_seconds, free_port, percentile, start_sesame

ROOT = Path(__file__).resolve().parent.parent
MODEL = "gemini-live-2.5-flash-preview"
CHUNK_S = 0.020
SPEECH_CHUNKS = 15  # 300 ms voiced
TRIGGER_CHUNK = 25  # the silent chunk that makes 500 ms of silence: the VAD ends the turn
PAUSE_AFTER_REPLY_S = 0.1
TARGET_P50_MS, TARGET_P99_MS, TARGET_LOAD_P99_MS, TARGET_CPU_RATIO = 2.0, 10.0, 20.0, 1.2
TARGET_SESSIONS = 60


# --- the floor: a plain websockets relay -------------------------------------------------------


async def serve_floor(port: int) -> None:
    """Relay like the tutorial: one Live session per client socket, frames passed through."""
    import websockets

    from core.gemini import build_client
    from live.audio import INPUT_MIME
    from live.events import BridgeConfig

    client = build_client(
        api_key="bench",
        base_url=os.environ["GEMINI_BASE_URL"],
        ca_file=os.environ["GEMINI_CA_FILE"],
    )
    config = BridgeConfig(model=MODEL, system_instruction="You are Sesame.", voice="Puck")

    async def relay(ws) -> None:
        json.loads(await ws.recv())  # the setup frame
        live = client.aio.live.connect(model=MODEL, config=config.connect_config(None))
        async with live as session:
            await ws.send('{"type":"ready"}')

            async def upstream():
                async for message in ws:
                    if isinstance(message, bytes):
                        blob = {"data": message, "mime_type": INPUT_MIME}
                        await session.send_realtime_input(audio=blob)

            async def downstream():
                while True:
                    async for message in session.receive():
                        await _forward_down(ws, message)

            tasks = [asyncio.create_task(upstream()), asyncio.create_task(downstream())]
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with websockets.serve(relay, "127.0.0.1", port, compression=None, max_queue=None):
        print("ready", flush=True)
        await stop.wait()


async def _forward_down(ws, message) -> None:
    content = message.server_content
    if content is None:
        return
    if content.input_transcription and content.input_transcription.text:
        frame = {"type": "transcript", "role": "user", "text": content.input_transcription.text}
        await ws.send(json.dumps(frame))
    if content.model_turn and content.model_turn.parts:
        for part in content.model_turn.parts:
            if part.inline_data and part.inline_data.data:
                await ws.send(part.inline_data.data)
    if content.output_transcription and content.output_transcription.text:
        frame = {"type": "transcript", "role": "model", "text": content.output_transcription.text}
        await ws.send(json.dumps(frame))
    if content.interrupted:
        await ws.send('{"type":"interrupted"}')
    if content.turn_complete:
        await ws.send('{"type":"turn_complete","messages":[]}')


# --- the processes under test ------------------------------------------------------------------


def start_floor(workdir: Path, emulator) -> Process:
    port = free_port()
    env = {**os.environ, "GEMINI_BASE_URL": emulator.base_url, "GEMINI_CA_FILE": emulator.ca_file}
    command = [sys.executable, "-m", "bench.ws_relay", "--serve-floor", str(port)]
    return Process(command, env, workdir / "floor.log", port)


# --- the load ----------------------------------------------------------------------------------


class Tally:
    """What one run of N sessions measured."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.turn_bytes: list[int] = []
        self.chunks_sent = 0
        self.sessions_ready = 0
        self.failures: Counter = Counter()
        self.measuring = False


async def voice_session(url: str, headers: dict, stop_at: float, tally: Tally) -> None:
    """Stream a microphone in real time; time each reply's first audio frame."""
    import websockets

    from live.tests import signals

    speech = signals.chunked(signals.tone(SPEECH_CHUNKS * CHUNK_S), 20)
    quiet = bytes(len(speech[0]))
    ws = await websockets.connect(
        url, additional_headers=headers, compression=None, max_queue=None, open_timeout=30
    )
    state = {"trigger": None, "bytes": 0, "done": asyncio.Event()}
    try:
        await ws.send('{"type":"setup","response":"audio"}')
        while json.loads(await ws.recv()).get("type") != "ready":
            pass
        tally.sessions_ready += 1
        receiver = asyncio.create_task(_receive(ws, state, tally))
        loop = asyncio.get_running_loop()
        tick = loop.time()
        while loop.time() < stop_at:
            state["done"].clear()
            for index in range(SPEECH_CHUNKS + TRIGGER_CHUNK):
                tick = await _pace(loop, tick)
                if index == SPEECH_CHUNKS + TRIGGER_CHUNK - 1:
                    state["trigger"] = time.perf_counter()
                await ws.send(speech[index] if index < SPEECH_CHUNKS else quiet)
                tally.chunks_sent += 1
            while not state["done"].is_set() and loop.time() < stop_at + 5:
                tick = await _pace(loop, tick)
                await ws.send(quiet)  # the microphone keeps streaming during the reply
                tally.chunks_sent += 1
            for _ in range(round(PAUSE_AFTER_REPLY_S / CHUNK_S)):
                tick = await _pace(loop, tick)
                await ws.send(quiet)
                tally.chunks_sent += 1
        await asyncio.sleep(0.5)  # let the last chunks reach Gemini before leaving
        receiver.cancel()
    except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
        tally.failures[type(exc).__name__] += 1
    finally:
        await ws.close()


async def _pace(loop, tick: float) -> float:
    tick += CHUNK_S
    delay = tick - loop.time()
    if delay > 0:
        await asyncio.sleep(delay)
    return tick


async def _receive(ws, state: dict, tally: Tally) -> None:
    async for message in ws:
        if isinstance(message, bytes):
            if state["trigger"] is not None:
                if tally.measuring:
                    tally.latencies.append(time.perf_counter() - state["trigger"])
                state["trigger"] = None
            state["bytes"] += len(message)
        elif '"turn_complete"' in message:
            if tally.measuring:
                tally.turn_bytes.append(state["bytes"])
            state["bytes"] = 0
            state["done"].set()


async def run_level(
    target: str, relay: Process, sessions: int, duration: float, emulator, token: str | None
) -> dict:
    """Run `sessions` voice sessions against one relay; return latency, CPU and losses."""
    urls = await _session_urls(target, relay, sessions, token)
    headers = {"Authorization": f"Token {token}"} if token else {}
    await emulator.areset()
    await emulator.aset_faults(pace=1.0)
    tally = Tally()
    loop = asyncio.get_running_loop()
    warmup = 3.0 + sessions * 0.02
    stop_at = loop.time() + warmup + duration
    tasks = []
    for url in urls:  # staggered, like people arriving
        tasks.append(asyncio.create_task(voice_session(url, headers, stop_at, tally)))
        await asyncio.sleep(0.02)
    await asyncio.sleep(max(0.0, stop_at - duration - loop.time()))
    tally.measuring = True
    pids = (relay.pid, emulator.process.pid, os.getpid())
    cpu_before, started = [cpu_seconds(pid) for pid in pids], time.perf_counter()
    await asyncio.sleep(max(0.0, stop_at - loop.time()))
    used = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
    cpu, cpu_emulator, cpu_load = used
    wall = time.perf_counter() - started
    tally.measuring = False
    await asyncio.wait(tasks, timeout=30)
    await asyncio.sleep(0.5)
    counters = await emulator.acounters()
    sent_ms = tally.chunks_sent * CHUNK_S * 1000
    return {
        "sessions": sessions,
        "ready": tally.sessions_ready,
        "n": len(tally.latencies),
        "p50_ms": round(percentile(tally.latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(tally.latencies, 99) * 1000, 2),
        "cpu_per_session": round(cpu / wall / sessions, 4),
        "cpu_total": round(cpu / wall, 3),
        "cpu_emulator": round(cpu_emulator / wall, 3),
        "cpu_load_generator": round(cpu_load / wall, 3),
        "audio_lost_ms": round(max(0.0, sent_ms - counters["audio_ms_received"]), 1),
        "turn_bytes": tally.turn_bytes,
        "failures": dict(tally.failures),
    }


async def _session_urls(target: str, relay: Process, sessions: int, token: str | None):
    base = f"ws://127.0.0.1:{relay.port}"
    if target == "floor":
        return [f"{base}/"] * sessions
    import aiohttp

    headers = {"Authorization": f"Token {token}"}
    async with aiohttp.ClientSession() as http:
        urls = []
        for _ in range(sessions):
            async with http.post(
                f"http://127.0.0.1:{relay.port}/api/conversations/", json={}, headers=headers
            ) as response:
                urls.append(f"{base}/ws/live/{(await response.json())['id']}/")
    return urls


async def measure(args, emulator, floor: Process, sesame: Process, token: str) -> list[dict]:
    rows = []
    # Warm both relays up (imports, TLS contexts, first-connection costs).
    await run_level("floor", floor, 2, 2.0, emulator, None)
    await run_level("sesame", sesame, 2, 2.0, emulator, token)
    for sessions in args.levels:
        floor_row = await run_level("floor", floor, sessions, args.duration, emulator, None)
        sesame_row = await run_level("sesame", sesame, sessions, args.duration, emulator, token)
        rows.append({"sessions": sessions, "floor": floor_row, "sesame": sesame_row})
        print(_line(rows[-1]), flush=True)
    return rows


# --- the report --------------------------------------------------------------------------------

HEADER = (
    f"{'sessions':>8} {'n':>5} {'floor p50':>9} {'p99':>7} {'sesame p50':>10} {'p99':>7}"
    f" {'added p50':>9} {'p99':>7} {'cpu/sess floor':>14} {'sesame':>7} {'ratio':>6}"
    f" {'dropped':>8}"
)


def _added(row: dict) -> tuple[float, float]:
    floor, sesame = row["floor"], row["sesame"]
    return sesame["p50_ms"] - floor["p50_ms"], sesame["p99_ms"] - floor["p99_ms"]


def _dropped(row: dict, expected_bytes: int | None = None) -> int:
    """Count audio lost upstream (ms) plus replies that arrived short, for Sesame."""
    sesame = row["sesame"]
    expected = expected_bytes or max(sesame["turn_bytes"] + row["floor"]["turn_bytes"] or [0])
    short = sum(1 for size in sesame["turn_bytes"] if size < expected)
    lost = sesame["audio_lost_ms"] > 0 or sesame["ready"] < sesame["sessions"]
    return short + int(lost) + sum(sesame["failures"].values())


def _held(row: dict) -> bool:
    """Sesame held the level: p99 added within target, nothing dropped, and the floor itself
    within target (else the machine, not the relay, is the limit and nothing is proven)."""
    return (
        _added(row)[1] <= TARGET_LOAD_P99_MS
        and not _dropped(row)
        and row["floor"]["p99_ms"] <= TARGET_LOAD_P99_MS
    )


def _line(row: dict) -> str:
    floor, sesame = row["floor"], row["sesame"]
    added50, added99 = _added(row)
    ratio = sesame["cpu_per_session"] / floor["cpu_per_session"] if floor["cpu_per_session"] else 0
    return (
        f"{row['sessions']:>8} {sesame['n']:>5} {floor['p50_ms']:>9.2f} {floor['p99_ms']:>7.2f}"
        f" {sesame['p50_ms']:>10.2f} {sesame['p99_ms']:>7.2f} {added50:>9.2f} {added99:>7.2f}"
        f" {floor['cpu_per_session']:>14.4f} {sesame['cpu_per_session']:>7.4f} {ratio:>6.2f}"
        f" {_dropped(row):>8}"
    )


def report(rows: list[dict], duration: float) -> dict:
    """Print the table and return the JSON summary with the targets checked."""
    print(
        f"\nWS voice relay: 20 ms chunks in real time, {duration:.0f} s per level "
        "(latency of the chunk that ends a turn to the first model audio, ms)"
    )
    print(HEADER)
    print("-" * len(HEADER))
    for row in rows:
        print(_line(row))
    print(
        "added = Sesame - floor (plain websockets relay, same run); cpu in cores per session;"
        " dropped = lost audio, short replies and failed sessions (Sesame)"
    )
    lightest = rows[0]
    added50, added99 = _added(lightest)
    capacity = 0
    for row in rows:  # the largest level that held, with every lighter level holding too
        if not _held(row):
            break
        capacity = row["sessions"]
    at_target = min(rows, key=lambda r: abs(r["sessions"] - TARGET_SESSIONS))
    floor_cpu = max(1e-9, at_target["floor"]["cpu_per_session"])
    ratio = at_target["sesame"]["cpu_per_session"] / floor_cpu
    checks = {
        "added_p50": added50 <= TARGET_P50_MS,
        "added_p99": added99 <= TARGET_P99_MS,
        "cpu_ratio": ratio <= TARGET_CPU_RATIO,
        "sessions": capacity >= TARGET_SESSIONS,
    }
    print(
        f"\nTargets: added p50 <= {TARGET_P50_MS} ms, p99 <= {TARGET_P99_MS} ms at "
        f"{lightest['sessions']} sessions; CPU/session <= {TARGET_CPU_RATIO}x the floor's at "
        f"{at_target['sessions']} sessions ({ratio:.2f}x); >= {TARGET_SESSIONS} sessions at "
        f"p99 added <= {TARGET_LOAD_P99_MS} ms with nothing dropped (held: {capacity})"
    )
    for name, ok in checks.items():
        print(f"  {name:<10} {'PASS' if ok else 'FAIL'}")
    for row in rows:
        for side in ("floor", "sesame"):
            row[side] = {k: v for k, v in row[side].items() if k != "turn_bytes"}
    return {
        "bench": "ws_relay",
        "added_p50_ms": round(added50, 2),
        "added_p99_ms": round(added99, 2),
        "cpu_ratio": round(ratio, 3),
        "sessions_held": capacity,
        "rows": rows,
        "targets": checks,
        "pass": all(checks.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ws_relay",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--levels", default="10,30,45,60,90", type=lambda s: [int(x) for x in s.split(",")]
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured per run")
    parser.add_argument("--serve-floor", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.serve_floor:
        asyncio.run(serve_floor(args.serve_floor))
        return 0
    from gemini_emulator.testing import EmulatorProcess

    with tempfile.TemporaryDirectory(prefix="sesame-bench-ws-") as tmp:
        workdir = Path(tmp)
        emulator = EmulatorProcess.start(
            log_level="WARNING", cert_dir=workdir / "certs", args=["--max-audio-s", "0.4"]
        )
        relays = []
        try:
            sesame, token = start_sesame(
                workdir, emulator, SESAME_MAX_LIVE_SESSIONS_PER_USER="100000"
            )
            relays.append(sesame)
            relays.append(start_floor(workdir, emulator))
            print(HEADER, flush=True)
            rows = asyncio.run(measure(args, emulator, relays[1], sesame, token))
        except BaseException:
            for name in ("daphne.log", "floor.log"):
                log = workdir / name
                if log.exists():
                    print(f"{name} (end):\n" + log.read_text(errors="replace")[-6000:])
            raise
        finally:
            for relay in relays:
                relay.stop()
            emulator.stop()
    print(json.dumps(report(rows, args.duration)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
