"""/changes/ in a real browser: a page of changes is a list to scan, not a wall of tables."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

# A page of 50 changes (the shipped data's first entries) at each width: a few lines per change,
# its fields named in one line and their values one click away (at most 140 px a change on a
# desktop, 280 px on a phone, where the record's name and its "Backs" line wrap; the page was
# 22,000 px before).
MAX_HEIGHT = {"desktop": 7_000, "phone": 14_000}


@pytest.mark.parametrize(("size_name", "size"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_page_of_changes_is_compact_with_the_values_a_click_away(page, problems, size_name, size):
    page.set_viewport_size(size)
    response = page.goto("/changes/", wait_until="networkidle")
    assert response.status == 200
    assert page.locator("li.change").count() == 50

    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= MAX_HEIGHT[size_name], f"/changes/ is {height}px tall at {size_name} width"
    first = page.locator("li.change").first
    table = first.locator("table.field-changes")
    assert not table.is_visible()  # a creation's values wait behind its summary
    summary = first.locator("details > summary")
    assert summary.inner_text().startswith("Set: ")
    summary.click()
    assert table.is_visible()
    assert problems.all() == [], "\n".join(problems.all())
