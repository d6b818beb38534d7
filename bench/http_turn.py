"""HTTP text turn overhead: Sesame under Daphne beside the emulator called directly, same run.

The emulator answers every request after 300 ms. The floor is the same streamed request made
straight to the emulator with google-genai; Sesame is `POST /api/conversations/{id}/messages/`
(JSON answer, and SSE at concurrency 1) through a real Daphne process on a fresh SQLite database.
Overhead = Sesame's percentile - the floor's percentile. At concurrency 32, "parallelism" is the
sum of the turns' latencies over the wall time: 32 means no turn waited for another, 1 means
they were served one after another. It also times the refusal (413) of a decompression bomb, an
oversized picture (JSON and multipart) and a body over the request limit (lowered to 20 MB
here), and of 100 MB multipart bodies (to a turn, to the token endpoint and to the login page,
the last two unauthenticated) with the Daphne process's peak memory growth during each.
Beside Daphne's CPU per turn it prints the CPU the floor's client (this process, google-genai
alone) spends on the same request, and Daphne's CPU per turn serving a bare ASGI app that does
a turn's I/O and thread hops with none of Sesame's work (`bench/_bare_turn.py`, at c=1): CPU
figures differ by ~1.8x between machines of one kind, so these are the yardsticks.

Targets (DESIGN §7): overhead p50 <= 8 ms and p99 <= 25 ms at c=1, p50 <= 30 ms at c=32; 32
concurrent turns do not serialize; Daphne CPU per text turn <= 8 ms; an 11 MB picture refused
in p99 <= 100 ms; a 100 MB body refused in <= 1 s with peak RSS growth <= 1.5x the body.

    python -m bench.http_turn [--samples 200] [--rounds 8] [--latency-ms 300]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench._common import (
    Process,
    cpu_seconds,
    daphne_command,
    free_port,
    peak_rss_mb,
    percentile,
    reset_peak_rss,
    rss_mb,
    start_sesame,
)

ROOT = Path(__file__).resolve().parent.parent
MODEL = "gemini-2.5-flash"
SYSTEM = "You are Sesame, a friendly and concise assistant."
TURNS_PER_CONVERSATION = 10
TARGET_P50_MS, TARGET_P99_MS, TARGET_P50_C32_MS, TARGET_CPU_MS = 8.0, 25.0, 30.0, 8.0
TARGET_REJECT_MS, TARGET_BIG_REJECT_S, TARGET_BIG_RSS_RATIO = 100.0, 1.0, 1.5
BIG_BODY_BYTES = 100 * 1024 * 1024
BOUNDARY = "sesamebenchboundary"
REQUEST_LIMIT_BYTES = 20 * 1024 * 1024  # lowered from ~113 MB so the bench uploads stay small


def summary(latencies: list[float], wall: float) -> dict:
    return {
        "n": len(latencies),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
        "parallelism": round(sum(latencies) / wall, 1) if wall else 0.0,
    }


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """Return a ~100-byte PNG whose header declares a huge pixel count."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


# --- the processes under test ------------------------------------------------------------------


class Served:
    """A Daphne process under test (`server`), and the token its clients send (`token`)."""

    server: Process
    token: str

    @property
    def url(self) -> str:
        return self.server.url

    def cpu_seconds(self) -> float:
        """Return the CPU time the Daphne process has used so far."""
        return cpu_seconds(self.server.pid)

    def peak_rss_mb(self) -> float:
        """Return the Daphne process's peak resident memory so far."""
        return peak_rss_mb(self.server.pid)

    def reset_peak_rss(self) -> float:
        """Reset the Daphne process's peak memory; return its resident memory now."""
        reset_peak_rss(self.server.pid)
        return rss_mb(self.server.pid)

    def stop(self) -> None:
        self.server.stop()


class Sesame(Served):
    """A Daphne process serving Sesame on a fresh database, and a user's token."""

    def __init__(self, workdir: Path, emulator) -> None:
        self.server, self.token = start_sesame(
            workdir,
            emulator,
            SESAME_TURN_RATE="1000000/min",
            SESAME_MAX_REQUEST_BYTES=str(REQUEST_LIMIT_BYTES),
        )


class Bare(Served):
    """`bench._bare_turn` under Daphne: a turn's I/O and thread hops with none of Sesame's work."""

    token = "bare"

    def __init__(self, workdir: Path, emulator) -> None:
        env = {
            **os.environ,
            "GEMINI_BASE_URL": emulator.base_url,
            "GEMINI_CA_FILE": emulator.ca_file,
            "GEMINI_TEXT_MODEL": MODEL,
            "SESAME_SYSTEM_INSTRUCTION": SYSTEM,
        }
        port = free_port()
        command = daphne_command(port, "bench._bare_turn:application")
        self.server = Process(command, env, workdir / "bare.log", port)


# --- the clients -------------------------------------------------------------------------------


class Floor:
    """The emulator called directly with google-genai, sending the history Sesame sends.

    Each worker keeps its own conversation, restarted every TURNS_PER_CONVERSATION turns like
    Sesame's, so both send the same contents and the SDK's own work on them is in the floor.
    """

    def __init__(self, emulator) -> None:
        from google.genai import types

        from core.gemini import build_client

        self.client = build_client(
            api_key="bench", base_url=emulator.base_url, ca_file=emulator.ca_file
        )
        self.config = types.GenerateContentConfig(
            system_instruction=SYSTEM,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )

        self.types = types
        self.histories: dict[int, list] = {}

    async def turn(self, worker: int, index: int) -> None:
        if index % TURNS_PER_CONVERSATION == 0:
            self.histories[worker] = []
        history = self.histories[worker]
        text = f"Benchmark turn {index} from worker {worker}"
        part = self.types.Part.from_text
        history.append(self.types.Content(role="user", parts=[part(text=text)]))
        stream = await self.client.aio.models.generate_content_stream(
            model=MODEL, contents=history, config=self.config
        )
        reply = "".join([chunk.text or "" async for chunk in stream])
        assert reply.startswith("[Gemini emulator]"), reply
        history.append(self.types.Content(role="model", parts=[part(text=reply)]))


class SesameClient:
    """Turns through Sesame's HTTP API, one conversation per worker every few turns."""

    def __init__(self, session: aiohttp.ClientSession, sesame: Served, *, sse: bool) -> None:
        self.session = session
        self.base = sesame.url
        self.headers = {"Authorization": f"Token {sesame.token}"}
        self.sse = sse
        self.conversations: dict[int, str] = {}

    async def conversation(self, worker: int, index: int) -> str:
        if worker not in self.conversations or index % TURNS_PER_CONVERSATION == 0:
            async with self.session.post(
                f"{self.base}/api/conversations/", json={}, headers=self.headers
            ) as response:
                body = await response.json()
                assert response.status == 201, body
                self.conversations[worker] = body["id"]
        return self.conversations[worker]

    async def turn(self, worker: int, index: int, conversation: str) -> None:
        accept = "text/event-stream" if self.sse else "application/json"
        headers = {**self.headers, "Accept": accept}
        url = f"{self.base}/api/conversations/{conversation}/messages/"
        body = {"text": f"Benchmark turn {index} from worker {worker}"}
        async with self.session.post(url, json=body, headers=headers) as response:
            raw = await response.read()
        if self.sse:
            assert response.status == 200 and b"event: model_message" in raw, raw[-300:]
        else:
            assert response.status == 201, raw[:300]


async def run_load(turn, prepare, *, concurrency: int, per_worker: int) -> dict:
    """Run `per_worker` sequential turns in each of `concurrency` workers; time each turn."""
    latencies: list[float] = []

    async def worker(number: int) -> None:
        for index in range(per_worker):
            context = await prepare(number, index) if prepare else None
            started = time.perf_counter()
            await (turn(number, index, context) if prepare else turn(number, index))
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return summary(latencies, time.perf_counter() - started)


async def served_load(server: Served, client: SesameClient, **load: int) -> dict:
    """`run_load` through `client`, with the Daphne CPU per turn `server` spent on it."""
    cpu = server.cpu_seconds()
    row = await run_load(client.turn, client.conversation, **load)
    row["daphne_cpu_ms_per_turn"] = round((server.cpu_seconds() - cpu) / row["n"] * 1000, 1)
    return row


def multipart(size: int, *, text: str = "x") -> bytes:
    """Return a multipart body with a text field and one `images` file of `size` bytes."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="images"; filename="p.png"'
        "\r\nContent-Type: image/png\r\n\r\n"
    ).encode()
    return head + b"\x89PNG" + b"\0" * (size - 4) + f"\r\n--{BOUNDARY}--\r\n".encode()


async def timed_post(session, url: str, payload: bytes, headers: dict) -> tuple[float, int, dict]:
    """POST a body; return the seconds to the whole answer, its status and its JSON."""
    started = time.perf_counter()
    async with session.post(url, data=payload, headers=headers) as response:
        body = await response.json(content_type=None)
    return time.perf_counter() - started, response.status, body


async def rejections(session: aiohttp.ClientSession, sesame: Sesame, samples: int) -> dict:
    """Time the refusal of bad uploads, and the memory 100 MB bodies cost Daphne."""
    auth = {"Authorization": f"Token {sesame.token}"}
    async with session.post(f"{sesame.url}/api/conversations/", json={}, headers=auth) as r:
        url = f"{sesame.url}/api/conversations/{(await r.json())['id']}/messages/"
    as_json = {**auth, "Content-Type": "application/json"}
    as_form = {**auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    bomb = base64.b64encode(png_bomb()).decode()
    bodies = {
        "bomb (100 B PNG, 10 Gpx)": (
            json.dumps({"images": [{"mime_type": "image/png", "data": bomb}]}).encode(),
            as_json,
            "image_too_many_pixels",
        ),
        "11 MB picture, JSON": (
            json.dumps({"images": [{"mime_type": "image/png", "data": "A" * 15 * 2**20}]}).encode(),
            as_json,
            "image_too_large",
        ),
        "11 MB picture, multipart": (multipart(11 * 2**20), as_form, "image_too_large"),
        "body over the limit (25 MB)": (
            json.dumps({"text": "x" * 25 * 2**20}).encode(),
            as_json,
            "request_too_large",
        ),
    }
    # The 100 MB bodies first, so the peak memory they cause is not hidden by memory freed
    # (and kept by the allocator) after the smaller ones.
    results: dict = {}
    big = multipart(BIG_BODY_BYTES)
    unauthenticated = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    for name, target, headers in (
        ("100 MB to a turn", url, as_form),
        ("100 MB to /api/auth/token/", f"{sesame.url}/api/auth/token/", unauthenticated),
        ("100 MB to /accounts/login/", f"{sesame.url}/accounts/login/", unauthenticated),
    ):
        rss_before = sesame.reset_peak_rss()
        elapsed, status, body = await timed_post(session, target, big, headers)
        assert status == 413 and body["error"]["code"] == "request_too_large", (name, body)
        growth = sesame.peak_rss_mb() - rss_before
        results[name] = {
            "n": 1,
            "seconds": round(elapsed, 3),
            "peak_rss_growth_mb": round(growth, 1),
            "rss_ratio": round(growth * 2**20 / len(big), 2),
        }
    for name, (payload, headers, code) in bodies.items():
        times = []
        for _ in range(samples):
            elapsed, status, body = await timed_post(session, url, payload, headers)
            assert status == 413 and body["error"]["code"] == code, (name, status, body)
            times.append(elapsed)
        results[name] = summary(times, 0)
    return results


async def measure(sesame: Sesame, bare: Bare, emulator, args) -> dict:
    floor = Floor(emulator)
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        json_client = SesameClient(session, sesame, sse=False)
        sse_client = SesameClient(session, sesame, sse=True)
        bare_client = SesameClient(session, bare, sse=False)
        await emulator.aset_faults(latency_ms=0)
        for index in range(10):  # warm up every path (imports, connections, caches)
            await floor.turn(0, index)
            await json_client.turn(0, index, await json_client.conversation(0, index))
            await bare_client.turn(0, index, await bare_client.conversation(0, index))
        reject = await rejections(session, sesame, samples=max(10, args.samples // 10))
        await emulator.aset_faults(latency_ms=args.latency_ms)
        rows = {}
        for concurrency, per_worker in ((1, args.samples), (32, args.rounds)):
            own_cpu = time.process_time()  # this process runs only the floor's client now
            row = rows[f"floor c={concurrency}"] = await run_load(
                floor.turn, None, concurrency=concurrency, per_worker=per_worker
            )
            row["client_cpu_ms_per_turn"] = round(
                (time.process_time() - own_cpu) / row["n"] * 1000, 1
            )
            rows[f"sesame json c={concurrency}"] = await served_load(
                sesame, json_client, concurrency=concurrency, per_worker=per_worker
            )
            if concurrency == 1:
                rows["sesame sse c=1"] = await run_load(
                    sse_client.turn, sse_client.conversation, concurrency=1, per_worker=per_worker
                )
                rows["bare app c=1"] = await served_load(
                    bare, bare_client, concurrency=1, per_worker=per_worker
                )
        await emulator.aset_faults(latency_ms=0)
    return {"rows": rows, "rejections": reject}


def report(result: dict, latency_ms: int) -> dict:
    """Print the table; return the JSON summary with the targets checked."""
    rows = result["rows"]
    print(f"\nHTTP text turn, emulator answering after {latency_ms} ms (times in ms)")
    header = (
        f"{'case':<17}{'n':>5}{'floor p50':>11}{'floor p99':>11}{'sesame p50':>12}"
        f"{'sesame p99':>12}{'over p50':>10}{'over p99':>10}{'ratio p50':>11}{'parallel':>11}"
    )
    print(header)
    print("-" * len(header))
    overheads = {}
    for name, row in rows.items():
        if name.startswith("floor"):
            continue
        base = rows["floor c=" + name.rsplit("c=", 1)[1]]
        over50, over99 = row["p50_ms"] - base["p50_ms"], row["p99_ms"] - base["p99_ms"]
        overheads[name] = {"p50_ms": round(over50, 2), "p99_ms": round(over99, 2)}
        print(
            f"{name:<17}{row['n']:>5}{base['p50_ms']:>11.1f}{base['p99_ms']:>11.1f}"
            f"{row['p50_ms']:>12.1f}{row['p99_ms']:>12.1f}{over50:>10.1f}{over99:>10.1f}"
            f"{row['p50_ms'] / base['p50_ms']:>11.3f}"
            f"{row['parallelism']:>6.1f}/{base['parallelism']:<4.1f}"
        )
    print("parallel = Sesame's / the floor's: 32 = no turn waited for another, 1 = serialized")
    for name, row in rows.items():
        if "daphne_cpu_ms_per_turn" in row and name.startswith("sesame"):
            sdk = rows["floor c=" + name.rsplit("c=", 1)[1]].get("client_cpu_ms_per_turn")
            print(
                f"Daphne CPU per turn, {name}: {row['daphne_cpu_ms_per_turn']} ms"
                " (one process: at c=32 the turns' CPU queues on one core)"
            )
            if sdk:
                print(
                    f"  the floor's client, google-genai alone: {sdk} ms a turn"
                    f" (Sesame's whole turn = {row['daphne_cpu_ms_per_turn'] / sdk:.2f}x it:"
                    " a measure of this machine's speed, not a target)"
                )
    bare = rows["bare app c=1"]["daphne_cpu_ms_per_turn"]
    own = rows["sesame json c=1"]["daphne_cpu_ms_per_turn"] - bare
    print(
        f"Daphne CPU per turn, bare app c=1: {bare} ms (the same requests, Gemini stream and"
        f" thread hops, no Django: bench/_bare_turn.py); Sesame's own work at c=1: {own:.1f} ms"
    )
    reject = result["rejections"]
    print("\nBad uploads refused (413)")
    for name, row in reject.items():
        if "p50_ms" in row:
            p50, p99 = row["p50_ms"], row["p99_ms"]
            print(f"  {name:<30} n={row['n']:<4} p50 {p50:>7.1f} ms  p99 {p99:>7.1f} ms")
        else:
            print(
                f"  {name:<30} {row['seconds']:>6.3f} s   Daphne peak RSS +"
                f"{row['peak_rss_growth_mb']:.0f} MB = {row['rss_ratio']}x the body"
            )

    c1, c32 = rows["sesame json c=1"], rows["sesame json c=32"]
    big = [row for row in reject.values() if "seconds" in row]
    checks = {
        "overhead_p50_c1": overheads["sesame json c=1"]["p50_ms"] <= TARGET_P50_MS,
        "overhead_p99_c1": overheads["sesame json c=1"]["p99_ms"] <= TARGET_P99_MS,
        "overhead_p50_c32": overheads["sesame json c=32"]["p50_ms"] <= TARGET_P50_C32_MS,
        "c32_not_serialized": c32["parallelism"] >= 0.75 * 32,
        "cpu_per_turn_c1": c1["daphne_cpu_ms_per_turn"] <= TARGET_CPU_MS,
        "picture_refused_p99": all(
            row["p99_ms"] <= TARGET_REJECT_MS for row in reject.values() if "p99_ms" in row
        ),
        "100mb_refused_1s": all(row["seconds"] <= TARGET_BIG_REJECT_S for row in big),
        "100mb_rss_1.5x": all(row["rss_ratio"] <= TARGET_BIG_RSS_RATIO for row in big),
    }
    print(
        "\nTargets: overhead p50 <= 8 ms, p99 <= 25 ms at c=1, p50 <= 30 ms at c=32; c=32"
        " parallelism >= 24; CPU <= 8 ms a turn; refusals <= 100 ms; 100 MB <= 1 s, <= 1.5x RSS"
    )
    for name, ok in checks.items():
        print(f"  {name:<22} {'PASS' if ok else 'FAIL'}")
    return {
        "bench": "http_turn",
        "model_latency_ms": latency_ms,
        "rows": rows,
        "overhead": overheads,
        "rejections": reject,
        "targets": checks,
        "pass": all(checks.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http_turn", description=__doc__)
    parser.add_argument("--samples", type=int, default=200, help="turns at concurrency 1")
    parser.add_argument("--rounds", type=int, default=8, help="turns per worker at concurrency 32")
    parser.add_argument("--latency-ms", type=int, default=300)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesame_site.settings")
    from gemini_emulator.testing import EmulatorProcess

    with tempfile.TemporaryDirectory(prefix="sesame-bench-") as tmp:
        emulator = EmulatorProcess.start(log_level="WARNING", cert_dir=Path(tmp) / "certs")
        sesame = bare = None
        try:
            sesame = Sesame(Path(tmp), emulator)
            bare = Bare(Path(tmp), emulator)
            result = asyncio.run(measure(sesame, bare, emulator, args))
        except BaseException:
            log = Path(tmp) / "daphne.log"
            if log.exists():
                print("daphne.log (end):\n" + log.read_text(errors="replace")[-12000:])
            raise
        finally:
            for server in (sesame, bare):
                if server is not None:
                    server.stop()
            emulator.stop()
    print(json.dumps(report(result, args.latency_ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
