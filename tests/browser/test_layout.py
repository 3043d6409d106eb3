"""Layout defects an analyst stumbled on (issue 15), checked in Chromium at desktop and phone
widths: what a user sees, measured from the rendered boxes."""

import pytest

from negotiations.models import Meeting
from tests.browser.conftest import DESKTOP, PHONE, log_in, user_with_password

pytestmark = pytest.mark.browser

COMPARE = "/frameworks/us-peace-framework/compare/28-point-draft/19-point-revision/"


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {top: r.top, left: r.left, bottom: r.bottom, right: r.right}; })",
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_comparison_cards_line_up_side_by_side_or_stack(page, problems, size):
    page.set_viewport_size(size)
    page.goto(COMPARE)
    older, newer = boxes(page, ".compare-columns > .version-card")
    if size is DESKTOP:  # side by side, tops level
        assert abs(older["top"] - newer["top"]) < 1
        assert older["right"] <= newer["left"]
    else:  # one above the other, the same left edge
        assert older["bottom"] <= newer["top"]
        assert abs(older["left"] - newer["left"]) < 1
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert problems.all() == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_source_page_opens_on_the_marked_text(page, problems, size):
    page.set_viewport_size(size)
    page.goto("/sources/1/")
    text = page.locator("#text-heading")
    claims = page.locator("#claims-heading")
    # The article is open near the top, not folded away below every claim.
    assert text.is_visible()
    assert text.bounding_box()["y"] < size["height"]
    assert text.bounding_box()["y"] < claims.bounding_box()["y"]
    assert page.locator(".source-text mark").count() > 20
    # A mark's number leads to its claim, which links to the record it backs.
    page.locator("sup.cites a").first.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#citation-")
    assert page.locator(f"{target} a").first.get_attribute("href").startswith("/")
    assert problems.all() == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_admin_meeting_form_fits_the_window(page, problems, size):
    """Statement and citation inlines once made the form 2,172 px wide at 1280: wide tables
    now scroll in their own box."""
    log_in(page, user_with_password("editor", is_superuser=True).username)
    page.set_viewport_size(size)
    meeting = Meeting.objects.get(slug="florida-talks")
    page.goto(f"/admin/negotiations/meeting/{meeting.pk}/change/")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # The team is on the meeting's form: the US delegation's members are listed there.
    members = page.locator(".field-team_members").filter(has_text="Jared Kushner")
    assert members.count() == 1
    assert problems.all() == []
