"""The negotiation-space matrix in a real browser: it fits a desktop and a phone screen, its
as-of control changes it and survives a reload, and a stance that moved is marked."""

import datetime
import os

import pytest

from negotiations.models import Option, Party
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.browser

TERRITORIES = "/issues/occupied-territories/"


def cell(page, option: str, party_column: int) -> str:
    """The text of the matrix cell of `option`'s row in the party column (1: the first)."""
    row = page.locator("table.matrix tbody tr", has=page.locator(f"th:has-text('{option}')"))
    return row.locator("td").nth(party_column - 1).inner_text()


@pytest.mark.parametrize("path", [TERRITORIES, f"{TERRITORIES}matrix/"], ids=["issue", "matrix"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_matrix_fits_the_screen_and_says_there_is_no_open_ground(
    page, problems, shipped_data, size, path
):
    page.set_viewport_size(size)
    page.goto(path)
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    assert "No open ground" in page.locator("#matrix").inner_text()
    # Russia is the first column, Ukraine the second (by name).
    assert "Unacceptable (a red line)" in cell(page, "Recognition", 2)
    assert "Acceptable" in cell(page, "Recognition", 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # On a phone each cell names its party, since the column heads are not beside it.
    if size is PHONE:
        assert cell(page, "Recognition", 2).startswith("Ukraine")
    if path == TERRITORIES:  # the picture of the history is the issue page's
        assert page.locator("#matrix svg").is_visible()
    assert problems.all() == []
    if size is DESKTOP and path == TERRITORIES and os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        top, bottom = page.evaluate(
            """() => [document.getElementById("matrix-heading"),
                      document.querySelector("#matrix figure")]
                .map((e, i) => e.getBoundingClientRect()[i ? "bottom" : "top"] + scrollY)"""
        )
        clip = {"x": 0, "y": top - 16, "width": DESKTOP["width"], "height": bottom - top + 32}
        shot = ROOT / "docs" / "screenshots" / "matrix.png"
        page.screenshot(path=shot, full_page=True, clip=clip)


@pytest.mark.parametrize("path", [TERRITORIES, f"{TERRITORIES}matrix/"], ids=["issue", "matrix"])
def test_the_as_of_control_changes_the_matrix_and_survives_a_reload(
    page, problems, shipped_data, path
):
    page.goto(path)
    assert "1 Dec 2025" in cell(page, "Recognition", 2)
    page.fill("#matrix-as-of", "2025-11-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**as_of=2025-11-01**")
    # Ukraine's stance dates from the report (1 Dec 2025): on 1 Nov it is unknown; Russia's
    # undated rejection is known at any date.
    assert "Unknown" in cell(page, "Recognition", 2)
    assert "Acceptable" in cell(page, "Recognition", 1)
    assert "As of 1 Nov 2025" in page.locator("#matrix").inner_text()
    page.reload()
    assert page.input_value("#matrix-as-of") == "2025-11-01"
    assert "Unknown" in cell(page, "Recognition", 2)
    assert problems.all() == []


def test_a_stance_that_moved_since_a_date_is_marked_with_its_source(page, problems, shipped_data):
    option = Option.objects.get(title__startswith="Recognition")
    stance = factories.OptionStanceFactory(
        option=option,
        party=Party.objects.get(slug="russia"),
        stance="conditional",
        condition="A ceasefire along the line of contact.",
        as_of=datetime.date(2025, 12, 10),
    )
    factories.CitationFactory(content_object=stance, excerpt="a later report")
    page.goto(f"{TERRITORIES}?since=2025-12-05")
    assert "Hardened since 5 Dec 2025" in cell(page, "Recognition", 1)
    moves = page.locator("ul.moves").inner_text()
    assert "Russia" in moves
    assert "acceptable with conditions" in moves
    page.locator("ul.moves a", has_text="acceptable with conditions").click()
    assert page.locator(f"#option-stance-{stance.pk}").is_visible()
    assert (
        "A ceasefire along the line of contact."
        in page.locator(f"#option-stance-{stance.pk}").inner_text()
    )
    assert problems.all() == []
