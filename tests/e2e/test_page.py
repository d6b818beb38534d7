"""The page as a whole: phone layout, menus, 404, favicon, accessibility and screenshots."""

import uuid

import pytest

from tests.e2e.conftest import sign_up
from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    api_post,
    new_conversation,
    screenshot,
    serious_violations,
)
from tests.e2e.test_chat import last_reply, png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Supercalifragilistic" * 15  # 300 letters, no break point
REPLY_MARKDOWN = """Here is a **plan** with a [link](https://example.com):

| Day | Plan |
|---|---|
| Saturday | Alfama, Miradouro da Graça |
| Sunday | Sintra by train |

1. Pack light
   - shoes
2. Book the train

```js
const trip = { city: "Lisbon", days: 2 };
```"""


def browser_page(launch_browser, server, viewport, **extra):
    context = launch_browser().new_context(base_url=server.url, viewport=viewport, **extra)
    context.set_default_timeout(20_000)
    return context.new_page()


def test_phone_layout_with_an_unbreakable_title(launch_browser, daphne_server):
    """A 300-letter word as title and message never widens the phone page; the header is a row."""
    page = browser_page(launch_browser, daphne_server, PHONE, has_touch=True, is_mobile=True)
    sign_up(page, "narrow")
    conversation = new_conversation(page, LONG_WORD)
    api_post(page, f"/api/conversations/{conversation}/messages/", data={"text": LONG_WORD})
    page.goto(f"/c/{conversation}/")
    last_reply(page).wait_for()
    page.get_by_test_id("thread-title").filter(has_text="Supercal").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]
    header = page.locator(".thread-header").bounding_box()
    assert header["height"] <= 60  # one row
    menu = page.get_by_test_id("thread-menu").bounding_box()
    assert menu["x"] + menu["width"] <= PHONE["width"]
    composer = page.get_by_test_id("composer").bounding_box()
    assert composer["x"] + composer["width"] <= PHONE["width"]
    assert composer["y"] + composer["height"] <= PHONE["height"]
    page.get_by_test_id("thread-menu").tap()
    page.get_by_test_id("rename-conversation").wait_for(state="visible")
    box = page.locator("#thread-menu-items").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Escape")
    page.locator("#thread-menu-items").wait_for(state="hidden")


def test_thread_menu_rename_export_delete(page):
    """The ⋯ menu holds rename, export and delete; delete asks first and Cancel keeps it."""
    sign_up(page, "menus")
    conversation = new_conversation(page, "Menu test")
    page.goto(f"/c/{conversation}/")
    page.get_by_test_id("thread-title").filter(has_text="Menu test").wait_for()
    items = page.locator("#thread-menu-items")
    assert items.is_hidden()
    page.get_by_test_id("thread-menu").click()
    assert page.get_by_test_id("thread-menu").get_attribute("aria-expanded") == "true"
    assert items.get_by_role("menuitem").all_inner_texts() == [
        "Rename",
        "Export as Markdown",
        "Export as JSON",
        "Delete",
    ]
    href = page.get_by_test_id("export-conversation").get_attribute("href")
    assert page.request.get(href).text().startswith("# Menu test")
    page.mouse.click(600, 400)  # a click elsewhere closes it
    items.wait_for(state="hidden")

    page.get_by_test_id("thread-menu").click()
    page.get_by_test_id("delete-conversation").click()
    page.get_by_test_id("confirm-dialog").wait_for()
    page.get_by_test_id("confirm-cancel").click()
    assert page.request.get(f"/api/conversations/{conversation}/").ok

    page.get_by_test_id("thread-menu").click()
    page.get_by_test_id("rename-conversation").click()
    page.get_by_test_id("rename-input").fill("Renamed by menu")
    page.get_by_test_id("rename-input").press("Enter")
    page.get_by_test_id("thread-title").filter(has_text="Renamed by menu").wait_for()


def test_not_found_pages_and_favicon(page, launch_browser, daphne_server):
    """Unknown and foreign conversations get the app's 404 page; the favicon is the SVG logo."""
    stranger = browser_page(launch_browser, daphne_server, DESKTOP)
    sign_up(stranger, "stranger")
    foreign = new_conversation(stranger, "Not yours")
    sign_up(page, "visitor")
    for path in (f"/c/{uuid.uuid4()}/", f"/c/{foreign}/"):
        response = page.goto(path)
        assert response.status == 404
        assert page.get_by_test_id("not-found").is_visible()
        assert "can’t find" in page.locator("h1").inner_text()
        assert page.get_by_role("link", name="Back to your conversations").is_visible()
    icon = page.locator("link[rel=icon]").get_attribute("href")
    answer = page.request.get(icon)
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert page.request.get("/favicon.ico").ok  # follows the redirect to the SVG


def test_accessibility_and_screenshots(launch_browser, daphne_server):
    """axe-core finds nothing serious on login, sign-up, chat and the call view; screenshots."""
    problems = {}
    page = browser_page(launch_browser, daphne_server, DESKTOP)
    page.goto("/accounts/login/")
    problems["login"] = serious_violations(page)
    screenshot(page, "login-desktop")
    page.goto("/accounts/signup/")
    problems["signup"] = serious_violations(page)
    sign_up(page, "a11y")
    page.get_by_test_id("empty-state").wait_for()
    problems["empty"] = serious_violations(page)
    screenshot(page, "empty-desktop")

    conversation = new_conversation(page, "Weekend in Lisbon")
    url = f"/api/conversations/{conversation}/messages/"
    picture = {"name": "tram.png", "mimeType": "image/png", "buffer": png(320, 240, (240, 200, 0))}
    api_post(page, url, multipart={"text": "What colour is this tram?", "images": picture})
    api_post(page, url, data={"text": REPLY_MARKDOWN})
    page.goto(f"/c/{conversation}/")
    last_reply(page).locator("table").wait_for()
    problems["chat"] = serious_violations(page)
    screenshot(page, "chat-desktop")

    page.get_by_test_id("voice-button").click()
    page.wait_for_function(
        "['listening', 'speaking'].includes(document.getElementById('voice-panel').dataset.state)"
    )
    problems["call"] = serious_violations(page)
    screenshot(page, "call-desktop")
    page.get_by_test_id("voice-end").click()

    phone = browser_page(launch_browser, daphne_server, PHONE, has_touch=True, is_mobile=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/")
    phone.get_by_test_id("empty-state").wait_for()
    screenshot(phone, "empty-phone")
    phone.goto(f"/c/{conversation}/")
    last_reply(phone).locator("table").wait_for()
    problems["chat-phone"] = serious_violations(phone)
    screenshot(phone, "chat-phone")
    phone.get_by_test_id("voice-button").tap()
    phone.wait_for_function(
        "['listening', 'speaking'].includes(document.getElementById('voice-panel').dataset.state)"
    )
    screenshot(phone, "call-phone")
    phone.get_by_test_id("voice-end").tap()
    assert not any(problems.values()), "\n".join(f"{k}: {v}" for k, v in problems.items() if v)
