"""The meetings' iCalendar feed: what a calendar application subscribing to it shows."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from negotiations.models import Meeting
from tests import factories as f

URL = reverse("negotiations:meetings-ics")
# "Today" for the feed's default window (a year either side): the article's time.
TODAY = datetime.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def article_time(monkeypatch):
    monkeypatch.setattr("negotiations.exports.views.today", lambda: TODAY)


def content(response) -> bytes:
    assert response.streaming  # never the whole feed in memory
    return b"".join(response.streaming_content)


def feed(client, query: str = "") -> Calendar:
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(content(response))


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def span(event) -> tuple:
    end = event.get("dtend")
    return event.decoded("dtstart"), end.dt if end is not None else None


def test_feed_is_a_named_inline_calendar(client, article):
    response = client.get(URL)
    assert response["Content-Disposition"] == 'inline; filename="meetings.ics"'
    calendar = Calendar.from_ical(content(response))
    assert str(calendar["x-wr-calname"]) == "Peace negotiations: meetings"
    assert str(calendar["version"]) == "2.0"


def test_florida_meeting_is_placed_on_its_bound_and_says_its_date_is_not_reported(client, article):
    florida = events(feed(client))["US–Ukraine talks in Florida (date not reported)"]
    meeting = Meeting.objects.get(slug="florida-talks")
    # Not later than the Moscow visit (week of 1 Dec 2025), the next dated round: never a guess.
    assert span(florida) == (datetime.date(2025, 12, 1), datetime.date(2025, 12, 2))
    assert str(florida["transp"]) == "TRANSPARENT"
    assert str(florida["status"]) == "CONFIRMED"
    assert str(florida["x-tracker-date-precision"]) == "unknown"
    assert str(florida["uid"]) == f"meeting-{meeting.pk}@peace-negotiation-tracker.invalid"
    assert str(florida["url"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert florida["location"] == "Private club, Hallandale Beach, Florida"
    assert florida.decoded("sequence") == meeting.revision
    assert florida.decoded("last-modified") == meeting.updated_at.replace(microsecond=0)
    description = str(florida["description"])
    assert description.startswith("Date not reported; held no later than 2025-12-01")
    assert meeting.summary in description
    # Delegations by party, head and members, and the article as the source.
    assert "- United States: head Marco Rubio; members " in description
    assert "- Ukraine: head Rustem Umerov" in description
    assert "Sources:\n- " in description


def test_scheduled_moscow_visit_is_a_tentative_week(client, article):
    moscow = events(feed(client))["Witkoff’s visit to Moscow"]
    assert span(moscow) == (datetime.date(2025, 12, 1), datetime.date(2025, 12, 8))
    assert str(moscow["status"]) == "TENTATIVE"
    assert str(moscow["x-tracker-date-precision"]) == "week"
    assert "Date reported only as week of 1 Dec 2025." in str(moscow["description"])
    assert "transp" not in moscow


def at(date, precision="day", **kwargs):
    return f.MeetingFactory(date=date, date_precision=precision, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "expected", "precision"),
    [
        pytest.param(
            lambda: at(
                datetime.date(2025, 11, 30), start_time=datetime.time(10), duration_minutes=240
            ),
            (datetime.datetime(2025, 11, 30, 10), datetime.datetime(2025, 11, 30, 14)),
            "day",
            id="day-with-time",
        ),
        pytest.param(
            lambda: at(datetime.date(2025, 11, 30)),
            (datetime.date(2025, 11, 30), datetime.date(2025, 12, 1)),
            "day",
            id="all-day",
        ),
        pytest.param(
            lambda: at(datetime.date(2025, 11, 30), end_date=datetime.date(2025, 12, 2)),
            (datetime.date(2025, 11, 30), datetime.date(2025, 12, 3)),
            "day",
            id="several-days",
        ),
        pytest.param(
            lambda: at(datetime.date(2025, 12, 1), "week"),
            (datetime.date(2025, 12, 1), datetime.date(2025, 12, 8)),
            "week",
            id="week",
        ),
        pytest.param(
            lambda: at(datetime.date(2026, 2, 1), "month"),
            (datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)),
            "month",
            id="month",
        ),
    ],
)
def test_each_precision_is_drawn_as_precisely_as_it_is_known(client, make, expected, precision):
    meeting = make()
    event = events(feed(client))[meeting.title]
    assert span(event) == expected
    assert str(event["x-tracker-date-precision"]) == precision


@pytest.mark.django_db
def test_undated_meeting_is_bound_by_the_next_dated_round_or_left_out(client):
    f.MeetingFactory(sequence=1, date=None, date_precision="unknown", title="First")
    f.MeetingFactory(sequence=2, date=None, date_precision="unknown", title="Second")
    f.MeetingFactory(sequence=3, date=datetime.date(2026, 1, 10), title="Third")
    f.MeetingFactory(
        sequence=9, date=None, date_precision="unknown", title="Later", status="scheduled"
    )
    calendar = feed(client)
    found = events(calendar)
    for title in ("First", "Second"):
        event = found[f"{title} (date not reported)"]
        assert span(event) == (datetime.date(2026, 1, 10), datetime.date(2026, 1, 11))
    assert "Later (date not reported)" not in found  # no later dated round: no invented day
    assert str(calendar["x-tracker-left-out"]) == "1"
    assert "Left out, with no reported date and no later dated round: Later." in str(
        calendar["x-wr-caldesc"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "expected"),
    [("held", "CONFIRMED"), ("scheduled", "TENTATIVE"), ("postponed", "CANCELLED"),
     ("cancelled", "CANCELLED")],
)  # fmt: skip
def test_status_is_mapped_to_icalendar_status(client, status, expected):
    meeting = f.MeetingFactory(status=status)
    assert str(events(feed(client))[meeting.title]["status"]) == expected


@pytest.mark.parametrize("party", ["ukraine", "2"])
def test_party_feed_lists_only_meetings_with_its_delegation(client, article, party):
    response = client.get(URL, {"party": party})
    assert response["Content-Disposition"] == 'inline; filename="meetings-ukraine.ics"'
    calendar = Calendar.from_ical(content(response))
    assert sorted(events(calendar)) == ["US–Ukraine talks in Florida (date not reported)"]
    assert str(calendar["x-wr-calname"]) == "Peace negotiations: meetings with Ukraine"
    assert len(events(feed(client, "?party=russia"))) == 1
    assert len(events(feed(client))) == 3


@pytest.mark.parametrize(
    ("party", "status"),
    [("nobody", 404), ("999", 404), ("not a slug!", 400), ("x" * 300, 400), ("<b>", 400)],
)
def test_bad_party_is_refused(client, article, party, status):
    assert client.get(URL, {"party": party}).status_code == status


def test_only_reads_are_allowed(client, article):
    assert client.post(URL).status_code == 405


def test_timeline_links_to_the_feed(client, article):
    assert f'href="{URL}"' in client.get(reverse("negotiations:timeline")).content.decode()


def add_meeting_with_team(number: int) -> None:
    delegation = f.DelegationFactory(meeting=f.MeetingFactory(sequence=100 + number))
    f.DelegationMemberFactory(delegation=delegation, role="head")
    f.DelegationMemberFactory(delegation=delegation)
    f.CitationFactory(content_object=delegation.meeting)


# The feed's 5 (the left-out titles, the meetings, their citations, delegations and members;
# one more for the party), and 6 for the anonymous client's one-stream claim in the database
# cache (count, savepoint, read, insert, release; the delete at the end).
@pytest.mark.parametrize(("query", "pinned"), [("", 11), ("?party=united-states", 12)])
def test_feed_queries_are_pinned_and_do_not_grow_with_meetings(
    client, article, django_assert_num_queries, query, pinned
):
    with django_assert_num_queries(pinned):
        before = len(events(feed(client, query)))
    us = f.PartyFactory()
    for number in range(10):
        add_meeting_with_team(number)
    f.DelegationFactory(meeting=Meeting.objects.get(sequence=105), party=us)
    with django_assert_num_queries(pinned):
        after = len(events(feed(client, query)))
    assert after == before + (10 if not query else 0)


# --- The window (issue 18: the whole history in one feed took 22 s and 1.5 GB) -----------------


@pytest.mark.django_db
def test_the_feed_covers_a_year_either_side_of_today_by_default(client):
    inside = [at(TODAY - datetime.timedelta(days=364)), at(TODAY + datetime.timedelta(days=364))]
    outside = [at(TODAY - datetime.timedelta(days=400)), at(TODAY + datetime.timedelta(days=400))]
    calendar = feed(client)
    assert sorted(events(calendar)) == sorted(meeting.title for meeting in inside)
    assert "Meetings from 2024-12-01 to 2026-12-01" in str(calendar["x-wr-caldesc"])
    wider = events(feed(client, f"?from={TODAY.year - 2}-01-01&to={TODAY.year + 2}-12-31"))
    assert sorted(wider) == sorted(meeting.title for meeting in inside + outside)


@pytest.mark.django_db
def test_from_and_to_bound_the_feed_by_each_event_s_span(client):
    old = at(datetime.date(2019, 6, 10))
    month = at(datetime.date(2019, 7, 1), "month")  # all of July
    long = at(datetime.date(2019, 5, 30), end_date=datetime.date(2019, 6, 2))
    found = events(feed(client, "?from=2019-06-01&to=2019-06-30"))
    assert sorted(found) == sorted([old.title, long.title])
    assert month.title in events(feed(client, "?from=2019-07-31&to=2019-08-31"))
    assert sorted(events(feed(client, "?from=2019-06-10"))) == sorted(  # two years from it
        [old.title, month.title]
    )
    assert sorted(events(feed(client, "?to=2019-06-01"))) == [long.title]


@pytest.mark.django_db
def test_an_undated_meeting_is_in_the_window_of_its_bound(client):
    f.MeetingFactory(sequence=1, date=None, date_precision="unknown", title="Undated")
    f.MeetingFactory(sequence=2, date=datetime.date(2018, 3, 5), title="Dated")
    assert "Undated (date not reported)" not in events(feed(client))
    assert sorted(events(feed(client, "?from=2018-03-05&to=2018-03-05"))) == [
        "Dated",
        "Undated (date not reported)",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2025-13-01", "from: give a date as YYYY-MM-DD."),
        ("to=1.1.2025", "to: give a date as YYYY-MM-DD."),
        ("from=%EF%BC%92025-01-01", "from: give a date as YYYY-MM-DD."),
        ("from=2025-02-30", "from: give a date as YYYY-MM-DD."),
        ("from=2025-06-01&to=2025-05-31", "from: must not be after to."),
        ("from=2010-01-01&to=2025-01-01", "to: the window may span at most 1826 days"),
        ("from=0001-01-01&to=9999-12-31", "to: the window may span at most 1826 days"),
        ("from=9999-12-31", ""),
        ("to=0001-01-01", ""),
    ],
)
def test_a_bad_window_is_a_400_naming_the_parameter(client, query, message):
    response = client.get(f"{URL}?{query}")
    if not message:  # the edge of the calendar: a short window, not an overflow
        assert response.status_code == 200
        b"".join(response.streaming_content)
        return
    assert response.status_code == 400
    assert response.content.decode().startswith(message)
