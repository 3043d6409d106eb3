"""The timeline table stays in step with the records it lists (negotiations.services.timeline).

Each test writes through the service layer, as every writer does (tests/test_write_path.py walks
the writers themselves and checks the table after each), and compares the table with a rebuild
from the views that define it: `timeline_differences()` is empty when they agree.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from negotiations.models import Meeting, TimelineEntry, TimelineParty
from negotiations.services import record_delete, record_save
from negotiations.services.timeline import timeline_differences
from tests import factories as f

pytestmark = pytest.mark.django_db

MAY = datetime.date(2025, 5, 1)


def sort_date(record) -> datetime.date:
    kind = type(record).__name__.lower()
    return TimelineEntry.objects.get(kind=kind, object_id=record.pk).sort_date


def parties_of(record) -> set[int]:
    key = f"{type(record).__name__.lower()}-{record.pk}"
    return set(TimelineParty.objects.filter(entry_id=key).values_list("party_id", flat=True))


@pytest.fixture
def process():
    """Three rounds in the order of the process; the middle one's date was not reported."""
    first = f.MeetingFactory(sequence=1, date=datetime.date(2025, 3, 1))
    undated = f.MeetingFactory(sequence=2, date=None, date_precision="unknown")
    last = f.MeetingFactory(sequence=3, date=MAY)
    return first, undated, last


def test_an_undated_round_moves_with_the_next_dated_one(process):
    _, undated, last = process
    assert sort_date(undated) == MAY  # "not later than" the next dated round

    last.date = datetime.date(2025, 6, 9)
    record_save(record=last, by=None)

    assert sort_date(undated) == datetime.date(2025, 6, 9)
    assert timeline_differences() == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda last: setattr(last, "sequence", 1), id="the dated round moves earlier"),
        pytest.param(lambda last: setattr(last, "date", None), id="its date is withdrawn"),
    ],
)
def test_the_undated_rounds_follow_when_a_dated_round_moves(process, change):
    first, undated, last = process
    first.sequence = 4  # the March round now comes after the May one
    record_save(record=first, by=None)
    assert sort_date(undated) == datetime.date(2025, 3, 1)

    change(last)
    last.date_precision = "unknown" if last.date is None else last.date_precision
    record_save(record=last, by=None)

    assert sort_date(undated) == datetime.date(2025, 3, 1)
    assert sort_date(first) == datetime.date(2025, 3, 1)
    assert timeline_differences() == []


def test_deleting_the_next_dated_round_sends_the_undated_one_to_the_end(process):
    _, undated, last = process
    statement = f.StatementFactory(meeting=undated, date=None)
    record_delete(record=last, by=None)

    assert sort_date(undated) == datetime.date(9999, 12, 31)
    assert sort_date(statement) == datetime.date(9999, 12, 31)  # it sorts with its meeting
    assert timeline_differences() == []


def test_a_statement_sorts_with_its_meeting_when_undated():
    meeting = f.MeetingFactory(date=MAY)
    statement = f.StatementFactory(meeting=meeting, date=None)
    meeting.date = datetime.date(2025, 7, 1)
    record_save(record=meeting, by=None)

    assert sort_date(statement) == datetime.date(2025, 7, 1)
    assert timeline_differences() == []


def test_a_delegation_moved_to_another_meeting_moves_its_party():
    geneva, florida = f.MeetingFactory(), f.MeetingFactory()
    delegation = f.DelegationFactory(meeting=geneva)
    assert parties_of(geneva) == {delegation.party_id}

    delegation.meeting = florida
    record_save(record=delegation, by=None)

    assert parties_of(geneva) == set()
    assert parties_of(florida) == {delegation.party_id}
    assert timeline_differences() == []


def test_a_role_decides_which_parties_a_statement_is_listed_under():
    statement = f.StatementFactory()
    role = f.RoleFactory(person=statement.person)
    assert parties_of(statement) == {role.party_id}

    role.person = f.PersonFactory()
    record_save(record=role, by=None)

    assert parties_of(statement) == set()
    assert timeline_differences() == []


def test_a_developments_parties_are_set_with_it():
    russia, ukraine = f.PartyFactory(), f.PartyFactory()
    development = f.DevelopmentFactory(parties=[russia])
    record_save(record=development, by=None, m2m={"parties": [ukraine]})

    assert parties_of(development) == {ukraine.pk}
    assert timeline_differences() == []


def test_deleting_a_party_takes_it_off_the_developments_it_was_in():
    party = f.PartyFactory()
    development = f.DevelopmentFactory(parties=[party, f.PartyFactory()])
    record_delete(record=party, by=None)

    assert party.pk not in parties_of(development)
    assert len(parties_of(development)) == 1
    assert timeline_differences() == []


def test_a_meetings_sort_key_is_its_date_then_its_id():
    meeting = f.MeetingFactory(date=MAY)
    undated = f.MeetingFactory(date=None, date_precision="unknown")
    meeting.refresh_from_db()
    undated.refresh_from_db()

    assert meeting.sort_key == f"2025-05-01|{meeting.pk:020d}"
    assert undated.sort_key == f"9999-12-31|{undated.pk:020d}"


def test_the_rebuild_command_reports_rows_out_of_step_and_repairs_them(article):
    TimelineEntry.objects.filter(kind="meeting").update(title="Stale")
    Meeting.objects.update(sort_key="")
    TimelineParty.objects.all().delete()
    out = io.StringIO()

    call_command("timeline_rebuild", stdout=out)

    report = out.getvalue()
    assert "meeting-2: missing or out of step" in report
    assert "meeting 2: sort key stale" in report
    assert "party" in report
    assert timeline_differences() == []
    out = io.StringIO()
    call_command("timeline_rebuild", stdout=out)
    assert "in step" in out.getvalue()


def test_the_rebuild_check_alone_changes_nothing_and_fails(article):
    TimelineEntry.objects.filter(kind="meeting").update(title="Stale")
    out = io.StringIO()
    with pytest.raises(CommandError, match="out of step"):
        call_command("timeline_rebuild", "--check", stdout=out)
    assert TimelineEntry.objects.filter(title="Stale").exists()
