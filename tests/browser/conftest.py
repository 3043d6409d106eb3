"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium is never downloaded (no `playwright install`): the tests launch /usr/bin/chromium, or the
file named by $CHROMIUM. Without it they skip, unless REQUIRE_BROWSER=1 (as CI sets), which makes a
missing browser an error instead.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ARTICLE_FIXTURE
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in a
# thread with a running loop unless told this is fine (the tests use the ORM between page calls).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
NOT_INSTALLED = f"Chromium not installed: apt-get install chromium ({CHROMIUM} not found)"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium against a live server")


def browser_missing() -> str | None:
    """Why the browser tests cannot run, or None when they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return NOT_INSTALLED
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright not installed: pip install -r requirements-dev.txt"
    return None


@pytest.fixture(scope="session", autouse=True)
def _require_browser():
    """First of all (so no live server starts for nothing): skip, or fail when it is required."""
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver(_require_browser):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class Problems:
    """What went wrong while a page was open: console errors, uncaught exceptions, bad requests,
    and anything the Content-Security-Policy blocked."""

    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [
            *(f"CSP violation: {text}" for text in self.csp_violations),
            *(f"console error: {text}" for text in self.console),
            *(f"page error: {text}" for text in self.exceptions),
            *(f"request failed: {text}" for text in self.failed_requests),
            *(f"HTTP error: {text}" for text in self.bad_responses),
        ]


# Every page reports what the CSP blocked, whatever the browser prints to its console.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", event => window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}`
    + ` at ${event.sourceFile || document.URL}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : "")
), {capture: true});
"""


def watch(page) -> Problems:
    problems = Problems()

    page.expose_function(
        "reportCspViolation", lambda text: problems.csp_violations.append(f"{text} on {page.url}")
    )
    page.add_init_script(CSP_LISTENER)

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            where = (
                f" ({location['url']}:{location.get('lineNumber', 0)})"
                if location.get("url")
                else ""
            )
            problems.console.append(f"{message.text}{where} on {page.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.exceptions.append(f"{error} on {page.url}"))
    page.on(
        "requestfailed",
        lambda request: (
            None
            # An image or script still loading when the test moves to the next page is
            # cancelled by the browser: not a failure of the app.
            if request.failure == "net::ERR_ABORTED" and not request.is_navigation_request()
            else problems.failed_requests.append(
                f"{request.method} {request.url}: {request.failure} (from {page.url})"
            )
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.bad_responses.append(
                f"{response.status} {response.request.method} {response.url} (from {page.url})"
            )
            if response.status >= 400
            else None
        ),
    )
    return problems


@pytest.fixture
def shipped_data(live_server, transactional_db):
    """The shipped data, loaded where the live server's thread sees it (committed, not rolled back).

    As the `article` fixture does; transactional_db empties the tables again after each test.
    """
    call_command("loaddata", ARTICLE_FIXTURE, verbosity=0)
    call_command("populate_history", auto=True, verbosity=0)
    return live_server


@pytest.fixture
def context(browser, shipped_data):
    context = browser.new_context(base_url=shipped_data.url, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A fresh page, in a fresh context, at desktop size."""
    return context.new_page()


@pytest.fixture
def problems(page) -> Problems:
    """What goes wrong on `page` from now on."""
    return watch(page)


PASSWORD = "a long pass phrase for the browser 7"


def user_with_password(username: str, **fields):
    """A user who logs in with PASSWORD (the factory's users are for force_login)."""
    account = UserFactory(username=username, **fields)
    account.set_password(PASSWORD)
    account.save()
    return account


def log_in(page, username: str) -> None:
    """Through the admin's login form, as a person would."""
    from playwright.sync_api import expect

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
