"""Competing accounts in a real browser: side by side on the record's page at desktop and phone
widths, and the disputes list's filters narrowing it and surviving a reload."""

import os
import re

import pytest

from negotiations.models import Meeting, Party, Source
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, ROOT
from tests.browser.test_layout import boxes

pytestmark = pytest.mark.browser


@pytest.fixture
def disputed(shipped_data):
    """The Florida talks' duration as a second outlet gives it (five hours, not four), and a
    disputed stance of Russia's."""
    florida = Meeting.objects.get(slug="florida-talks")
    article = Source.objects.get()
    outlet = factories.SourceFactory(title="Second outlet", reliability="C")
    four = factories.CitationFactory(
        content_object=florida, source=article, excerpt="described the four-hour session"
    )
    five = factories.CitationFactory(
        content_object=florida,
        source=outlet,
        excerpt="The talks lasted some five hours, according to a person familiar with them, "
        "and ran late into the evening at the private club north of Miami.",
        credibility="3",
    )
    factories.AccountFactory(citation=four, field="duration_minutes", value=240)
    factories.AccountFactory(citation=five, field="duration_minutes", value=300)
    russia = Party.objects.get(slug="russia")
    position = factories.PositionFactory(party=russia)
    for stance in ("opposes", "conditional"):
        factories.AccountFactory.of(position, field="stance", value=stance)
    return florida


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_disputed_fact_shows_both_accounts_side_by_side(page, problems, disputed, size):
    page.set_viewport_size(size)
    page.goto(disputed.get_absolute_url())
    duration = page.locator("dt:text-is('Duration') + dd")
    assert "disputed, 2 accounts" in duration.inner_text()
    duration.get_by_role("link", name="disputed, 2 accounts").click()
    section = page.locator(page.evaluate("location.hash"))
    assert section.is_visible()
    accounts = section.locator("li.account")
    assert accounts.count() == 2
    assert "4 hours" in accounts.nth(0).inner_text()
    assert "5 hours" in accounts.nth(1).inner_text()
    assert "C3" in accounts.nth(1).inner_text()
    assert "Second outlet" in accounts.nth(1).inner_text()
    first, second = boxes(page, f"#{section.get_attribute('id')} li.account")
    assert abs(first["top"] - second["top"]) < 1  # side by side, on a phone too
    assert first["right"] <= second["left"]
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert problems.all() == []
    if size is DESKTOP and os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":  # the README's
        # From the title to the end of the accounts, in page coordinates.
        top, bottom = page.evaluate(
            """id => [document.querySelector("article h1"), document.getElementById(id)]
                .map((e, i) => e.getBoundingClientRect()[i ? "bottom" : "top"] + scrollY)""",
            section.get_attribute("id"),
        )
        clip = {"x": 0, "y": top - 16, "width": DESKTOP["width"], "height": bottom - top + 32}
        page.screenshot(
            path=ROOT / "docs" / "screenshots" / "dispute.png", full_page=True, clip=clip
        )


def listed(page) -> list[str]:
    return page.locator("section.dispute").evaluate_all("sections => sections.map(s => s.id)")


def test_the_disputes_filters_narrow_the_list_and_survive_a_reload(page, problems, disputed):
    page.goto("/disputes/")
    everything = listed(page)
    assert len(everything) == 2
    page.select_option("select[name=party]", label="Russia")
    page.select_option("select[name=kind]", value="position")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert re.search(r"[?&]party=russia(&|$)", page.url), page.url
    filtered = listed(page)
    assert len(filtered) == 1
    assert filtered[0].startswith("dispute-position-")
    page.reload()
    assert listed(page) == filtered
    assert page.locator("select[name=kind]").input_value() == "position"
    assert page.locator("select[name=party]").input_value() == "russia"
    page.select_option("select[name=state]", value="settled")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert listed(page) == []
    assert "No disputed facts match these filters." in page.locator("main").inner_text()
    assert problems.all() == []
