"""WebRTC calls in headless Chromium: fake microphone, camera and screen; the WebSocket fallback."""

import re

import pytest

from live import audio
from tests.e2e.conftest import sign_up
from tests.e2e.test_voice import SEE_CAPTIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PANEL = "document.getElementById('voice-panel').dataset"
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
    pcm = audio.tone_bursts(3, pause_s=2.0, lead_s=1.0, rate=48_000)
    path.write_bytes(audio.wav_bytes(pcm, 48_000))
    return path


def _open_call(launch_browser, daphne_server, microphone_wav, *flags):
    browser = launch_browser(f"--use-file-for-fake-audio-capture={microphone_wav}%noloop", *flags)
    context = browser.new_context(base_url=daphne_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.add_init_script(SEE_CAPTIONS)
    return context, page


def _ask(page, question: str, expected: str) -> str:
    page.get_by_test_id("voice-text").fill(question)
    page.get_by_test_id("voice-send").click()
    reply = page.get_by_test_id("model-message").filter(has_text=expected).last
    try:
        reply.wait_for()
    except Exception:
        print("MODEL", page.get_by_test_id("model-message").all_inner_texts())
        raise
    return reply.inner_text()


def test_webrtc_call_with_camera_then_screen_share(
    launch_browser, daphne_server, emulator, microphone_wav
):
    """A call connects over WebRTC: captions, model audio played, camera then screen seen."""
    context, page = _open_call(launch_browser, daphne_server, microphone_wav)
    sign_up(page, "caller")
    page.get_by_test_id("voice-button").click()
    page.wait_for_function(f"{PANEL}.transport === 'webrtc' && {PANEL}.rtc === 'connected'")
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}/$"))

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
    assert "video call" in spoken.inner_text()

    # The camera, then a screen share added mid-call: Gemini sees the screen (camera inset).
    # (Asked once the microphone file has played out, so no speech cuts the answers short.)
    page.get_by_test_id("user-message").filter(has_text="[speech").nth(2).wait_for()
    page.get_by_test_id("voice-camera").click()
    page.get_by_test_id("voice-preview").wait_for(state="visible")
    page.wait_for_timeout(2500)
    assert "JPEG image, 640×480 pixels" in _ask(page, "what do you see", "640×480")
    screen = page.get_by_test_id("voice-screen")
    screen.click()
    page.wait_for_function("document.getElementById('voice-screen').ariaPressed === 'true'")
    page.wait_for_timeout(2500)
    assert "JPEG image, 1280×720 pixels" in _ask(page, "what can you see", "1280×720")
    assert page.evaluate(f"{PANEL}.rtc") == "connected"  # the audio went on throughout

    # A reload mid-call keeps every stored turn and resumes Gemini's session on a new call.
    page.reload()
    page.get_by_test_id("model-message").first.wait_for()
    assert page.get_by_test_id("user-message").filter(has_text="[speech").count() >= 1
    assert page.get_by_test_id("model-message").filter(has_text="1280×720").count() == 1
    assert page.get_by_test_id("voice-button").inner_text() == "Resume call"
    page.get_by_test_id("voice-button").click()
    page.wait_for_function(f"{PANEL}.resumed === 'true' && {PANEL}.rtc === 'connected'")
    page.get_by_test_id("voice-end").click()
    page.get_by_test_id("voice-panel").wait_for(state="hidden")
    assert not page.errors, page.errors
    context.close()


def test_blocked_webrtc_falls_back_to_the_websocket_path(
    launch_browser, daphne_server, emulator, microphone_wav
):
    """UDP blocked: the call says so and goes on over the WebSocket voice path."""
    context, page = _open_call(launch_browser, daphne_server, microphone_wav)
    page.add_init_script(BLOCK_UDP)
    sign_up(page, "blocked")
    page.get_by_test_id("voice-button").click()
    page.wait_for_function(f"{PANEL}.transport === 'webrtc'")
    page.wait_for_function(f"{PANEL}.transport === 'websocket'", timeout=15_000)
    assert "WebSocket voice path" in page.get_by_test_id("voice-notice").inner_text()
    page.wait_for_function(
        "[...window.seenCaptions].some(c => c.startsWith('model:') && c.includes('[Gemini'))"
    )
    spoken = page.get_by_test_id("user-message").filter(has_text="[speech").first
    spoken.wait_for()
    assert "voice" in spoken.inner_text()
    assert not page.errors, page.errors
    context.close()
