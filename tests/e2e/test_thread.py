"""The thread in Chromium: Markdown, opening at the end, thinking, stored errors, actions."""

import re

import pytest

from tests.e2e.conftest import sign_up
from tests.e2e.helpers import api_post, at_end, new_conversation, screenshot
from tests.e2e.test_chat import last_reply, png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARKDOWN = """Bare link: visit https://example.com/docs now.

Parentheses: [Pi](https://en.wikipedia.org/wiki/Pi_(disambiguation)) and [x](javascript:alert(1)).
Write to [us](mailto:team@example.com) or [there](ftp://example.com/file).

| Planet | Moons |
|---|---|
| Mars | **2** |
| Earth | 1 |

- fruit
  - apple
    - green
- [x] done

```python
print("<b>hi</b>")
```

<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> ***both***"""


def send_text(page, text: str) -> None:
    page.get_by_test_id("composer-text").fill(text)
    page.get_by_test_id("composer-text").press("Enter")


def test_markdown_reply_renders_links_tables_lists_code_and_no_html(page):
    """Bare URLs, links with parentheses, tables, nested lists and code render; HTML never runs."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_up(page, "markdown")
    send_text(page, MARKDOWN)
    body = last_reply(page).locator(".msg-body")
    body.locator("table").wait_for()
    bare = body.locator("a", has_text="https://example.com/docs")
    assert bare.get_attribute("href") == "https://example.com/docs"
    assert bare.get_attribute("target") == "_blank"
    assert "noopener" in bare.get_attribute("rel")
    pi = body.locator("a", has_text="Pi")
    assert pi.get_attribute("href") == "https://en.wikipedia.org/wiki/Pi_(disambiguation)"
    assert body.locator("a[href^='javascript'], a[href^='ftp']").count() == 0
    assert body.locator("a", has_text="us").get_attribute("href") == "mailto:team@example.com"
    assert "x)" not in body.inner_text()  # no stray text from the refused link
    assert body.locator("th").all_inner_texts() == ["Planet", "Moons"]
    assert body.locator("td strong").inner_text() == "2"
    assert body.locator("ul ul ul li").inner_text() == "green"
    assert body.locator("input[type=checkbox]").is_checked()
    assert body.locator(".code-block pre code").inner_text().strip() == 'print("<b>hi</b>")'
    assert body.locator(".code-block .copy-code").is_visible()
    body.locator(".code-block code.hljs .hljs-built_in").wait_for()  # coloured once loaded
    assert body.locator("em strong, strong em").inner_text() == "both"
    assert body.locator("img, script").count() == 0
    assert "<img src=x" in body.inner_text()
    assert page.evaluate("window.pwned") is None
    assert not errors, errors


def test_reload_opens_at_the_newest_message(page):
    """A long thread with pictures opens scrolled to its end, and stays there as pictures load."""
    sign_up(page, "scroller")
    conversation = new_conversation(page, "Long thread")
    url = f"/api/conversations/{conversation}/messages/"
    for index in range(6):
        picture = {"name": f"p{index}.png", "mimeType": "image/png", "buffer": png(640, 480)}
        api_post(
            page, url, multipart={"text": f"Turn {index}\n" + "words " * 60, "images": picture}
        )
    page.goto(f"/c/{conversation}/")
    page.get_by_test_id("model-message").nth(5).wait_for()
    page.wait_for_function(
        "[...document.querySelectorAll('.msg-pictures img')].every(i => i.complete)"
    )
    messages = page.get_by_test_id("messages")
    assert messages.evaluate("el => el.scrollHeight > el.clientHeight * 2")
    assert at_end(page)
    box = page.get_by_test_id("picture").first.locator("img").bounding_box()
    assert box["width"] > 100 and abs(box["width"] / box["height"] - 4 / 3) < 0.05
    page.reload()
    page.get_by_test_id("model-message").nth(5).wait_for()
    page.wait_for_timeout(300)
    assert at_end(page)
    assert "Turn 5" in last_reply(page).inner_text()

    # A picture turn from the page: its reply lands in view, not below the fold.
    page.get_by_test_id("file-input").set_input_files(
        {"name": "tall.png", "mimeType": "image/png", "buffer": png(300, 900)}
    )
    page.get_by_test_id("composer-text").fill("And this tall one?")
    page.get_by_test_id("composer-text").press("Enter")
    page.get_by_test_id("model-message").nth(6).wait_for()
    page.wait_for_function(
        "[...document.querySelectorAll('.msg-pictures img')].every(i => i.complete)"
    )
    page.wait_for_timeout(300)
    assert at_end(page)


def test_thinking_indicator_then_streaming(page, emulator):
    """While Gemini thinks the reply says so; the indicator goes when the words come."""
    sign_up(page, "thinker")
    emulator.set_faults(latency_ms=2500)
    send_text(page, "Take a moment")
    thinking = page.get_by_test_id("thinking")
    thinking.wait_for(state="visible")
    assert "Thinking" in thinking.inner_text()
    screenshot(page, "thinking-desktop")
    emulator.set_faults(latency_ms=0)
    last_reply(page).wait_for()
    assert page.get_by_test_id("thinking").count() == 0
    assert 'You said: "Take a moment"' in last_reply(page).inner_text()


def test_failed_reply_keeps_its_error_after_reload(page, emulator):
    """Gemini's own words for a failure are shown, and shown again after a reload."""
    sign_up(page, "unlucky")
    emulator.set_faults(rest_error=503, rest_error_count=1)
    send_text(page, "Is anyone there?")
    error = page.get_by_test_id("message-error")
    error.wait_for()
    shown = error.inner_text()
    assert "overloaded" in shown.lower(), shown
    page.wait_for_url(re.compile(r"/c/[0-9a-f-]{36}/$"))
    page.reload()
    page.get_by_test_id("message-error").wait_for()
    after = page.get_by_test_id("message-error").inner_text()
    assert "overloaded" in after.lower() and "This reply failed." not in after
    screenshot(page, "failed-reply-desktop")
    page.get_by_test_id("retry").click()
    page.get_by_test_id("model-message").filter(has_text="Is anyone there?").wait_for()


def test_copy_regenerate_and_edit(launch_browser, daphne_server):
    """Copy puts a message on the clipboard; regenerate and edit send new turns, keeping the old."""
    context = launch_browser().new_context(base_url=daphne_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_up(page, "actions")
    send_text(page, "First **question**")
    last_reply(page).wait_for()
    last_reply(page).get_by_test_id("copy-message").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == '[Gemini emulator] You said: "First **question**".'

    last_reply(page).get_by_test_id("regenerate").click()
    page.get_by_test_id("model-message").nth(1).wait_for()
    assert page.get_by_test_id("user-message").count() == 2
    assert page.get_by_test_id("user-message").nth(1).inner_text().endswith("First **question**")

    page.get_by_test_id("user-message").last.get_by_test_id("edit-message").click()
    page.get_by_test_id("edit-box").fill("Second, edited")
    page.get_by_test_id("edit-send").click()
    page.get_by_test_id("model-message").filter(has_text="Second, edited").wait_for()
    texts = page.get_by_test_id("user-message").all_inner_texts()
    assert len(texts) == 3 and texts[-1].endswith("Second, edited")
    assert texts[0].endswith("First **question**")  # the old turn stays in the history
    context.close()


def test_streaming_rerender_keeps_unchanged_blocks(page):
    """Re-rendering a growing reply patches the DOM: finished blocks stay the same nodes."""
    sign_up(page, "streamer")
    kept = page.evaluate(
        """async () => {
          const { renderInto } = await import("/static/js/markdown.js");
          const body = document.createElement("div");
          renderInto(body, "First paragraph.\\n\\nSecond par");
          const first = body.firstElementChild;
          renderInto(body, "First paragraph.\\n\\nSecond paragraph, longer\\n\\n- a list");
          return {
            same: body.firstElementChild === first,
            tags: [...body.children].map((node) => node.tagName),
            second: body.children[1].textContent,
          };
        }"""
    )
    assert kept == {"same": True, "tags": ["P", "P", "UL"], "second": "Second paragraph, longer"}


def test_broken_picture_in_the_composer_is_an_error_chip(page):
    """A file that claims to be a picture but is not shows as a chip, not a broken image."""
    sign_up(page, "broken")
    page.get_by_test_id("file-input").set_input_files(
        {"name": "fake.png", "mimeType": "image/png", "buffer": b"not a picture at all"}
    )
    chip = page.get_by_test_id("preview-error")
    chip.wait_for()
    assert "fake.png" in chip.inner_text()
    assert page.get_by_test_id("preview").locator("img").count() == 0
