"""WebRTC calls in the call view, headless Chromium with fake microphone, camera and screen."""

import re

import pytest

from live.tests import signals
from tests.e2e.conftest import sign_up
from tests.e2e.helpers import DESKTOP, PHONE, screenshot, serious_violations
from tests.e2e.test_chat import png
from tests.e2e.test_voice import SEE_CAPTIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PANEL = "document.getElementById('voice-panel').dataset"
LIVE = f"['listening', 'speaking'].includes({PANEL}.state)"
# As if UDP were blocked: the browser may only use TURN relays, and none is configured.
BLOCK_UDP = """
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = function (config) {
  return new NativePeerConnection({...config, iceTransportPolicy: "relay"});
};
window.RTCPeerConnection.prototype = NativePeerConnection.prototype;
"""


@pytest.fixture
def microphone_wav(tmp_path):
    path = tmp_path / "microphone.wav"
    pcm = signals.tone_bursts(3, pause_s=2.0, lead_s=1.0, rate=48_000)
    path.write_bytes(signals.wav_bytes(pcm, 48_000))
    return path


def _open_call(launch_browser, daphne_server, microphone_wav, *init_scripts):
    browser = launch_browser(f"--use-file-for-fake-audio-capture={microphone_wav}%noloop")
    context = browser.new_context(base_url=daphne_server.url, viewport=DESKTOP)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    for script in (SEE_CAPTIONS, *init_scripts):
        page.add_init_script(script)
    return context, page


def _ask(page, question: str, expected: str) -> str:
    page.get_by_test_id("voice-text").fill(question)
    page.get_by_test_id("voice-send").click()
    reply = page.get_by_test_id("model-message").filter(has_text=expected).last
    reply.wait_for()
    return reply.inner_text()


def _dataset_number(page, key: str) -> int:
    return int(page.evaluate(f"Number({PANEL}.{key} || 0)"))


def test_webrtc_call_with_camera_then_screen_share(
    launch_browser, daphne_server, emulator, microphone_wav
):
    """A call over WebRTC: captions, Gemini's audio played, camera then screen, turns kept."""
    context, page = _open_call(launch_browser, daphne_server, microphone_wav)
    sign_up(page, "caller")
    page.get_by_test_id("voice-button").click()
    page.wait_for_function(f"{PANEL}.transport === 'webrtc' && {PANEL}.peer === 'connected'")
    page.wait_for_function(LIVE)
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}/$"))
    assert page.get_by_test_id("voice-screen").is_enabled()

    # Speech in over the RTP track: both captions, then Gemini's audio played from its track.
    page.wait_for_function(
        "[...window.seenCaptions].some(c => c.startsWith('user:') && c.includes('[speech'))"
    )
    page.wait_for_function(
        "[...window.seenCaptions].some(c => c.startsWith('model:') && c.includes('[Gemini'))"
    )
    page.wait_for_function(f"Number({PANEL}.playedMs) >= 300")
    spoken = page.get_by_test_id("user-message").filter(has_text="[speech").first
    spoken.wait_for()
    assert "voice" in spoken.inner_text()

    # The camera, then a screen share added mid-call: Gemini sees the screen (camera inset).
    # (Asked once the microphone file has played out, so no speech cuts the answers short.)
    page.get_by_test_id("user-message").filter(has_text="[speech").nth(2).wait_for()
    page.get_by_test_id("voice-camera").click()
    page.get_by_test_id("voice-preview").wait_for(state="visible")
    page.wait_for_function("document.getElementById('voice-camera').ariaPressed === 'true'")
    page.wait_for_timeout(2500)
    assert "JPEG image, 640×480 pixels" in _ask(page, "what do you see", "640×480")
    played, sent = _dataset_number(page, "playedMs"), _dataset_number(page, "sentMs")
    page.get_by_test_id("voice-screen").click()
    page.wait_for_function("document.getElementById('voice-screen').ariaPressed === 'true'")
    page.wait_for_timeout(2500)
    assert "JPEG image, 1280×720 pixels" in _ask(page, "what can you see", "1280×720")
    # Switching sources never touched the audio: the same peer, the microphone still sent,
    # and Gemini's spoken answer about the screen played.
    assert page.evaluate(f"{PANEL}.peer") == "connected"
    page.wait_for_function(f"Number({PANEL}.playedMs) > {played}")
    page.wait_for_function(f"Number({PANEL}.sentMs) > {sent}")
    assert page.evaluate(LIVE)
    screenshot(page, "call-webrtc-desktop")
    assert not serious_violations(page)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "call-webrtc-phone")
    page.set_viewport_size(DESKTOP)

    # The screen off again: the camera stays, and so does the call.
    page.get_by_test_id("voice-screen").click()
    page.wait_for_function("document.getElementById('voice-screen').ariaPressed === 'false'")
    assert page.get_by_test_id("voice-preview").is_visible()
    assert page.evaluate(f"{PANEL}.peer") == "connected"

    # A picture sent during the call is a stored turn of the same session.
    page.get_by_test_id("voice-text").fill("and this picture?")
    page.get_by_test_id("voice-file").set_input_files(
        {"name": "blue.png", "mimeType": "image/png", "buffer": png(colour=(0, 0, 255))}
    )
    answer = page.get_by_test_id("model-message").filter(has_text="64×48").last
    answer.wait_for()
    assert "I see a PNG image, 64×48 pixels, mean colour #0000ff." in answer.inner_text()
    asked = page.get_by_test_id("user-message").filter(has_text="and this picture?")
    assert asked.locator("img").count() == 1

    # A reload mid-call keeps every stored turn and resumes Gemini's session on a new call.
    page.on("dialog", lambda dialog: dialog.accept())  # leaving mid-call asks first
    page.reload()
    page.get_by_test_id("model-message").first.wait_for()
    assert page.get_by_test_id("user-message").filter(has_text="[speech").count() >= 3
    assert page.get_by_test_id("model-message").filter(has_text="1280×720").count() == 1
    button = page.get_by_test_id("voice-button")
    assert button.get_attribute("aria-label") == "Resume call"
    button.click()
    page.wait_for_function(f"{PANEL}.resumed === 'true' && {PANEL}.peer === 'connected'")
    page.wait_for_function(LIVE)
    page.get_by_test_id("voice-end").click()
    page.get_by_test_id("voice-panel").wait_for(state="hidden")
    assert page.get_by_test_id("voice-preview").evaluate("video => video.srcObject") is None
    assert not page.errors, page.errors
    context.close()


def test_blocked_webrtc_falls_back_to_the_websocket_path(
    launch_browser, daphne_server, emulator, microphone_wav
):
    """UDP blocked: the view says so and the call goes on over the WebSocket voice path."""
    context, page = _open_call(launch_browser, daphne_server, microphone_wav, BLOCK_UDP)
    sign_up(page, "blocked")
    page.get_by_test_id("voice-button").click()
    page.wait_for_function(f"{PANEL}.transport === 'webrtc'")
    assert page.get_by_test_id("voice-status").inner_text() == "Connecting…"
    page.wait_for_function(f"{PANEL}.transport === 'websocket'", timeout=15_000)
    page.wait_for_function(LIVE)
    notice = page.get_by_test_id("voice-notice")
    assert "WebSocket voice path" in notice.inner_text()
    screenshot(page, "call-webrtc-fallback")
    assert page.get_by_test_id("voice-screen").is_disabled()  # the socket path shares no screen

    # The call works: speech is captioned, answered aloud and stored; typing is a turn too.
    page.wait_for_function(
        "[...window.seenCaptions].some(c => c.startsWith('model:') && c.includes('[Gemini'))"
    )
    page.wait_for_function(f"Number({PANEL}.playedMs) > 200")
    spoken = page.get_by_test_id("user-message").filter(has_text="[speech").first
    spoken.wait_for()
    assert "voice" in spoken.inner_text()
    page.get_by_test_id("voice-text").fill("typed after the fallback")
    page.get_by_test_id("voice-send").click()
    page.get_by_test_id("model-message").filter(has_text='"typed after the fallback"').wait_for()
    assert "WebSocket voice path" in notice.inner_text()  # still said
    page.get_by_test_id("voice-end").click()
    page.get_by_test_id("voice-panel").wait_for(state="hidden")
    assert not page.errors, page.errors
    context.close()
