"""Voice mode in headless Chromium, the microphone fed from a WAV file the test writes."""

import math
import re

import pytest

from live.tests import signals
from tests.e2e.conftest import sign_up
from tests.e2e.helpers import at_end

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Record the text of every caption line the page shows, however briefly.
SEE_CAPTIONS = """
window.seenCaptions = new Set();
new MutationObserver(() => {
  for (const line of document.querySelectorAll("[data-testid^='caption-']")) {
    window.seenCaptions.add(line.dataset.testid.slice(8) + ":" + line.textContent);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
UTTERANCES = ["Hello Gemini, this is a voice test.", "Can you hear me?", "Thank you."]


@pytest.fixture(params=["speech", "tones"])
def microphone_wav(request, tmp_path):
    """Speech from espeak-ng (tone bursts when it is absent), or tone bursts, with pauses."""
    if request.param == "speech":
        pcm = signals.utterances(UTTERANCES, pause_s=2.0, lead_s=1.0, rate=48_000)
    else:
        pcm = signals.tone_bursts(3, pause_s=2.0, lead_s=1.0, rate=48_000)
    path = tmp_path / "microphone.wav"
    path.write_bytes(signals.wav_bytes(pcm, 48_000))
    return path


def test_voice_call_captions_audio_and_reload(
    launch_browser, daphne_server, emulator, microphone_wav
):
    """Voice mode connects, captions both sides, plays model audio; a reload keeps the turns."""
    browser = launch_browser(f"--use-file-for-fake-audio-capture={microphone_wav}%noloop")
    context = browser.new_context(base_url=daphne_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(SEE_CAPTIONS)
    sign_up(page, "talker")
    # This test is about the WebSocket voice path (PCM over the socket, its sent/played
    # counters): calls default to WebRTC (test_webrtc.py) unless the address asks for it.
    page.goto("/?transport=websocket")

    button = page.get_by_test_id("voice-button")
    assert button.get_attribute("aria-label") == "Start a voice call"
    button.click()
    panel = page.get_by_test_id("voice-panel")
    panel.wait_for(state="visible")
    page.wait_for_function(
        "['listening', 'speaking'].includes(document.getElementById('voice-panel').dataset.state)"
    )
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}/$"))  # the call made a conversation
    assert panel.get_attribute("data-transport") == "websocket"
    assert page.get_by_test_id("voice-status").inner_text() in ("Listening", "Gemini is speaking")

    # Live captions of both sides, then model audio through the player worklet.
    # Captions live only until their turn is stored, which can be quick: record every one seen.
    page.wait_for_function(
        "[...window.seenCaptions].some(c => c.startsWith('user:') && c.includes('[speech'))"
    )
    page.wait_for_function(
        "[...window.seenCaptions].some(c => c.startsWith('model:') && c.includes('[Gemini'))"
    )
    page.wait_for_function("Number(document.getElementById('voice-panel').dataset.playedMs) > 200")
    assert int(panel.get_attribute("data-sent-ms")) > 1000  # the microphone was streamed

    # Each finished turn joins the thread as the stored voice messages.
    voice_reply = page.get_by_test_id("model-message").filter(has_text="[Gemini emulator]").first
    voice_reply.wait_for()
    assert "You said:" in voice_reply.inner_text()
    spoken = page.get_by_test_id("user-message").filter(has_text="[speech").first
    assert "voice" in spoken.inner_text()

    # Typed text during the call is a turn of the same session.
    page.get_by_test_id("voice-text").fill("typed while talking")
    page.get_by_test_id("voice-send").click()
    typed = page.get_by_test_id("model-message").filter(has_text='"typed while talking"')
    typed.wait_for()

    # The camera: a preview, and about a frame a second to Gemini (not stored).
    page.get_by_test_id("voice-camera").click()
    page.get_by_test_id("voice-preview").wait_for(state="visible")
    page.wait_for_timeout(1500)
    assert emulator.counters()["video_frames_received"] >= 1

    # Ending the call: the panel goes away and every track is stopped.
    page.get_by_test_id("voice-end").click()
    panel.wait_for(state="hidden")
    assert button.get_attribute("aria-label") == "Start a voice call"
    assert page.get_by_test_id("voice-preview").evaluate("video => video.srcObject") is None
    button.click()  # and a new call in the same thread resumes Gemini's session
    page.wait_for_function("document.getElementById('voice-panel').dataset.resumed === 'true'")

    stored_before = page.get_by_test_id("model-message").count()
    page.on("dialog", lambda dialog: dialog.accept())  # leaving mid-call asks first
    page.reload()
    page.get_by_test_id("model-message").first.wait_for()
    assert page.get_by_test_id("model-message").count() >= stored_before
    assert page.get_by_test_id("user-message").filter(has_text="[speech").count() >= 1
    assert page.get_by_test_id("voice-button").get_attribute("aria-label") == "Resume call"
    assert not errors, errors
    context.close()


def test_call_view_over_the_thread(launch_browser, daphne_server):
    """The call view covers the thread; push-to-talk keeps the socket; leaving asks; end returns."""
    context = launch_browser().new_context(base_url=daphne_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    sockets = []
    # The call's own sockets (the page's /ws/events/ stream is another matter).
    calls = ("/ws/rtc/", "/ws/live/")
    page.on("websocket", lambda ws: any(p in ws.url for p in calls) and sockets.append(ws.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_up(page, "caller")
    page.get_by_test_id("composer-text").fill("Before the call")
    page.get_by_test_id("composer-text").press("Enter")
    page.get_by_test_id("model-message").last.wait_for()
    other = page.request.post(
        "/api/conversations/",
        data={"title": "Another thread"},
        headers={
            "X-CSRFToken": next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        },
    ).json()
    page.reload()
    page.get_by_test_id("model-message").last.wait_for()

    page.get_by_test_id("voice-button").click()
    panel = page.get_by_test_id("voice-panel")
    panel.wait_for(state="visible")
    page.wait_for_function(
        "['listening', 'speaking'].includes(document.getElementById('voice-panel').dataset.state)"
    )
    thread = page.locator(".thread").bounding_box()
    view = panel.bounding_box()
    assert view["width"] >= thread["width"] - 1 and view["height"] >= thread["height"] - 1

    states = []
    page.expose_function("seeState", lambda state: states.append(state))
    page.evaluate(
        """() => new MutationObserver(() => window.seeState(
             document.getElementById('voice-panel').dataset.state)).observe(
             document.getElementById('voice-panel'), {attributes: true})"""
    )
    page.get_by_test_id("voice-ptt-mode").click()
    talk = page.get_by_test_id("voice-talk")
    talk.wait_for(state="visible")
    page.wait_for_function("document.getElementById('voice-panel').dataset.state !== 'listening'")
    talk.hover()
    page.mouse.down()  # held: the microphone goes to Gemini (and Gemini's voice is cut)
    status = page.get_by_test_id("voice-status")
    assert status.inner_text() in ("Listening (push to talk)", "Gemini is speaking")
    page.mouse.up()
    assert status.inner_text() in ("Hold to talk", "Gemini is speaking")
    page.get_by_test_id("voice-ptt-mode").click()
    page.get_by_test_id("voice-talk").wait_for(state="hidden")
    page.wait_for_timeout(500)
    assert "reconnecting" not in states and "connecting" not in states, states
    # Push-to-talk is a mode, not a new connection (the call is WebRTC, the default).
    assert len(sockets) == 1 and "/ws/rtc/" in sockets[0], sockets

    # Switching conversation mid-call asks first; staying keeps the call.
    page.get_by_test_id("conversation-item").filter(has_text="Another thread").click(force=True)
    page.get_by_test_id("confirm-dialog").wait_for()
    page.get_by_test_id("confirm-cancel").click()
    assert panel.is_visible() and "/c/" + other["id"] not in page.url

    # Closing the tab mid-call asks too (the browser's own "leave site?" prompt).
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"] and not page.is_closed()

    page.get_by_test_id("voice-end").click()
    panel.wait_for(state="hidden")
    assert at_end(page)
    assert not errors, errors
    context.close()


# Feed a tone through the page's recorder worklet in an OfflineAudioContext at 48 kHz and
# return the RMS of the 16 kHz PCM16 it produces (the samples that would go to the server).
RECORD_TONE = """
async (frequency) => {
  const context = new OfflineAudioContext(1, 48000, 48000);
  await context.audioWorklet.addModule("/static/js/live/recorder-worklet.js");
  const recorder = new AudioWorkletNode(context, "pcm-recorder", {
    processorOptions: { chunkMs: 40, sending: true }, channelCount: 1, channelCountMode: "explicit",
  });
  const chunks = [];
  recorder.port.onmessage = (event) => {
    if (event.data instanceof ArrayBuffer) chunks.push(new Int16Array(event.data));
  };
  const tone = new OscillatorNode(context, { frequency });
  tone.connect(new GainNode(context, { gain: 0.5 })).connect(recorder).connect(context.destination);
  tone.start();
  await context.startRendering();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const samples = chunks.slice(2).flatMap((chunk) => Array.from(chunk));
  const power = samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length;
  return { rms: Math.sqrt(power), samples: samples.length };
}
"""


def test_recorder_worklet_removes_tones_above_8_khz(page):
    """48 kHz → 16 kHz in the browser: a 10 kHz tone (aliasing to 6 kHz) is below -40 dB,
    while a 1 kHz tone passes at its level."""
    page.goto("/accounts/login/")
    speech_band = page.evaluate(RECORD_TONE, 1000)
    above_nyquist = page.evaluate(RECORD_TONE, 10_000)
    assert speech_band["samples"] > 8000 and above_nyquist["samples"] > 8000
    full = 0.5 * 32767 / 2**0.5
    assert abs(20 * math.log10(speech_band["rms"] / full)) < 1.0
    assert 20 * math.log10(max(above_nyquist["rms"], 1e-9) / full) < -40
