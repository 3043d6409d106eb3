"""A walk over the site's links in a real browser: nothing is broken, every record is reachable."""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from negotiations.models import Framework, Meeting, Party, Person, Source, StickingIssue

pytestmark = pytest.mark.browser

MAX_PAGES = 200
# History pages (one per record, and /changes/ links to them all) are covered by
# tests/test_changes.py; /changes/ itself is among tests/browser/test_pages.py's pages.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/changes/")
# Links with a `type` are feeds and calendars (Atom, iCalendar): downloads, not pages.
LINKS = "main a:not([type]), header nav a:not([type])"
XLINK = "http://www.w3.org/1999/xlink"
# HTML and SVG links alike (an SVG link's `href` is no string: read the attribute), made absolute.
HREFS = f"""links => links
    .map(a => a.getAttribute("href") ?? a.getAttributeNS("{XLINK}", "href"))
    .filter(href => href !== null)
    .map(href => new URL(href, document.baseURI).href)"""


def page_url(href: str) -> str:
    """A link as a page: path and query, without the fragment."""
    parts = urlsplit(urldefrag(href)[0])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_link_works_and_every_record_is_reachable(page, problems, live_server):
    origin = urlsplit(live_server.url).netloc
    seen = {"/"}
    queue = deque(["/"])
    visited = {}  # page -> status
    broken = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        response = page.goto(url)
        visited[url] = response.status
        if response.status >= 400:
            broken.append(f"{response.status} {url}")
            continue
        for href in page.locator(LINKS).evaluate_all(HREFS):
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue
            target = page_url(href)
            if target.startswith(SKIPPED_PREFIXES) or target in seen:
                continue
            seen.add(target)
            queue.append(target)

    assert broken == [], "broken links:\n" + "\n".join(broken)
    assert problems.all() == [], "\n".join(problems.all())
    assert not queue, f"more than {MAX_PAGES} pages; the walk stopped early"

    records = [
        *Meeting.objects.all(),
        *Person.objects.all(),
        *Party.objects.all(),
        *Framework.objects.all(),
        *StickingIssue.objects.all(),
        *Source.objects.all(),
    ]
    expected = {page_url(record.get_absolute_url()) for record in records}
    assert len(expected) == len(records)
    unreached = sorted(expected - visited.keys())
    assert unreached == [], f"not reachable by links from the home page: {unreached}"
