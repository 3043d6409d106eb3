"""The timeline's filters in a real browser: they narrow the list and survive a reload."""

import re

import pytest

from negotiations.models import Meeting, Party

pytestmark = pytest.mark.browser


def listed(page) -> list[str]:
    return page.locator("article.entry").evaluate_all("articles => articles.map(a => a.id)")


def test_filters_narrow_the_list_and_survive_a_reload(page, problems):
    russia = Party.objects.get(name="Russia")
    expected = [
        f"meeting-{pk}"
        for pk in Meeting.objects.filter(delegations__party=russia).values_list("pk", flat=True)
    ]
    assert expected, "the shipped data has a meeting with Russia"

    page.goto("/timeline/")
    everything = listed(page)
    page.select_option("select[name=party]", label="Russia")
    page.check("input[name=kind][value=meeting]")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()

    assert re.search(r"[?&]party=russia(&|$)", page.url), page.url  # the slug, not the id
    assert re.search(r"[?&]kind=meeting(&|$)", page.url), page.url
    filtered = listed(page)
    assert 0 < len(filtered) < len(everything)
    assert sorted(filtered) == sorted(expected)
    classes = page.locator("article.entry").evaluate_all("as => as.map(a => [...a.classList])")
    assert all("meeting" in names for names in classes), classes

    page.reload()
    assert listed(page) == filtered
    assert page.locator("select[name=party]").input_value() == "russia"
    assert page.locator("select[name=party] option:checked").inner_text() == "Russia"
    kinds = page.locator("input[name=kind]")
    checked = {
        kinds.nth(i).get_attribute("value"): kinds.nth(i).is_checked() for i in range(kinds.count())
    }
    assert checked == {
        "meeting": True,
        "development": False,
        "statement": False,
        "optionstance": False,
    }
    assert problems.all() == []
