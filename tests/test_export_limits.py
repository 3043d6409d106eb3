"""The large exports (issue 18, finding 3): streamed, bounded, and limited per anonymous client,
who is told to wait (429 with Retry-After) rather than given a worker killed halfway."""

import datetime
import json

import pytest
from django.core.cache import cache

from negotiations.exports.csv import CSVListMixin
from tests import factories as f

CSV = "/api/v1/meetings/?format=csv"
ICS = "/meetings.ics"
POPOLO = "/api/v1/popolo/"
# The one-stream claim of an anonymous download in the database cache: count (culling),
# savepoint, read, insert, release; then the delete when the stream ends.
STREAM_CLAIM_QUERIES = 6


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()
    yield
    cache.clear()


def drain(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_told_to_wait(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Try again" in drain(response).decode()


@pytest.mark.parametrize("url", [CSV, ICS])
def test_an_anonymous_client_gets_429_with_retry_after_past_the_rate(db, client, settings, url):
    settings.EXPORT_RATE_ANON = "2/hour"
    f.MeetingFactory()
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        drain(response)
    assert_told_to_wait(client.get(url))
    # Another address has its own count.
    response = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    drain(response)


def test_the_csv_refusal_is_json_by_default_and_csv_when_asked(db, api_client, settings):
    settings.EXPORT_RATE_ANON = "1/minute"
    drain(api_client.get(CSV))
    refused = api_client.get("/api/v1/meetings/", HTTP_ACCEPT="text/csv")
    assert_told_to_wait(refused)
    assert refused["Content-Type"].startswith("text/csv")
    assert api_client.get("/api/v1/meetings/").status_code == 200  # the JSON list is not limited


def test_popolo_pages_have_their_own_rate(db, api_client, settings):
    settings.POPOLO_RATE_ANON = "2/minute"
    settings.EXPORT_RATE_ANON = "1/minute"
    assert api_client.get(POPOLO).status_code == 200
    assert api_client.get(POPOLO).status_code == 200
    refused = api_client.get(POPOLO)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Try again" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("url", "signed_in"),
    [(CSV, "analyst_api"), (POPOLO, "analyst_api"), (CSV, "viewer_client"), (ICS, "viewer_client")],
)
def test_signed_in_users_are_not_limited(request, settings, url, signed_in):
    settings.EXPORT_RATE_ANON = settings.POPOLO_RATE_ANON = "1/hour"
    client = request.getfixturevalue(signed_in)  # a token, or a session (the calendar feed)
    first = client.get(url)
    for _ in range(3):  # several at once, too
        response = client.get(url)
        assert response.status_code == 200
        drain(response)
    drain(first)


@pytest.mark.parametrize("url", [CSV, ICS])
def test_one_stream_at_a_time_per_anonymous_client(db, client, url):
    f.MeetingFactory()
    first = client.get(url)
    assert first.status_code == 200
    assert first.streaming
    # While the first is still being sent, a second one from the same address waits.
    assert_told_to_wait(client.get(url))
    assert_told_to_wait(client.get(CSV if url == ICS else ICS))
    other = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
    drain(other)
    drain(first)  # sent: the next may start
    again = client.get(url)
    assert again.status_code == 200
    drain(again)


@pytest.mark.django_db(transaction=True)  # closing a response ends the request's connection
def test_a_download_cut_off_by_the_client_frees_its_slot(client):
    f.MeetingFactory()
    response = client.get(CSV)
    next(iter(response))  # the header row reached the client, which then went away:
    response.close()  # what gunicorn does then
    again = client.get(CSV)
    assert again.status_code == 200
    drain(again)


def test_a_refused_query_frees_the_slot(db, client):
    assert client.get(CSV + "&date_after=not-a-date").status_code == 400
    response = client.get(CSV)
    assert response.status_code == 200
    drain(response)


@pytest.mark.parametrize("url", [CSV, ICS])
def test_downloads_stream_chunk_by_chunk(
    db, client, monkeypatch, url, django_assert_max_num_queries
):
    """Memory stays flat: the response is a stream, and the rows are read a chunk at a time, so
    the queries grow with chunks, never with one query per row nor all rows at once."""
    monkeypatch.setattr(CSVListMixin, "csv_chunk_size", 5)
    monkeypatch.setattr("negotiations.exports.ical.CHUNK_SIZE", 5)
    monkeypatch.setattr("negotiations.exports.views.today", lambda: datetime.date(2025, 12, 1))
    for _ in range(20):
        f.DelegationMemberFactory(delegation=f.DelegationFactory())
    response = client.get(url)
    assert response.streaming
    # The list's (or feed's) queries, its prefetches once per chunk of 5 (4 chunks; a meeting's
    # five: delegations, members, versions, accounts, citations), the claim.
    with django_assert_max_num_queries(2 + 4 * 5 + STREAM_CLAIM_QUERIES):
        body = drain(client.get(url, REMOTE_ADDR="203.0.113.9"))
    drain(response)
    assert body.count(b"Round ") >= 20


def test_the_schema_documents_the_limits_and_the_popolo_pages(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                 "--file", str(target))  # fmt: skip
    paths = json.loads(target.read_text())["paths"]
    for path in ("/api/v1/meetings/", "/api/v1/timeline/", "/api/v1/popolo/"):
        limited = paths[path]["get"]["responses"]["429"]
        assert "Retry-After" in limited["headers"]
        assert "application/json" in limited["content"]
    assert "text/csv" in paths["/api/v1/meetings/"]["get"]["responses"]["429"]["content"]
    assert "429" not in paths["/api/v1/meetings/{id}/"]["get"]["responses"]
    popolo = paths["/api/v1/popolo/"]["get"]
    assert {param["name"] for param in popolo["parameters"]} >= {"cursor", "page_size"}
    document = popolo["responses"]["200"]["content"]["application/json"]["schema"]
    assert document["properties"]["next"]["nullable"] is True
