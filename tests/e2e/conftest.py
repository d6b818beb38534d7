"""Headless Chromium (Debian's, driven by Playwright) against a real Daphne process."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]


@pytest.fixture
def playwright_instance():
    """Playwright for one test: its event loop must not outlive the test (Django's ORM checks)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def launch_browser(playwright_instance, tmp_path):
    """Return a function launching Chromium with extra flags; every browser is closed after."""
    browsers = []

    def launch(*extra_args: str):
        browser = playwright_instance.chromium.launch(
            executable_path=CHROMIUM, args=LAUNCH_ARGS + list(extra_args), headless=True
        )
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        browser.close()


@pytest.fixture
def page(launch_browser, daphne_server):
    """A fresh page whose relative URLs go to the Daphne server."""
    context = launch_browser().new_context(base_url=daphne_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_up(page, username: str, password: str = "Tulip-Garden-93") -> None:
    """Create an account through the sign-up page."""
    page.goto("/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
