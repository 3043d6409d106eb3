"""Parties' stances on the options are timeline entries, kept in step like the other kinds.

A stance's row names its option (the title says the stance on it), so a write of the option
touches its stances' rows too; each test writes through the service layer and compares the
table with a rebuild from the views (`timeline_differences()` empty when they agree).
"""

import datetime

import pytest

from negotiations.models import OptionStance, TimelineEntry, TimelineParty
from negotiations.services import record_delete, record_save
from negotiations.services.timeline import timeline_differences
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 12, 1)


def row(stance: OptionStance) -> TimelineEntry | None:
    return TimelineEntry.objects.filter(kind="optionstance", object_id=stance.pk).first()


def parties_of(stance: OptionStance) -> set[int]:
    links = TimelineParty.objects.filter(entry_id=f"optionstance-{stance.pk}")
    return set(links.values_list("party_id", flat=True))


@pytest.fixture
def stance():
    option = f.OptionFactory(title="No NATO membership")
    return f.OptionStanceFactory(
        option=option, stance="unacceptable", as_of=DAY, as_of_precision="day"
    )


def test_a_stance_is_an_entry_dated_by_its_as_of_and_listed_under_its_party(stance):
    entry = row(stance)

    assert entry.title == "Unacceptable (a red line): No NATO membership"
    assert entry.status == "unacceptable"
    assert (entry.date, entry.date_precision, entry.sort_date) == (DAY, "day", DAY)
    assert parties_of(stance) == {stance.party_id}
    assert timeline_differences() == []


def test_an_undated_stance_sorts_as_date_not_reported():
    stance = f.OptionStanceFactory(as_of=None)

    assert row(stance).sort_date == datetime.date(9999, 12, 31)
    assert row(stance).date_precision == "unknown"


def set_conditional(stance):
    stance.stance, stance.condition = "conditional", "If the front line is frozen."


def set_undated(stance):
    stance.as_of, stance.as_of_precision = None, "unknown"


def write_stance(change):
    def write(stance):
        change(stance)
        record_save(record=stance, by=None)

    return write


def write_option(change):
    def write(stance):
        option = stance.option
        change(option)
        record_save(record=option, by=None)

    return write


WRITES = [
    pytest.param(write_stance(set_conditional), id="stance value"),
    pytest.param(write_stance(lambda s: setattr(s, "as_of", DAY.replace(day=9))), id="its date"),
    pytest.param(write_stance(set_undated), id="its date withdrawn"),
    pytest.param(write_stance(lambda s: setattr(s, "option", f.OptionFactory())), id="option"),
    pytest.param(write_stance(lambda s: setattr(s, "party", f.PartyFactory())), id="party"),
    pytest.param(
        write_option(lambda o: setattr(o, "title", "No membership, ever")), id="option renamed"
    ),
    pytest.param(lambda s: record_delete(record=s, by=None), id="stance deleted"),
    pytest.param(lambda s: record_delete(record=s.option, by=None), id="option deleted"),
    pytest.param(lambda s: record_delete(record=s.option.issue, by=None), id="issue deleted"),
]


@pytest.mark.parametrize("write", WRITES)
def test_the_table_equals_a_rebuild_after_each_write(stance, write):
    f.OptionStanceFactory(option=stance.option)  # a second stance on the option
    assert timeline_differences() == []

    write(stance)

    assert timeline_differences() == []


def test_an_option_renamed_retitles_its_stances(stance):
    other = f.OptionStanceFactory(option=stance.option, stance="acceptable")
    stance.option.title = "Neutrality"
    record_save(record=stance.option, by=None)

    assert row(stance).title == "Unacceptable (a red line): Neutrality"
    assert row(other).title == "Acceptable: Neutrality"


def test_deleting_an_option_takes_its_stances_off_the_timeline(stance):
    record_delete(record=stance.option, by=None)

    assert not TimelineEntry.objects.filter(kind="optionstance").exists()
    assert not TimelineParty.objects.filter(entry_id=f"optionstance-{stance.pk}").exists()


def test_a_party_moved_stance_moves_its_party_link(stance):
    before, after = stance.party, f.PartyFactory()
    stance.party = after
    record_save(record=stance, by=None)

    assert parties_of(stance) == {after.pk}
    assert before.pk not in parties_of(stance)


def test_the_shipped_stances_are_on_the_timeline(article):
    assert TimelineEntry.objects.filter(kind="optionstance").count() == 8
    assert TimelineParty.objects.filter(entry__kind="optionstance").count() == 8
    assert timeline_differences() == []


def test_the_api_lists_a_partys_stances_by_kind(stance, api_client):
    f.OptionStanceFactory()  # another party's
    response = api_client.get(
        "/api/v1/timeline/", {"kind": "optionstance", "party": stance.party.slug}
    )

    results = response.json()["results"]
    assert [(i["kind"], i["id"]) for i in results] == [("optionstance", stance.pk)]
    assert results[0]["option"]["id"] == stance.option_id
    assert results[0]["parties"][0]["id"] == stance.party_id


def test_the_timeline_csv_has_the_stance(stance, api_client):
    response = api_client.get("/api/v1/timeline/", {"format": "csv", "kind": "optionstance"})
    text = b"".join(response.streaming_content).decode()

    assert "Unacceptable (a red line): No NATO membership" in text
    assert len(text.strip().splitlines()) == 2  # the header and the stance


def test_the_timeline_page_shows_the_stance_with_its_option_link(stance, client):
    response = client.get("/timeline/", {"party": stance.party.slug, "kind": "optionstance"})
    page = response.content.decode()

    assert response.status_code == 200
    assert f'id="optionstance-{stance.pk}"' in page
    assert f'href="{stance.option.get_absolute_url()}"' in page
    assert f'href="{stance.get_absolute_url()}"' in page
    assert "Unacceptable (a red line)" in page
    assert "Stances" in str(response.context["picture"])  # its lane in the picture
