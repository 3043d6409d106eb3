"""Every API list as CSV: the whole filtered list, as a spreadsheet user would open it."""

import csv
import io

import pytest

from negotiations.exports.csv import CSVListMixin, buffered
from tests import factories as f
from tests.api.test_query_counts import ENDPOINTS as MAKERS
from tests.test_export_limits import STREAM_CLAIM_QUERIES

# endpoint: a filter (or ordering) that the CSV must honour like the JSON list does
FILTERED = {
    "parties": "kind=state",
    "people": "party=1",
    "roles": "party=1",
    "places": "ordering=-locality",
    "meetings": "party=1",
    "delegations": "meeting=2",
    "frameworks": "slug=us-peace-framework",
    "framework-versions": "party=1",
    "topics": "ordering=-name",
    "points": "version=1",
    "sticking-issues": "ordering=-id",
    "positions": "party=1",
    "options": "issue=1",
    "option-stances": "stance=unacceptable",
    "statements": "meeting=2",
    "developments": "ordering=-title",
    "sources": "kind=news_report",
    "citations": "record_kind=meeting",
    "timeline": "party=1",
}


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def json_list(client, endpoint: str, query: str) -> list[dict]:
    response = client.get(f"/api/v1/{endpoint}/?{query}&page_size=100&format=json")
    assert response.status_code == 200
    return response.json()["results"]


def as_text(value) -> str | None:
    """How a JSON value reads in the CSV, for plain values and related records."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, dict) and "name" in value:
        return value["name"]
    if isinstance(value, list) and all(isinstance(item, dict) and "name" in item for item in value):
        return "; ".join(item["name"] for item in value)
    return None  # nested objects: checked on their own below


@pytest.mark.parametrize("endpoint", sorted(FILTERED))
def test_csv_rows_match_the_filtered_json_list(client, article, endpoint):
    query = FILTERED[endpoint]
    response = client.get(f"/api/v1/{endpoint}/?{query}&format=csv")
    assert response["Content-Disposition"] == f'attachment; filename="{endpoint}.csv"'
    rows = read_csv(response)
    records = json_list(client, endpoint, query)
    assert records, "the filter should leave something to compare"
    assert [row["id"] for row in rows] == [str(record["id"]) for record in records]
    # The serializer's fields, in order (the timeline's CSV adds its entries' sources).
    extra = ["sources"] if endpoint == "timeline" else []
    assert list(rows[0]) == [*records[0], *extra]
    for row, record in zip(rows, records, strict=True):
        for name, value in record.items():
            if (expected := as_text(value)) is not None:
                assert row[name] == expected, name


def test_filter_narrows_the_csv(client, article):
    everything = read_csv(client.get("/api/v1/meetings/?format=csv"))
    ukraine = read_csv(client.get("/api/v1/meetings/?party=2&format=csv"))
    assert len(everything) == 3
    assert [row["slug"] for row in ukraine] == ["florida-talks"]


def test_nested_objects_are_flattened_to_names(client, article):
    florida = read_csv(client.get("/api/v1/meetings/?slug=florida-talks&format=csv"))[0]
    assert florida["delegations"] == (
        "Ukraine: Rustem Umerov (head); "
        "United States: Jared Kushner (member), Marco Rubio (head), Steve Witkoff (member)"
    )
    # Citations: the distinct sources' titles (the article, however often it is cited).
    assert florida["citations"] == (
        "US and Ukraine officials meet in Florida to discuss proposals for ending war"
    )
    revision = read_csv(client.get("/api/v1/framework-versions/?slug=19-point-revision&format=csv"))
    assert revision[0]["meetings"] == (
        "US–Ukraine talks in Florida (discussed); Witkoff’s visit to Moscow (presented)"
    )
    assert revision[0]["supersedes"] == "US peace framework: 28-point draft"


@pytest.mark.parametrize("endpoint", ["meetings", "timeline"])
def test_accept_text_csv_gives_csv(client, article, endpoint):
    rows = read_csv(client.get(f"/api/v1/{endpoint}/", HTTP_ACCEPT="text/csv"))
    assert len(rows) >= 3


@pytest.mark.django_db
def test_csv_has_every_record_not_one_page(client):
    f.PartyFactory.create_batch(45)
    assert len(client.get("/api/v1/parties/").json()["results"]) == 20
    assert len(read_csv(client.get("/api/v1/parties/?format=csv"))) == 45


@pytest.mark.django_db
def test_cursor_paged_timeline_csv_has_every_entry_in_order(client):
    for _ in range(30):
        MAKERS["timeline/?kind=meeting"][0]()
    keys = []
    url = "/api/v1/timeline/?page_size=7"
    while url:
        page = client.get(url).json()
        keys += [(entry["kind"], entry["id"]) for entry in page["results"]]
        url = page["next"]
    rows = read_csv(client.get("/api/v1/timeline/?format=csv"))
    assert [(row["kind"], int(row["id"])) for row in rows] == keys


# endpoint: queries for the whole CSV in one chunk (the list's query and its prefetches)
PINNED = {
    "parties": 2,
    "people": 2,
    "roles": 3,
    "places": 2,
    "meetings": 5,
    "delegations": 3,
    "frameworks": 3,
    "framework-versions": 6,
    "topics": 1,
    "points": 3,
    "sticking-issues": 4,
    "positions": 4,
    "options": 3,
    "option-stances": 2,
    "statements": 3,
    "developments": 4,
    "sources": 1,
    "citations": 2,
    "accounts": 2,
    # ... and the timeline's, plus one for the sources of a chunk's entries.
    "timeline/?kind=meeting": 5,
    "timeline/?kind=development": 5,
    "timeline/?kind=statement": 4,
}


def csv_url(endpoint: str) -> str:
    path = f"/api/v1/{endpoint}" if "?" in endpoint else f"/api/v1/{endpoint}/?"
    return f"{path}&format=csv"


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(PINNED))
def test_csv_queries_are_pinned_and_do_not_grow_with_rows(
    client, django_assert_num_queries, endpoint
):
    make = MAKERS[endpoint][0]
    for _ in range(25):  # more than a page
        make()
    read_csv(client.get(csv_url(endpoint)))  # warm the per-process content-type cache
    # The list's own, and the anonymous client's one-download claim in the database cache.
    with django_assert_num_queries(PINNED[endpoint] + STREAM_CLAIM_QUERIES):
        assert len(read_csv(client.get(csv_url(endpoint)))) >= 25
    for _ in range(50):
        make()
    with django_assert_num_queries(PINNED[endpoint] + STREAM_CLAIM_QUERIES):
        assert len(read_csv(client.get(csv_url(endpoint)))) >= 75


@pytest.mark.django_db
def test_csv_reads_chunk_by_chunk_with_the_same_queries_per_chunk(
    client, django_assert_num_queries, monkeypatch
):
    make = MAKERS["meetings"][0]
    for _ in range(25):
        make()
    monkeypatch.setattr(CSVListMixin, "csv_chunk_size", 10)
    # One query for the list, then the four prefetches once per chunk of 10.
    with django_assert_num_queries(1 + 3 * (PINNED["meetings"] - 1) + STREAM_CLAIM_QUERIES):
        assert len(read_csv(client.get("/api/v1/meetings/?format=csv"))) == 25


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("Plain name", "Plain name"),
    ],
)
def test_formulas_are_neutralised(client, name, cell):
    party = f.PartyFactory(name=name)
    f.RoleFactory(party=party)
    parties = read_csv(client.get("/api/v1/parties/?format=csv"))
    assert parties[0]["name"] == cell
    roles = read_csv(client.get("/api/v1/roles/?format=csv"))
    assert roles[0]["party"] == cell  # a related record's name too


@pytest.mark.django_db
def test_negative_numbers_are_left_as_numbers(client):
    f.PlaceFactory(latitude="-33.86880", longitude="151.20930")
    place = read_csv(client.get("/api/v1/places/?format=csv"))[0]
    assert (place["latitude"], place["longitude"]) == ("-33.86880", "151.20930")


@pytest.mark.parametrize(
    ("url", "headers", "status"),
    [
        ("/api/v1/meetings/?format=xlsx", {}, 404),
        ("/api/v1/meetings/1/?format=csv", {}, 404),
        ("/api/v1/timeline/?format=nonsense", {}, 404),
        ("/api/v1/meetings/1/", {"HTTP_ACCEPT": "text/csv"}, 406),
        ("/api/v1/meetings/", {"HTTP_ACCEPT": "application/x-unknown"}, 406),
        ("/api/v1/meetings/?format=csv&date_after=yesterday", {}, 400),
        ("/api/v1/timeline/?format=csv&kind=planet", {}, 400),
    ],
)
def test_bad_format_or_filter_is_a_client_error(client, article, url, headers, status):
    response = client.get(url, **headers)
    assert response.status_code == status


def test_bad_filter_in_csv_says_which_field(client, article):
    response = client.get("/api/v1/meetings/?format=csv&date_after=yesterday")
    assert response.content.decode() == "field,message\r\ndate_after,Enter a valid date.\r\n"


def test_rows_go_out_in_pieces_of_about_64_kb_not_one_write_each():
    lines = [f"{n},{'x' * 100}\r\n" for n in range(2_000)]  # about 210 kB

    pieces = list(buffered(iter(lines)))

    assert "".join(pieces) == "".join(lines)
    assert len(pieces) == 4
    assert all(len(piece) >= 64 * 1024 for piece in pieces[:-1])


@pytest.mark.django_db
def test_a_download_of_many_meetings_is_written_in_few_pieces(client):
    make = MAKERS["meetings"][0]
    for _ in range(60):
        make()

    response = client.get("/api/v1/meetings/?format=csv")

    pieces = list(response.streaming_content)
    assert len(list(csv.DictReader(io.StringIO(b"".join(pieces).decode())))) == 60
    assert len(pieces) < 10  # a row each would be 61
