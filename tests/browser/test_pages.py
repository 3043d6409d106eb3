"""The main pages in a real browser: they load cleanly, fit two widths, work by keyboard."""

import os

import pytest

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, ROOT
from tests.validators.tools import PUBLIC_PAGES

pytestmark = pytest.mark.browser

# Every kind of page the validators check, less the filtered timeline and the 404.
PAGES = {name: path for name, path in PUBLIC_PAGES.items() if name not in ("meetings", "not-found")}
# The README's pictures, rewritten only when UPDATE_DOCS_SCREENSHOTS=1 (normal runs leave the tree).
DOCS_SCREENSHOTS = {
    "timeline": ROOT / "docs" / "screenshots" / "timeline.png",
    "compare": ROOT / "docs" / "screenshots" / "compare.png",
}
DOCS_MAX_HEIGHT = 1600


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_loads_without_errors(page, problems, path):
    """...under the Content-Security-Policy: `problems` includes anything it blocked."""
    response = page.goto(path, wait_until="networkidle")
    assert response.status == 200, f"{path} answered {response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("main h1").count() == 1, f"{path} has no single <h1> in <main>"
    assert problems.all() == [], f"{path}: " + "\n".join(problems.all())


@pytest.mark.parametrize("name", PAGES.keys())
def test_screenshots(page, problems, name):
    """Desktop and phone screenshots in artifacts/screenshots/ (ignored by git), to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        response = page.goto(PAGES[name], wait_until="networkidle")
        assert response.status == 200
        shot = ARTIFACTS / f"{name}-{size_name}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 0
        # Wide content (pictures, tables) scrolls in its own box: the page itself never does.
        page_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert page_width <= size["width"], f"{name} is {page_width}px wide at {size_name} width"
        if size_name == "desktop" and name in DOCS_SCREENSHOTS:
            save_docs_screenshot(page, DOCS_SCREENSHOTS[name])
    assert problems.all() == [], f"{name}: " + "\n".join(problems.all())


def save_docs_screenshot(page, target):
    """The page at desktop width, its top DOCS_MAX_HEIGHT pixels, when UPDATE_DOCS_SCREENSHOTS=1."""
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS") != "1":
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    height = min(page.evaluate("() => document.documentElement.scrollHeight"), DOCS_MAX_HEIGHT)
    clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": height}
    page.screenshot(path=target, full_page=True, clip=clip)


def test_tab_from_the_top_of_the_home_page_reaches_skip_to_content_first(page, problems):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to content", "href": "#main"}
    assert page.locator(".skip-link").is_visible(), "the focused skip link is not shown"
    # Following it moves the focus to the main content.
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert problems.all() == []
