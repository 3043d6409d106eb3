"""The exports read by others' parsers, not only ours: the Atom feeds by feedparser (RFC 4287),
the calendar by icalendar and by `ics` (RFC 5545), every list's CSV by pandas."""

import datetime
import io

import feedparser
import ics
import pandas
import pytest
from django.utils import timezone
from icalendar import Calendar

from negotiations.models import Meeting
from tests.api.test_csv import FILTERED

# The article's time: the feed's default window is a year either side of today.
WINDOW = {"from": "2025-01-01", "to": "2026-12-31"}


def calendar_bytes(client, **extra) -> bytes:
    response = client.get("/meetings.ics", WINDOW, **extra)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# --- Atom ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/changes/feed/", "/issues/security-guarantees/feed/"])
def test_feedparser_reads_each_atom_feed_without_a_fault(url, article, client):
    response = client.get(url)
    assert response.status_code == 200

    parsed = feedparser.parse(response.content)

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id
    assert feed.updated
    assert feed.title
    assert any(link.rel == "self" and link.href.endswith(url) for link in feed.links)
    assert parsed.entries, "the shipped data's changes"
    # RFC 4287: a feed without an author of its own needs one on every entry.
    assert feed.get("author") or all(entry.get("author") for entry in parsed.entries)
    for entry in parsed.entries:
        assert entry.id
        assert entry.updated
        assert entry.link


# --- iCalendar -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_parser_reads_the_calendar_as_icalendar_does(article, client):
    body = calendar_bytes(client)

    ours = Calendar.from_ical(body).walk("VEVENT")
    theirs = ics.Calendar(body.decode())

    assert len(ours) == len(theirs.events) > 0
    assert {str(event["uid"]) for event in ours} == {event.uid for event in theirs.events}
    assert {str(event["summary"]) for event in ours} == {event.name for event in theirs.events}


@pytest.mark.django_db
def test_calendar_lines_end_in_crlf_and_fold_at_75_octets(article, client):
    body = calendar_bytes(client)

    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the descriptions are long: folded"


@pytest.mark.django_db
def test_every_event_has_a_uid_and_a_dtstamp(article, client):
    events = Calendar.from_ical(calendar_bytes(client)).walk("VEVENT")

    assert events
    assert all("uid" in event and "dtstamp" in event for event in events)
    assert len({str(event["uid"]) for event in events}) == len(events)


@pytest.mark.django_db
def test_uids_are_the_same_whichever_host_the_calendar_is_read_through(article, client, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "tracker.example.org"]
    settings.CALENDAR_UID_DOMAIN = "tracker.example.org"
    uids = {
        host: [
            str(e["uid"])
            for e in Calendar.from_ical(calendar_bytes(client, HTTP_HOST=host)).walk("VEVENT")
        ]
        for host in ["127.0.0.1", "localhost", "[::1]:8000"]
    }

    assert uids["127.0.0.1"] == uids["localhost"] == uids["[::1]:8000"]
    florida = Meeting.objects.get(slug="florida-talks")
    assert f"meeting-{florida.pk}@tracker.example.org" in uids["localhost"]


@pytest.mark.django_db
def test_dtstamp_is_when_the_feed_was_made_and_last_modified_when_the_meeting_changed(
    article, client
):
    changed = datetime.datetime(2025, 11, 30, 12, tzinfo=datetime.UTC)
    Meeting.objects.filter(slug="florida-talks").update(updated_at=changed)
    florida = Meeting.objects.get(slug="florida-talks")
    before = timezone.now().replace(microsecond=0)
    calendar = Calendar.from_ical(calendar_bytes(client))
    after = timezone.now()

    assert str(calendar["method"]) == "PUBLISH"  # RFC 5545 3.8.7.2: DTSTAMP is the feed's time
    events = {str(event["uid"]).partition("@")[0]: event for event in calendar.walk("VEVENT")}
    event = events[f"meeting-{florida.pk}"]
    assert before <= event.decoded("dtstamp") <= after
    assert event.decoded("last-modified") == changed == florida.updated_at


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(FILTERED))
def test_pandas_reads_every_list_s_csv_with_the_json_list_s_rows(endpoint, article, client):
    query = FILTERED[endpoint]
    listed = client.get(f"/api/v1/{endpoint}/?{query}&page_size=100&format=json").json()
    response = client.get(f"/api/v1/{endpoint}/?{query}&format=csv")
    assert response.status_code == 200

    frame = pandas.read_csv(io.BytesIO(b"".join(response.streaming_content)), dtype=str)

    assert len(frame) == len(listed["results"]) > 0
    # The same records: each list's id column (the timeline's entries by kind and record).
    key = ["kind", "id"] if endpoint == "timeline" else ["id"]
    rows = sorted(tuple(row) for row in frame[key].astype(str).itertuples(index=False))
    items = sorted(tuple(str(item[name]) for name in key) for item in listed["results"])
    assert rows == items


@pytest.mark.django_db
def test_the_timeline_csv_names_each_entry_s_sources(article, client):
    response = client.get("/api/v1/timeline/?format=csv")
    frame = pandas.read_csv(io.BytesIO(b"".join(response.streaming_content)), dtype=str)

    florida = frame[frame["title"] == "US–Ukraine talks in Florida"].iloc[0]
    assert florida["sources"].startswith("US and Ukraine officials meet in Florida")
    assert frame["sources"].notna().all()  # every shipped record cites the article


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["timeline", "meetings"])
def test_bom_1_starts_the_csv_with_a_byte_order_mark_for_excel(endpoint, article, client):
    response = client.get(f"/api/v1/{endpoint}/?format=csv")
    assert response.status_code == 200, response.content
    plain = b"".join(response.streaming_content)
    marked = b"".join(client.get(f"/api/v1/{endpoint}/?format=csv&bom=1").streaming_content)

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain
    # Excel's reading of it, as pandas does with utf-8-sig: the first column keeps its name.
    first = {"timeline": "kind", "meetings": "id"}[endpoint]
    columns = pandas.read_csv(io.BytesIO(marked), encoding="utf-8-sig").columns
    assert next(iter(columns)) == first


@pytest.mark.django_db
def test_a_bad_bom_is_a_400_naming_it(article, client):
    response = client.get("/api/v1/meetings/?format=csv&bom=yes")

    assert response.status_code == 400
    assert b"bom" in response.content
