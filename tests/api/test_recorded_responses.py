"""The meetings' API answers, byte for byte as clients get them today.

A fixed data set (the shipped article plus a few meetings made here with every id, name, date
and timestamp given) is read through the API and compared with the answers recorded in
`tests/api/recorded/`: the list of meetings (`?page_size=50`, and `?page_size=2` with its next
link), one meeting's detail and the list as CSV. Nothing is normalised: the data set is
deterministic on SQLite and on PostgreSQL alike, because

- every record the answers show has its primary key given (the article's are in the fixture;
  those made here start at 9001, far above anything a sequence hands out in a test database,
  and are rolled back with the test, so no sequence is ever moved);
- every name is given (no factory sequence numbers, which depend on the tests run before), and
  the names that are sorted differ in their first ASCII letter, so any collation orders them
  alike;
- the meetings' timestamps, the only ones the answers show, are set to fixed instants after
  the records are made (they default to the time of the write).

A change in how the answers are built (serializers, querysets, orderings, pagination) must leave
these bytes alone. When the answers change on purpose, record them again and review the diff:

    RECORD=1 .venv/bin/pytest tests/api/test_recorded_responses.py
"""

import datetime
import json
import os
from pathlib import Path

import pytest

from negotiations import models as m
from tests import factories as f

RECORDED = Path(__file__).resolve().parent / "recorded"
RECORD = os.environ.get("RECORD") == "1"

# The meetings' created_at: this instant plus the meeting's id in minutes (updated_at an hour on).
INSTANT = datetime.datetime(2025, 12, 2, 9, 30, 15, 123456, tzinfo=datetime.UTC)

# name of the recorded file: the request
REQUESTS = {
    "meetings_page.json": "/api/v1/meetings/?page_size=50",
    "meetings_page_of_two.json": "/api/v1/meetings/?page_size=2",
    "meeting_detail.json": "/api/v1/meetings/9002/",
    "meetings.csv": "/api/v1/meetings/?format=csv",
}


def make_meetings() -> None:
    """Three meetings besides the article's: dated to the week, dated to the day with a time
    and an end, and undated; with delegations (one headless, one without members), members,
    citations and framework versions."""
    source = f.SourceFactory(
        pk=9001, title="Recorded report: “talks”", published_date=datetime.date(2025, 12, 2)
    )
    ukraine, europe = (
        f.PartyFactory(pk=9001, name="Ukraine (recorded)", slug="ukraine-recorded"),
        f.PartyFactory(pk=9002, name="Europe & allies", slug="europe-allies"),
    )
    people = [
        f.PersonFactory(pk=9000 + number, name=name, slug=f"recorded-person-{number}")
        for number, name in enumerate(["Ana Ärnström", "Bob O'Neil", "Zoë <Z>", "=Ann Formula"], 1)
    ]
    place = f.PlaceFactory(pk=9001, venue="Hôtel de Ville", locality="Genève", region="GE")
    framework = f.FrameworkFactory(pk=9001, title="Recorded framework", slug="recorded-framework")
    drafts = [
        f.FrameworkVersionFactory(
            pk=9000 + number, framework=framework, label=label, slug=f"recorded-{number}"
        )
        for number, label in enumerate(["First draft", "Second draft"], 1)
    ]
    meetings = [
        f.MeetingFactory(
            pk=9001,
            title="Recorded round one",
            slug="recorded-round-one",
            date=datetime.date(2025, 11, 20),
            date_precision=m.DatePrecision.WEEK,
            place=place,
            sequence=4,
            summary="A summary with “quotes”, <tags> & a newline\nhere.",
        ),
        f.MeetingFactory(
            pk=9002,
            title="Recorded round two",
            slug="recorded-round-two",
            date=datetime.date(2025, 12, 1),
            date_precision=m.DatePrecision.DAY,
            end_date=datetime.date(2025, 12, 3),
            start_time=datetime.time(14, 30),
            duration_minutes=90,
            status=m.Meeting.Status.SCHEDULED,
            place=place,
            sequence=5,
            characterisation="=1+1 is not a formula here",
        ),
        f.MeetingFactory(
            pk=9003,
            title="Recorded round, undated",
            slug="recorded-round-undated",
            date=None,
            date_precision=m.DatePrecision.UNKNOWN,
            place=None,
            status=m.Meeting.Status.POSTPONED,
        ),
    ]
    first, second, _ = meetings
    teams = [
        (9001, first, ukraine, [(people[0], "head"), (people[1], "member"), (people[2], "member")]),
        (9002, first, europe, [(people[3], "head")]),
        (9003, second, ukraine, [(people[1], "adviser"), (people[0], "member")]),
        (9004, second, europe, []),
    ]
    for pk, meeting, party, members in teams:
        delegation = f.DelegationFactory(pk=pk, meeting=meeting, party=party)
        for person, role in members:
            f.DelegationMemberFactory(delegation=delegation, person=person, role=role)
    f.VersionMeetingFactory(version=drafts[0], meeting=first, kind="presented")
    f.VersionMeetingFactory(version=drafts[1], meeting=second, kind="presented")
    f.VersionMeetingFactory(version=drafts[0], meeting=second, kind="discussed")
    for pk, meeting, excerpt in [
        (9001, first, "talks"),
        (9002, first, "“productive”"),
        (9003, second, "recorded"),
    ]:
        f.CitationFactory(
            pk=pk, source=source, content_object=meeting, excerpt=excerpt, note=f"note {pk}"
        )
    # Two outlets give the second round's duration differently: a dispute it carries.
    other = f.SourceFactory(pk=9002, title="Second outlet", reliability="B")
    f.CitationFactory(pk=9004, source=other, content_object=second, excerpt="two hours")
    for pk, citation, minutes in [(9001, 9003, 90), (9002, 9004, 120)]:
        cited = m.Citation.objects.get(pk=citation)
        f.AccountFactory(pk=pk, citation=cited, field="duration_minutes", value=minutes)
    for pk in m.Meeting.objects.values_list("pk", flat=True):
        created = INSTANT + datetime.timedelta(minutes=pk)
        m.Meeting.objects.filter(pk=pk).update(
            created_at=created, updated_at=created + datetime.timedelta(hours=1)
        )


def body(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def recorded_data(article):
    make_meetings()


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_answer_is_the_recorded_one(client, recorded_data, name):
    answer = body(client.get(REQUESTS[name]))
    path = RECORDED / name
    if RECORD:
        RECORDED.mkdir(exist_ok=True)
        path.write_bytes(answer)
    recorded = path.read_bytes()
    if name.endswith(".json"):  # a readable diff first
        assert json.loads(answer) == json.loads(recorded)
    assert answer == recorded
