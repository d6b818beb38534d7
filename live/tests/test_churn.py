"""No utterance lost when Gemini's connection is switched mid-call (real Daphne, real time)."""

from __future__ import annotations

import asyncio

import pytest

from live.tests import signals
from live.tests.helpers import CHUNK_BYTES, astored, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

UTTERANCES = 10  # 1 s of speech every 3 s: 30 s
CHUNK_S = 0.02


async def speak_in_real_time(client, pcm: bytes) -> None:
    """Send audio as 20 ms frames at the pace a microphone produces them."""
    loop = asyncio.get_running_loop()
    tick = loop.time()
    for start in range(0, len(pcm), CHUNK_BYTES):
        await client.send_bytes(pcm[start : start + CHUNK_BYTES])
        tick += CHUNK_S
        await asyncio.sleep(max(0.0, tick - loop.time()))


@pytest.mark.parametrize(
    "faults",
    [
        {"go_away_after_s": 3.5, "go_away_count": -1, "go_away_time_left_s": 1.0},
        {"close_after_s": 4.0, "close_count": -1},
    ],
    ids=["go_away", "abrupt_close"],
)
async def test_every_utterance_is_stored_whole_across_switches(
    faults, call, conversation, emulator
):
    """Switches every few seconds while speaking: every utterance stored at full length."""
    await emulator.aset_faults(**faults)
    client = await call()

    async def listen():
        while await client.next(within=60) is not None:
            pass

    async def all_stored():
        rows = await astored(conversation)
        heard = [r[3] for r in rows if r[0] == "user"]
        return heard if len(heard) >= UTTERANCES else None

    listening = asyncio.create_task(listen())
    try:
        pcm = b"".join(signals.tone(1.0) + signals.silence(2.0) for _ in range(UTTERANCES))
        await speak_in_real_time(client, pcm + signals.silence(1.0))
        heard = await wait_for(all_stored, within=10)
    finally:
        listening.cancel()
    counters = await emulator.acounters()
    switches = counters["go_aways_sent"] + counters["faults_injected"]
    assert switches >= 6, counters
    assert heard == ["[speech 1.00 s]"] * UTTERANCES
    assert client.close_code is None and not client.of_type("error")
    assert len(client.of_type("resumed")) >= 6
    turns = [f["turn"] for f in client.of_type("turn_complete")]
    assert turns == sorted(set(turns))  # each turn completed once, in order
