"""Pipecat's own web client (vendored, unmodified) calls Sesame from headless Chromium."""

import json
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from live.tests import signals
from tests.e2e.conftest import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


SEEN = (
    "([sel, text]) => [...document.querySelectorAll(sel)].some(e => e.textContent.includes(text))"
)


def events(page, kind: str) -> list[str]:
    """Return the texts of the events of `kind` the page logged."""
    return page.locator(f"#events li[data-type='{kind}']").all_inner_texts()


def wait_event(page, kind: str, contains: str = "") -> str:
    """Wait until the page logged an event of `kind` (whose text contains `contains`)."""
    try:
        page.wait_for_function(SEEN, arg=[f"#events li[data-type='{kind}']", contains])
    except PlaywrightTimeout:
        logged = page.locator("#events li").all_inner_texts()
        raise AssertionError(f"no {kind} event containing {contains!r}; logged: {logged}") from None
    return next(t for t in events(page, kind) if contains in t)


def test_pipecat_client_calls_sesame(launch_browser, daphne_server, emulator, tmp_path):
    """The real client connects, hears and answers, sendText() is answered, disconnect() ends."""
    wav = tmp_path / "microphone.wav"
    wav.write_bytes(
        signals.wav_bytes(signals.tone_bursts(3, pause_s=2.0, lead_s=1.0, rate=48_000), 48_000)
    )
    browser = launch_browser(f"--use-file-for-fake-audio-capture={wav}%noloop")
    context = browser.new_context(base_url=daphne_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors, elsewhere = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(daphne_server.url) else elsewhere.append(r.url),
    )
    sign_up(page, "pipecat-fan")
    page.goto("/examples/pipecat/")
    page.get_by_test_id("call").click()

    ready = json.loads(wait_event(page, "bot-ready").split(": ", 1)[1])
    assert ready["version"] == "2.1.0"
    conversation_id = ready["about"]["conversation_id"]
    page.wait_for_function("document.getElementById('pipecat-example').dataset.state === 'ready'")
    wait_event(page, "bot-audio-track")
    wait_event(page, "user-transcription", "[speech")
    wait_event(page, "bot-started-speaking")
    wait_event(page, "bot-llm-text", "[Gemini")
    wait_event(page, "bot-output")
    # The bot's audio track plays in the page's <audio> element.
    page.wait_for_function("document.getElementById('bot-audio').currentTime > 0.2")

    page.get_by_test_id("say-text").fill("typed through Pipecat")
    page.get_by_test_id("say-send").click()
    # The answer's words stream as bot-llm-text; the page shows the stored reply when it is kept.
    answer = page.locator("#transcript p[data-role='model']", has_text="typed through Pipecat")
    try:
        answer.first.wait_for()
    except PlaywrightTimeout:
        shown = page.locator("#transcript p").all_inner_texts()
        raise AssertionError(f"no stored answer to the typed text; transcript: {shown}") from None

    page.get_by_test_id("hang-up").click()
    wait_event(page, "disconnected")
    deadline = time.monotonic() + 10
    while emulator.counters()["live_sessions_open"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert emulator.counters()["live_sessions_open"] == 0  # no Gemini session left open

    stored = page.request.get(f"/api/conversations/{conversation_id}/messages/").json()
    rows = [(m["role"], m["source"], m["text"]) for m in stored["results"]]
    assert ("user", "text", "typed through Pipecat") in rows
    assert any(r[:2] == ("user", "webrtc") and r[2].startswith("[speech") for r in rows), rows
    assert any(r[:2] == ("model", "webrtc") for r in rows), rows
    assert not elsewhere, elsewhere  # everything came from Sesame: no CDN
    assert not errors, errors
    context.close()
