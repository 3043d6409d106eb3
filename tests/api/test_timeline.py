"""The timeline: meetings, developments, statements and stances in one date order, undated
last."""

import datetime

import pytest

from negotiations.models import DatePrecision
from tests import factories as f

US, UKRAINE, RUSSIA, EUROPE = 1, 2, 3, 4

# The shipped data in timeline order. Geneva and Florida have no date but come before Moscow
# (their place in the process); the Florida statements follow their meeting; Ukraine's stances
# of 1 Dec 2025 follow the Moscow visit of that week (a dated entry outside the process sorts
# after the process's own on its day); the undated developments, stances and the statement
# made at no meeting come last, in the order of their kinds' names.
SHIPPED_ORDER = [
    ("meeting", 1),  # Geneva talks
    ("meeting", 2),  # the talks in Florida
    ("statement", 1),  # Rubio, in Florida
    ("statement", 3),  # Umerov, in Florida
    ("meeting", 3),  # Witkoff's visit to Moscow, week of 1 Dec 2025
    ("optionstance", 3),  # Ukraine: restoring its borders acceptable, 1 Dec 2025
    ("optionstance", 4),  # Ukraine: recognising the annexations a red line, 1 Dec 2025
    ("development", 1),  # resignation of the chief negotiator
    ("development", 2),  # attacks on Ukrainian cities
    ("development", 3),  # corruption scandal
    ("development", 4),  # the US push on Ukraine's gas infrastructure
    ("optionstance", 1),  # Russia: recognising the annexations acceptable
    ("optionstance", 2),  # Russia: restoring Ukraine's borders a red line
    ("optionstance", 5),  # Ukraine: limits on its military a red line
    ("optionstance", 6),  # European officials: the same
    ("optionstance", 7),  # Ukraine: restrictions on joining NATO a red line
    ("optionstance", 8),  # European officials: the same
    ("statement", 2),  # Rubio, at no meeting
]
DATED_STANCES = [("optionstance", 3), ("optionstance", 4)]


def entries(response) -> list[tuple[str, int]]:
    assert response.status_code == 200, response.content
    return [(item["kind"], item["id"]) for item in response.json()["results"]]


def walk(client, url: str, params: dict) -> list[dict]:
    """Every item, following `next` from the first page to the last."""
    body = client.get(url, params).json()
    items = list(body["results"])
    while body["next"]:
        body = client.get(body["next"]).json()
        items.extend(body["results"])
    return items


def item(client, kind: str, pk: int) -> dict:
    results = client.get("/api/v1/timeline/").json()["results"]
    return next(i for i in results if (i["kind"], i["id"]) == (kind, pk))


@pytest.mark.django_db
def test_the_timeline_orders_the_shipped_data(article, api_client):
    assert entries(api_client.get("/api/v1/timeline/")) == SHIPPED_ORDER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "pk", "title", "date_display", "status"),
    [
        ("meeting", 1, "Geneva talks", "date not reported", "held"),
        ("meeting", 2, "US–Ukraine talks in Florida", "date not reported", "held"),
        ("meeting", 3, "Witkoff’s visit to Moscow", "week of 1 Dec 2025", "scheduled"),
        ("development", 3, "Corruption scandal in Ukraine", "date not reported", ""),
        (
            "statement",
            2,
            "sovereign, independent, and with an opportunity at real prosperity.",
            "date not reported",
            "",
        ),
    ],
)
def test_each_item_says_what_it_is_and_when(
    article, api_client, kind, pk, title, date_display, status
):
    entry = item(api_client, kind, pk)

    assert entry["kind"] == kind
    assert entry["title"] == title
    assert entry["date_display"] == date_display
    assert entry["status"] == status
    assert entry["url"] == f"http://testserver/api/v1/{kind}s/{pk}/"
    assert entry["option"] is None


@pytest.mark.django_db
def test_every_item_has_a_date_display(article, api_client):
    displays = {
        (i["kind"], i["id"]): i["date_display"]
        for i in api_client.get("/api/v1/timeline/").json()["results"]
    }

    assert displays == {
        key: "week of 1 Dec 2025"
        if key == ("meeting", 3)
        else "1 Dec 2025"
        if key in DATED_STANCES
        else "date not reported"
        for key in SHIPPED_ORDER
    }


@pytest.mark.django_db
def test_a_meeting_item_names_its_parties_and_place(article, api_client):
    florida = item(api_client, "meeting", 2)

    assert sorted((p["id"], p["name"]) for p in florida["parties"]) == [
        (US, "United States"),
        (UKRAINE, "Ukraine"),
    ]
    assert all(p["url"].endswith(f"/api/v1/parties/{p['id']}/") for p in florida["parties"])
    assert florida["place"] == {
        "id": 1,
        "url": "http://testserver/api/v1/places/1/",
        "name": "Private club, Hallandale Beach, Florida",
    }
    assert florida["person"] is None
    assert florida["meeting"] is None


@pytest.mark.django_db
def test_a_statement_item_names_its_speaker_and_meeting(article, api_client):
    rubio = item(api_client, "statement", 1)

    assert rubio["person"]["name"] == "Marco Rubio"
    assert rubio["meeting"]["name"] == "US–Ukraine talks in Florida"
    assert rubio["parties"] == []
    assert rubio["place"] is None


@pytest.mark.django_db
def test_a_development_item_names_its_parties(article, api_client):
    attacks = item(api_client, "development", 2)

    assert sorted(p["name"] for p in attacks["parties"]) == ["Russia", "Ukraine"]
    assert attacks["place"] is None
    assert attacks["person"] is None


@pytest.mark.django_db
def test_a_stance_item_says_the_stance_and_names_its_party_and_option(article, api_client):
    stance = item(api_client, "optionstance", 4)

    assert (
        stance["title"] == "Unacceptable (a red line): Recognition of Russia’s declared annexations"
    )
    assert stance["status"] == "unacceptable"
    assert stance["date"] == "2025-12-01"
    assert stance["url"] == "http://testserver/api/v1/option-stances/4/"
    assert [(p["id"], p["name"]) for p in stance["parties"]] == [(UKRAINE, "Ukraine")]
    assert stance["option"]["id"] == 1
    assert stance["option"]["url"] == "http://testserver/api/v1/options/1/"
    assert stance["person"] is None
    assert stance["meeting"] is None
    assert stance["place"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 2, 4])
def test_walking_the_cursor_gives_the_same_sequence_without_duplicates(
    article, api_client, page_size
):
    first = api_client.get("/api/v1/timeline/", {"page_size": page_size}).json()
    assert len(first["results"]) == page_size
    assert first["previous"] is None

    walked = [
        (i["kind"], i["id"])
        for i in walk(api_client, "/api/v1/timeline/", {"page_size": page_size})
    ]

    assert walked == SHIPPED_ORDER


@pytest.mark.django_db
def test_walking_the_cursor_back_from_the_last_page_gives_the_same_sequence(article, api_client):
    body = api_client.get("/api/v1/timeline/", {"page_size": 2}).json()
    while body["next"]:
        body = api_client.get(body["next"]).json()
    pages = [[(i["kind"], i["id"]) for i in body["results"]]]
    while body["previous"]:
        body = api_client.get(body["previous"]).json()
        pages.insert(0, [(i["kind"], i["id"]) for i in body["results"]])

    assert [entry for page in pages for entry in page] == SHIPPED_ORDER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            {"kind": "meeting"}, [("meeting", 1), ("meeting", 2), ("meeting", 3)], id="meetings"
        ),
        pytest.param(
            {"kind": ["statement", "development"]},
            [
                ("statement", 1),
                ("statement", 3),
                ("development", 1),
                ("development", 2),
                ("development", 3),
                ("development", 4),
                ("statement", 2),
            ],
            id="statements-and-developments",
        ),
        pytest.param(
            {"party": RUSSIA},
            [("meeting", 3), ("development", 2), ("optionstance", 1), ("optionstance", 2)],
            id="russia",
        ),
        pytest.param(
            {"party": UKRAINE},
            [
                ("meeting", 2),
                ("statement", 3),
                *DATED_STANCES,
                ("development", 1),
                ("development", 2),
                ("development", 3),
                ("development", 4),
                ("optionstance", 5),
                ("optionstance", 7),
            ],
            id="ukraine",
        ),
        pytest.param(
            {"party": US},
            [
                ("meeting", 2),
                ("statement", 1),
                ("meeting", 3),
                ("development", 4),
                ("statement", 2),
            ],
            id="united-states",
        ),
        pytest.param({"status": "scheduled"}, [("meeting", 3)], id="scheduled"),
        pytest.param({"status": "held"}, [("meeting", 1), ("meeting", 2)], id="held"),
        pytest.param(
            {"date_after": "2025-12-01"}, [("meeting", 3), *DATED_STANCES], id="date-after"
        ),
        pytest.param({"date_after": "2025-12-02"}, [], id="date-after-everything"),
        pytest.param({"date_before": "2025-11-30"}, [], id="date-before-everything"),
        pytest.param(
            {"kind": "development", "party": RUSSIA}, [("development", 2)], id="kind-and-party"
        ),
        pytest.param(
            {"kind": "optionstance", "party": "european-officials"},
            [("optionstance", 6), ("optionstance", 8)],
            id="stances-of-a-party-by-slug",
        ),
        pytest.param(
            {"kind": "optionstance", "date_before": "2025-12-01"},
            DATED_STANCES,
            id="dated-stances",
        ),
    ],
)
def test_timeline_filters(article, api_client, query, expected):
    assert entries(api_client.get("/api/v1/timeline/", query)) == expected


@pytest.mark.django_db
def test_a_new_dated_development_appears_before_the_moscow_meeting(article, api_client):
    truce = f.DevelopmentFactory(
        title="Energy truce proposed",
        date=datetime.date(2025, 11, 20),
        date_precision=DatePrecision.DAY,
    )

    order = entries(api_client.get("/api/v1/timeline/"))

    assert order.index(("development", truce.pk)) < order.index(("meeting", 3))
    assert [entry for entry in order if entry != ("development", truce.pk)] == SHIPPED_ORDER
    assert item(api_client, "development", truce.pk)["date_display"] == "20 Nov 2025"


@pytest.mark.django_db
def test_an_undated_meeting_sorts_by_the_earliest_later_dated_one():
    """The view's "not later than" date: the earliest date among meetings with a higher
    sequence (not equal), none when nothing later is dated or the sequence is unknown."""
    from negotiations.models import TimelineEntry

    def meeting(sequence, date=None):
        precision = DatePrecision.DAY if date else DatePrecision.UNKNOWN
        return f.MeetingFactory(sequence=sequence, date=date, date_precision=precision)

    first = meeting(1)
    tied = meeting(2)
    meeting(2, datetime.date(2025, 3, 1))  # same sequence: no bound for `tied`
    meeting(3, datetime.date(2025, 6, 1))
    meeting(4, datetime.date(2025, 5, 1))  # earlier date later in the process
    last = meeting(5)
    unsequenced = meeting(None)

    sort_dates = {
        entry.object_id: entry.sort_date for entry in TimelineEntry.objects.filter(kind="meeting")
    }
    assert sort_dates[first.pk] == datetime.date(2025, 3, 1)
    assert sort_dates[tied.pk] == datetime.date(2025, 5, 1)
    assert sort_dates[last.pk] == datetime.date(9999, 12, 31)
    assert sort_dates[unsequenced.pk] == datetime.date(9999, 12, 31)


@pytest.mark.django_db
def test_timeline_entries_flag_their_disputed_facts(api_client):
    meeting = f.MeetingFactory(date=datetime.date(2025, 11, 30), date_precision="day")
    for status in ("held", "cancelled"):
        f.AccountFactory.of(meeting, field="status", value=status)
    quiet = f.MeetingFactory(date=datetime.date(2025, 12, 1), date_precision="day")
    f.AccountFactory.of(quiet, field="status", value="held")
    entries = {e["id"]: e for e in api_client.get("/api/v1/timeline/").json()["results"]}
    assert entries[meeting.pk]["disputed"] == ["status"]
    assert entries[quiet.pk]["disputed"] == []
