"""The page's event stream: another tab's turn, an API turn and titles arrive without reload."""

import pytest

from tests.e2e.conftest import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_turns_from_another_tab_and_the_api_appear_without_reload(
    page, emulator, playwright_instance, daphne_server
):
    """Tab 1 sends a turn; tab 2 lists the titled conversation, then shows an API turn."""
    sign_up(page, "two-tabs", password="Tulip-Garden-93")
    other = page.context.new_page()
    other.goto("/")
    other.get_by_test_id("conversation-list").filter(has_text="No conversations yet.").wait_for()

    page.get_by_test_id("composer-text").fill("Plans for the weekend")
    page.get_by_test_id("composer-text").press("Enter")
    page.get_by_test_id("model-message").last.wait_for()
    item = other.get_by_test_id("conversation-item").filter(has_text="Plans for the weekend")
    item.wait_for(timeout=5_000)
    item.click()
    other.get_by_test_id("model-message").first.wait_for()

    script = playwright_instance.request.new_context(base_url=daphne_server.url)  # no cookies
    token = script.post(
        "/api/auth/token/", data={"username": "two-tabs", "password": "Tulip-Garden-93"}
    ).json()["token"]
    conversation_id = other.url.rstrip("/").rsplit("/", 1)[1]
    answer = script.post(
        f"/api/conversations/{conversation_id}/messages/",
        data={"text": "Sent by a script"},
        headers={"Authorization": f"Token {token}"},
    )
    assert answer.status == 201
    for tab in (other, page):
        bubble = tab.get_by_test_id("user-message").filter(has_text="Sent by a script")
        bubble.wait_for(timeout=5_000)
        reply = tab.get_by_test_id("model-message").filter(has_text='You said: "Sent by a script"')
        reply.wait_for(timeout=5_000)
    assert other.get_by_test_id("model-message").count() == 2
    script.dispose()
