"""Filters, ordering, paging and search on the shipped data, the same on SQLite and PostgreSQL."""

import datetime
import re

import pytest
from django.utils import timezone

from negotiations import models as m
from negotiations.services.timeline import timeline_rebuild

US, UKRAINE, RUSSIA, EUROPE = 1, 2, 3, 4
HALLANDALE_BEACH = 1  # the place of the Florida talks
GENEVA, FLORIDA, MOSCOW = "Geneva talks", "US–Ukraine talks in Florida", "Witkoff’s visit to Moscow"
TERRITORIES, GUARANTEES = 1, 2  # sticking issues


def label(record: dict) -> str:
    """What a list shows a record as: its name or title; a statement's text; else its id."""
    for key in ("name", "title", "text", "excerpt"):
        if key in record:
            return record[key]
    return record["id"]


def labels(response) -> list:
    assert response.status_code == 200, response.content
    return [label(record) for record in response.json()["results"]]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {record["id"] for record in response.json()["results"]}


# --- Filters --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [GENEVA, FLORIDA, MOSCOW]),
        ({"status": "held"}, [GENEVA, FLORIDA]),
        ({"status": "scheduled"}, [MOSCOW]),
        ({"party": US}, [FLORIDA, MOSCOW]),
        ({"party": UKRAINE}, [FLORIDA]),
        ({"party": EUROPE}, []),
        ({"person": 2}, [FLORIDA, MOSCOW]),  # Witkoff was at both
        ({"place": HALLANDALE_BEACH}, [FLORIDA]),
        ({"date_after": "2025-11-01"}, [MOSCOW]),
        ({"date_before": "2025-11-30"}, []),
        ({"version": 2}, [FLORIDA, MOSCOW]),
        ({"issue": TERRITORIES}, [FLORIDA]),
        ({"slug": "florida-talks"}, [FLORIDA]),
        ({"party": US, "status": "held"}, [FLORIDA]),
    ],
)
def test_meeting_filters(article, api_client, query, expected):
    response = api_client.get("/api/v1/meetings/", query)

    assert sorted(labels(response)) == sorted(expected)


@pytest.mark.django_db
def test_meetings_list_dated_meetings_first_and_undated_by_id(article, api_client):
    assert labels(api_client.get("/api/v1/meetings/")) == [MOSCOW, GENEVA, FLORIDA]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "total"),
    [
        ("/api/v1/parties/", 4),
        ("/api/v1/meetings/", 3),
        ("/api/v1/points/", 3),
        ("/api/v1/citations/", 90),
    ],
)
def test_updated_since_the_future_gives_none_and_since_the_past_gives_all(
    article, api_client, url, total
):
    future = timezone.now() + datetime.timedelta(days=1)
    past = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

    assert ids(api_client.get(url, {"updated_since": future.isoformat()})) == set()
    everything = ids(api_client.get(url, {"updated_since": past.isoformat(), "page_size": 100}))
    assert len(everything) == total


@pytest.mark.django_db
def test_updated_since_lists_only_the_records_changed_since(article, analyst_api):
    since = timezone.now()
    ukraine = "/api/v1/parties/2/"
    changed = analyst_api.patch(
        ukraine, {"short_name": "UA"}, format="json", HTTP_IF_MATCH=analyst_api.get(ukraine)["ETag"]
    )
    assert changed.status_code == 200

    response = analyst_api.get("/api/v1/parties/", {"updated_since": since.isoformat()})

    assert labels(response) == ["Ukraine"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        pytest.param(
            "/api/v1/points/",
            {"topic": "energy"},
            ["Ukraine Development Fund"],
            id="points-by-topic",
        ),
        pytest.param("/api/v1/points/", {"topic": "sanctions"}, [], id="points-unknown-topic"),
        pytest.param(
            "/api/v1/points/",
            {"version": 1},
            ["Limits on Ukraine’s military size", "Restrictions on Ukraine joining NATO"],
            id="points-by-version-1",
        ),
        pytest.param(
            "/api/v1/points/",
            {"version": 2},
            ["Ukraine Development Fund"],
            id="points-by-version-2",
        ),
        pytest.param(
            "/api/v1/people/",
            {"party": US},
            ["Donald Trump", "Marco Rubio", "Steve Witkoff"],
            id="people-by-party",
        ),
        pytest.param(
            "/api/v1/people/",
            {"meeting": 2},
            ["Jared Kushner", "Marco Rubio", "Rustem Umerov", "Steve Witkoff"],
            id="people-by-meeting",
        ),
        pytest.param(
            "/api/v1/developments/",
            {"kind": "scandal"},
            ["Corruption scandal in Ukraine"],
            id="developments-by-kind",
        ),
        pytest.param(
            "/api/v1/developments/",
            {"party": RUSSIA},
            ["Russian military attacks on Ukrainian cities"],
            id="developments-by-party",
        ),
        pytest.param(
            "/api/v1/sticking-issues/",
            {"party": RUSSIA},
            ["Future status of occupied territories"],
            id="issues-by-party",
        ),
        pytest.param(
            "/api/v1/statements/",
            {"meeting": 2},
            [
                "This is not just about peace deals. It’s about creating a pathway forward that "
                "leaves Ukraine sovereign, independent and prosperous",
                "the future of Ukraine, about the security of Ukraine, about no repetition of "
                "aggression… about how to rebuild Ukraine.",
            ],
            id="statements-by-meeting",
        ),
    ],
)
def test_list_filters_by_name(article, api_client, url, query, expected):
    assert sorted(labels(api_client.get(url, query))) == sorted(expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query", "expected_ids"),
    [
        pytest.param("/api/v1/positions/", {"party": UKRAINE}, {2, 3, 5, 7}, id="by-party"),
        pytest.param("/api/v1/positions/", {"stance": "opposes"}, {2, 5, 6, 7, 8}, id="by-stance"),
        pytest.param("/api/v1/positions/", {"issue": TERRITORIES}, {1, 2}, id="by-issue"),
        pytest.param("/api/v1/positions/", {"issue": GUARANTEES}, {3, 4}, id="by-other-issue"),
        pytest.param("/api/v1/positions/", {"point": 1}, {5, 6}, id="by-point"),
        pytest.param("/api/v1/positions/", {"version": 1}, {5, 6, 7, 8}, id="by-version"),
        pytest.param(
            "/api/v1/positions/",
            {"party": UKRAINE, "stance": "opposes"},
            {2, 5, 7},
            id="by-party-and-stance",
        ),
        pytest.param(
            "/api/v1/citations/",
            {"record_kind": "meeting", "record_id": 2},
            {25, 26, 27, 28, 29, 70},
            id="citations-of-florida",
        ),
        pytest.param(
            "/api/v1/citations/",
            {"record_kind": "meeting", "record_id": 99},
            set(),
            id="citations-of-a-missing-meeting",
        ),
        pytest.param(
            "/api/v1/citations/",
            {"record_kind": "development"},
            {48, 64, 65, 66, 67},
            id="citations-of-developments",
        ),
    ],
)
def test_list_filters_by_id(article, api_client, url, query, expected_ids):
    assert ids(api_client.get(url, query)) == expected_ids


# --- Ordering and paging --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["European officials", "Russia", "Ukraine", "United States"]),
        ("name", ["European officials", "Russia", "Ukraine", "United States"]),
        ("-name", ["United States", "Ukraine", "Russia", "European officials"]),
        ("id", ["United States", "Ukraine", "Russia", "European officials"]),
        ("kind,-name", ["European officials", "United States", "Ukraine", "Russia"]),
        # An ordering a list does not offer is a 400: tests/api/test_strict_queries.py.
    ],
)
def test_parties_ordering(article, api_client, ordering, expected):
    query = {"ordering": ordering} if ordering else {}

    assert labels(api_client.get("/api/v1/parties/", query)) == expected


@pytest.mark.django_db
def test_meetings_can_be_ordered_by_title_descending(article, api_client):
    response = api_client.get("/api/v1/meetings/", {"ordering": "-title"})

    assert labels(response) == [MOSCOW, FLORIDA, GENEVA]


@pytest.mark.django_db
def test_page_size_1_gives_one_result_and_a_next_link(article, api_client):
    response = api_client.get("/api/v1/parties/", {"page_size": 1})

    body = response.json()
    assert body["count"] == 4
    assert len(body["results"]) == 1
    assert body["previous"] is None
    assert "page=2" in body["next"]
    assert "page_size=1" in body["next"]

    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 1
    assert second["results"][0]["id"] != body["results"][0]["id"]


@pytest.mark.django_db
def test_meetings_page_size_1_gives_one_result_and_a_cursor_to_the_next(article, api_client):
    response = api_client.get("/api/v1/meetings/", {"page_size": 1})

    body = response.json()
    assert len(body["results"]) == 1
    assert "cursor=" in body["next"]
    assert "count" not in body  # cursor pages do not count

    seen = [label(body["results"][0])]
    while body["next"]:
        body = api_client.get(body["next"]).json()
        seen.extend(label(record) for record in body["results"])
    assert seen == [MOSCOW, GENEVA, FLORIDA]


@pytest.mark.django_db
def test_walking_the_meetings_cursor_back_gives_every_meeting(article, api_client):
    m.Meeting.objects.bulk_create(
        m.Meeting(title=f"Round {n}", slug=f"round-{n}") for n in range(4, 9)
    )
    timeline_rebuild()  # bulk rows get their sort keys from the bulk variant of the write path
    body = api_client.get("/api/v1/meetings/", {"page_size": 3}).json()
    while body["next"]:
        body = api_client.get(body["next"]).json()
    walked = [record["id"] for record in body["results"]]
    while body["previous"]:
        body = api_client.get(body["previous"]).json()
        walked[:0] = [record["id"] for record in body["results"]]

    assert walked == [3, 1, 2, 4, 5, 6, 7, 8]  # Moscow (dated), then the undated by id


# --- Search ---------------------------------------------------------------------------------

STATEMENT_1 = (
    "This is not just about peace deals. It’s about creating a pathway forward that leaves "
    "Ukraine sovereign, independent and prosperous"
)
STATEMENT_2 = "sovereign, independent, and with an opportunity at real prosperity."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        pytest.param("/api/v1/people/", "rubio", ["Marco Rubio"], id="people"),
        pytest.param("/api/v1/people/", "Rubio", ["Marco Rubio"], id="people-capitalised"),
        pytest.param("/api/v1/people/", "marco rubio", ["Marco Rubio"], id="people-two-words"),
        pytest.param("/api/v1/people/", "rubio witkoff", [], id="people-all-words-must-match"),
        pytest.param("/api/v1/parties/", "russia", ["Russia"], id="parties"),
        pytest.param("/api/v1/meetings/", "productive", [FLORIDA], id="meetings-characterisation"),
        pytest.param("/api/v1/meetings/", "Moscow", [GENEVA, MOSCOW], id="meetings-title-summary"),
        pytest.param(
            "/api/v1/points/",
            "fund",
            ["Ukraine Development Fund"],
            id="points",
        ),
        pytest.param(
            "/api/v1/sticking-issues/",
            "territories",
            ["Future status of occupied territories"],
            id="sticking-issues",
        ),
        pytest.param(
            "/api/v1/statements/", "sovereign", [STATEMENT_1, STATEMENT_2], id="statements"
        ),
        pytest.param(
            "/api/v1/developments/",
            "corruption",
            ["Corruption scandal in Ukraine"],
            id="developments",
        ),
        pytest.param(
            "/api/v1/citations/",
            "Hallandale",
            ["The meeting took place at a private club in Hallandale Beach, north of Miami"],
            id="citations",
        ),
        pytest.param(
            "/api/v1/places/",
            "Hallandale",
            ["Private club, Hallandale Beach, Florida"],
            id="places",
        ),
        pytest.param("/api/v1/meetings/", "xylophone", [], id="no-match"),
    ],
)
def test_search(article, api_client, url, query, expected):
    response = api_client.get(url, {"search": query})

    assert sorted(labels(response)) == sorted(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   "])
def test_a_blank_search_does_not_narrow_the_list(article, api_client, query):
    assert len(labels(api_client.get("/api/v1/statements/", {"search": query}))) == 3


@pytest.mark.django_db
def test_search_combines_with_filters(article, api_client):
    response = api_client.get("/api/v1/meetings/", {"search": "talks", "party": US})

    assert labels(response) == [FLORIDA]


@pytest.mark.django_db
def test_search_finds_a_record_created_through_the_api(article, analyst_api):
    created = analyst_api.post(
        "/api/v1/developments/",
        {"title": "Energy truce proposed", "slug": "energy-truce", "kind": "announcement"},
        format="json",
    )
    assert created.status_code == 201

    response = analyst_api.get("/api/v1/developments/", {"search": "truce"})

    assert labels(response) == ["Energy truce proposed"]


# --- Filter forms in the browsable API ------------------------------------------------------

RELATED = {"party", "place", "person", "meeting", "version", "issue", "point", "framework",
           "source", "record_id", "topic"}  # fmt: skip


def selects(html: str) -> set[str]:
    return set(re.findall(r'<select[^>]*\bname="([^"]+)"', html))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_meeting_filters_are_plain_inputs_not_dropdowns_of_whole_tables(
    article, api_client, request, who
):
    if who != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(who))

    response = api_client.get("/api/v1/meetings/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="party"', html)
    assert re.search(r'<input[^>]*name="place"', html)
    assert not selects(html) & RELATED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "resource",
    ["parties", "people", "roles", "places", "delegations", "framework-versions", "points",
     "sticking-issues", "positions", "statements", "developments", "sources", "citations",
     "timeline"],
)  # fmt: skip
def test_no_filter_form_renders_a_related_table_as_a_dropdown(article, api_client, resource):
    response = api_client.get(f"/api/v1/{resource}/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert not selects(response.content.decode()) & RELATED


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/meetings/2/"])
def test_the_browsable_api_renders_for_an_analyst_without_related_dropdowns(
    article, analyst_api, url
):
    response = analyst_api.get(url, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert not selects(response.content.decode()) & {"party", "place"}
