"""The chat page in headless Chromium: text and picture turns, history, rename, delete."""

import base64
import io
import os
import re

import pytest
from PIL import Image

from tests.e2e.conftest import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UUID = r"[0-9a-f-]{36}"


def png(width=64, height=48, colour=(255, 0, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def last_reply(page):
    return page.get_by_test_id("model-message").last


def test_chat_text_picture_history_rename_delete(page, emulator):
    """Send text, attach a picture, watch replies stream in, reload, rename and delete."""
    sign_up(page, "chatter")
    emulator.set_faults(latency_ms=700)  # long enough to see the reply being awaited

    page.get_by_test_id("composer-text").fill("Hello from the browser")
    page.get_by_test_id("composer-text").press("Enter")
    user_bubble = page.get_by_test_id("user-message").last
    assert user_bubble.inner_text().endswith("Hello from the browser")
    streaming = page.get_by_test_id("streaming-reply")
    streaming.wait_for(state="visible")
    assert page.get_by_test_id("stop").is_visible()
    reply = last_reply(page)
    reply.wait_for()
    assert 'You said: "Hello from the browser".' in reply.inner_text()
    assert int(reply.get_attribute("data-deltas")) >= 3  # it came as a stream of SSE deltas
    assert reply.get_attribute("data-status") == "complete"
    page.wait_for_url(re.compile(rf"/c/{UUID}/$"))
    conversation_url = page.url
    # The sidebar and header pick up the new title once the reply is stored.
    page.get_by_test_id("conversation-item").filter(has_text="Hello from the browser").wait_for()
    page.get_by_test_id("thread-title").filter(has_text="Hello from the browser").wait_for()
    assert page.get_by_test_id("conversation-item").count() == 1

    emulator.set_faults(latency_ms=0)
    page.get_by_test_id("file-input").set_input_files(
        {"name": "red.png", "mimeType": "image/png", "buffer": png()}
    )
    assert page.get_by_test_id("preview").count() == 1
    page.get_by_test_id("composer-text").fill("What is in this picture?")
    page.get_by_test_id("send").click()
    page.get_by_test_id("model-message").nth(1).wait_for()
    assert "I see a PNG image, 64×48 pixels, mean colour #ff0000." in last_reply(page).inner_text()
    assert page.get_by_test_id("preview").count() == 0
    picture = page.get_by_test_id("user-message").last.get_by_test_id("picture")
    picture.click()
    lightbox = page.get_by_test_id("lightbox")
    assert lightbox.is_visible()
    assert "/api/attachments/" in lightbox.locator("img").get_attribute("src")
    page.keyboard.press("Escape")
    lightbox.wait_for(state="hidden")

    page.reload()
    assert page.url == conversation_url
    page.get_by_test_id("model-message").nth(1).wait_for()
    texts = page.get_by_test_id("messages").inner_text()
    assert "Hello from the browser" in texts and "What is in this picture?" in texts
    assert page.get_by_test_id("picture").count() == 1
    assert page.get_by_test_id("thread-title").inner_text() == "Hello from the browser"

    page.get_by_test_id("thread-menu").click()
    page.get_by_test_id("rename-conversation").click()
    page.get_by_test_id("rename-input").fill("Renamed in the browser")
    page.get_by_test_id("rename-input").press("Enter")
    page.get_by_test_id("thread-title").filter(has_text="Renamed in the browser").wait_for()
    assert page.get_by_test_id("conversation-item").first.inner_text() == "Renamed in the browser"
    (stored,) = page.request.get("/api/conversations/").json()["results"]
    assert stored["title"] == "Renamed in the browser" and stored["message_count"] == 4

    page.get_by_test_id("thread-menu").click()
    page.get_by_test_id("delete-conversation").click()
    page.get_by_test_id("confirm-dialog").wait_for()  # deleting asks first
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_test_id("conversation-list").filter(has_text="No conversations yet.").wait_for()
    assert page.request.get("/api/conversations/").json()["count"] == 0


def test_drop_and_paste_pictures_then_search(page, emulator):
    """Pictures dropped on the thread or pasted into the box are previewed and sent."""
    sign_up(page, "dropper")
    drop_and_paste = """async (b64) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const file = new File([blob], "green.png", {type: "image/png"});
      const drop = new DataTransfer(); drop.items.add(file);
      const zone = document.querySelector(".thread");
      zone.dispatchEvent(new DragEvent("dragenter", {dataTransfer: drop, bubbles: true}));
      zone.dispatchEvent(
        new DragEvent("drop", {dataTransfer: drop, bubbles: true, cancelable: true}));
      const paste = new DataTransfer(); paste.items.add(file);
      document.querySelector("#composer-text").dispatchEvent(
        new ClipboardEvent("paste", {clipboardData: paste, bubbles: true, cancelable: true}));
    }"""
    page.evaluate(drop_and_paste, base64.b64encode(png(10, 10, (0, 255, 0))).decode())
    assert page.get_by_test_id("preview").count() == 2
    page.get_by_test_id("composer-text").fill("Two green squares")
    page.get_by_test_id("composer-text").press("Enter")
    last_reply(page).wait_for()
    green = "a PNG image, 10×10 pixels, mean colour #00ff00"
    assert last_reply(page).inner_text().count(green) == 2

    page.get_by_test_id("new-conversation").click()
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_test_id("composer-text").fill("Second thread about tulips")
    page.get_by_test_id("composer-text").press("Enter")
    last_reply(page).wait_for()
    page.get_by_test_id("conversation-item").nth(1).wait_for()
    page.get_by_test_id("conversation-search").fill("tulips")
    page.get_by_test_id("conversation-item").filter(has_text="Two green").wait_for(state="detached")
    assert page.get_by_test_id("conversation-item").all_inner_texts() == [
        "Second thread about tulips"
    ]


def test_model_markdown_is_rendered_safely(page):
    """Model text gets Markdown (code, bold, links) but never runs or injects HTML."""
    sign_up(page, "reader")
    page.get_by_test_id("composer-text").fill(
        "**bold** `code` <img src=x onerror=alert(1)> [site](https://example.com) "
        "[bad](javascript:alert(1))\n```python\nprint('<b>hi</b>')\n```"
    )
    page.get_by_test_id("send").click()
    body = last_reply(page).locator(".msg-body")
    body.wait_for()
    assert body.locator("strong").first.inner_text() == "bold"
    assert body.locator("a[href='https://example.com']").count() == 1
    assert body.locator("a[href^='javascript']").count() == 0
    assert body.locator("img").count() == 0
    assert "<img src=x onerror=alert(1)>" in body.inner_text()
    assert "print('<b>hi</b>')" in body.locator("pre code").inner_text()
    user_text = page.get_by_test_id("user-message").last.locator(".msg-body")
    assert user_text.locator("strong").count() == 0  # the user's own words are shown as typed


def test_phone_sized_screen(launch_browser, daphne_server):
    """On a phone the list folds away behind a button and the composer stays usable."""
    context = launch_browser().new_context(
        base_url=daphne_server.url, viewport={"width": 390, "height": 780}, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_up(page, "phoney")
    assert not page.get_by_test_id("conversation-list").is_visible()
    page.get_by_test_id("composer-text").fill("Hi from a phone")
    page.get_by_test_id("send").tap()
    last_reply(page).wait_for()
    box = page.get_by_test_id("composer").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 780
    page.get_by_role("button", name="Show conversations").tap()
    page.get_by_test_id("conversation-item").first.wait_for(state="visible")
    page.get_by_test_id("conversation-item").first.tap()
    assert not page.get_by_test_id("conversation-list").is_visible()
    context.close()


@pytest.fixture
def throttled_server(django_db_setup, django_db_blocker, gemini_emulator, tmp_path):
    """A second Daphne whose turn rate is 1/min, to see the page report throttling."""
    from conftest import DaphneServer, database_url_for_tests

    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesame_site.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "GEMINI_BASE_URL": gemini_emulator.base_url,
        "GEMINI_CA_FILE": gemini_emulator.ca_file,
        "SESAME_MEDIA_ROOT": str(tmp_path / "media"),
        "SESAME_TURN_RATE": "1/min",
    }
    server = DaphneServer(env, tmp_path / "daphne.log")
    yield server
    server.stop()


def test_throttled_turn_is_explained_and_kept(launch_browser, throttled_server):
    """Past the turn rate the page says so and gives the message back to the composer."""
    page = launch_browser().new_context(base_url=throttled_server.url).new_page()
    page.set_default_timeout(15_000)
    sign_up(page, "hasty")
    page.get_by_test_id("composer-text").fill("first")
    page.get_by_test_id("composer-text").press("Enter")
    last_reply(page).wait_for()
    page.get_by_test_id("composer-text").fill("second, too soon")
    page.get_by_test_id("composer-text").press("Enter")
    notice = page.get_by_test_id("composer-notice")
    notice.wait_for(state="visible")
    assert "faster than allowed (1/min)" in notice.inner_text()
    assert page.get_by_test_id("composer-text").input_value() == "second, too soon"
    assert page.get_by_test_id("user-message").count() == 1


def test_stop_keeps_the_turn_as_interrupted(page, emulator):
    """Stop while Gemini is still thinking: the reply is marked stopped, also after a reload."""
    sign_up(page, "stopper")
    emulator.set_faults(latency_ms=3000)
    page.get_by_test_id("composer-text").fill("Take your time")
    page.get_by_test_id("composer-text").press("Enter")
    page.get_by_test_id("streaming-reply").wait_for()
    page.wait_for_url(re.compile(rf"/c/{UUID}/$"))
    page.get_by_test_id("stop").click()
    assert last_reply(page).get_attribute("data-status") == "interrupted"
    assert page.get_by_test_id("send").is_visible()
    emulator.set_faults(latency_ms=0)
    for _ in range(50):  # the server stores the interrupted reply as it notices the disconnect
        conversation = page.request.get("/api/conversations/").json()["results"][0]
        if conversation["message_count"] == 2:
            break
        page.wait_for_timeout(100)
    page.reload()
    last_reply(page).wait_for()
    assert last_reply(page).get_attribute("data-status") == "interrupted"
    assert "Take your time" in page.get_by_test_id("user-message").last.inner_text()
