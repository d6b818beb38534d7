"""A person signs up, lands on the chat page, and logs out, in a real browser."""

import pytest

from tests.e2e.conftest import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_land_on_chat_and_log_out(page):
    """Sign-up leads to the chat page; logging out returns to the login page."""
    page.goto("/")
    page.wait_for_url("**/accounts/login/?next=/")
    sign_up(page, "browser-user")
    assert page.get_by_test_id("chat-page").is_visible()
    assert page.get_by_test_id("offline-badge").is_visible()
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/")
    page.wait_for_url("**/accounts/login/?next=/")
    assert page.locator("h1").inner_text() == "Log in"
