"""Browser test helpers: the API through the page's session, axe-core, screenshots."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = next((Path(__file__).parent / "vendor").glob("axe-core@*/axe.min.js"))
SCREENSHOTS = ROOT / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def csrf_headers(page) -> dict:
    """Headers for an API write with the page's session (Django's CSRF cookie)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return {"X-CSRFToken": token, "Referer": page.url}


def api_post(page, path: str, **kwargs):
    """POST to the API as the signed-in page; return the parsed JSON answer."""
    response = page.request.post(path, headers=csrf_headers(page), **kwargs)
    assert response.ok, response.text()
    return response.json()


def new_conversation(page, title: str = "") -> str:
    """Create a conversation through the API and return its id."""
    return api_post(page, "/api/conversations/", data={"title": title})["id"]


def serious_violations(page) -> list[str]:
    """Run axe-core on the page and return its serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> Path:
    """Save a screenshot under var/screenshots/ (ignored by git) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def at_end(page, testid: str = "messages") -> bool:
    """Whether a scrolling element shows its end."""
    return page.get_by_test_id(testid).evaluate(
        "el => el.scrollHeight - el.scrollTop - el.clientHeight < 4"
    )
