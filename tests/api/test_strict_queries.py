"""Strict query strings: every API list answers a parameter it does not take, a page size it
cannot give, a malformed page number or cursor, and an unknown ordering with a 400 naming the
parameter; every parameter its schema documents still works; odd values never give a 500."""

import base64
import csv
import functools
import io

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from negotiations import models as m
from negotiations.api.urls import router
from negotiations.services.timeline import timeline_rebuild
from tests import factories as f

# Every list the API's router serves.
ROUTER_LISTS = [prefix for prefix, _, _ in router.registry]
# list: what it needs to answer 200 at all
LISTS = {
    **{name: {} for name in ROUTER_LISTS},
    "timeline": {},
    "deletions": {"since": "2025-01-01T00:00:00Z"},
    "changes": {},
}
CURSOR_LISTS = ["meetings", "timeline"]
PAGED_LISTS = [name for name in LISTS if name not in CURSOR_LISTS]
# Other reads: no filters or pages, only `format`.
OTHER_READS = ["popolo", "meetings/{meeting}", "framework-versions/{older}/compare/{newer}"]

BAD_PAGE_SIZES = ["-1", "0", str(10**30), "abc", "1.5", "101", "5 "]


@functools.cache
def documented_params() -> dict[str, dict[str, dict]]:
    """Each list's query parameters as the OpenAPI schema documents them: name -> schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    params = {}
    for name in LISTS:
        operation = schema["paths"][f"/api/v1/{name}/"]["get"]
        params[name] = {
            param["name"]: param["schema"]
            for param in operation.get("parameters", [])
            if param["in"] == "query"
        }
    return params


def example(name: str, schema: dict) -> str:
    """A value the parameter's schema allows."""
    if schema.get("type") == "array":
        return schema["items"]["enum"][0]
    if "enum" in schema:
        return "json" if name == "format" else schema["enum"][0]
    if name == "ordering":
        return "-id"
    if name == "party":
        return "1"  # an id or slug; an unknown slug is refused (tests/test_party_filters.py)
    if schema.get("format") == "date-time":
        return "2025-01-01T00:00:00Z"
    if schema.get("format") == "date":
        return "2025-12-01"
    if schema.get("type") == "integer":
        return "1"
    if schema.get("type") == "boolean":
        return "true"
    return "x"


@pytest.fixture
def records(db):
    """A little of everything, so filters and pages have rows to work on."""
    meeting = f.MeetingFactory()
    f.DelegationMemberFactory(delegation=f.DelegationFactory(meeting=meeting))
    f.StatementFactory(meeting=meeting)
    f.DevelopmentFactory(parties=[f.PartyFactory()])
    older = f.FrameworkVersionFactory()
    newer = f.FrameworkVersionFactory(framework=older.framework, supersedes=older)
    f.FrameworkPointFactory(version=older)
    f.PositionFactory()
    f.CitationFactory(content_object=meeting)
    return {"meeting": meeting.pk, "older": older.pk, "newer": newer.pk}


def url(name: str, records: dict | None = None) -> str:
    return f"/api/v1/{name.format(**(records or {}))}/"


# --- Unknown parameters ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_answers_an_unknown_parameter_with_400_naming_it(api_client, records, name):
    response = api_client.get(url(name), {**LISTS[name], "stauts": "held"})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Unknown query parameter 'stauts'" in detail
    # The message lists what the list does take, as its schema documents it.
    assert set(documented_params()[name]) <= set(detail.split(": ", 1)[1].rstrip(".").split(", "))


@pytest.mark.django_db
@pytest.mark.parametrize("name", OTHER_READS)
def test_other_reads_answer_an_unknown_parameter_with_400(api_client, records, name):
    assert api_client.get(url(name, records), {"format": "json"}).status_code == 200

    response = api_client.get(url(name, records), {"offset": "5"})  # Popolo pages by cursor

    assert response.status_code == 400
    assert "'offset'" in response.json()["detail"]


@pytest.mark.django_db
def test_several_unknown_parameters_are_named_together(api_client, records):
    response = api_client.get("/api/v1/points/", {"topics": "x", "limit": "5", "status": "agreed"})

    assert response.status_code == 400
    assert "Unknown query parameters 'topics', 'limit'" in response.json()["detail"]


@pytest.mark.django_db
def test_an_unknown_parameter_in_a_csv_download_is_a_csv_error(api_client, records):
    response = api_client.get("/api/v1/meetings/", {"format": "csv", "party_id": "1"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["field", "message"]
    assert rows[1][0] == "detail"
    assert rows[1][1].startswith("Unknown query parameter 'party_id'.")


@pytest.mark.django_db
def test_a_write_is_not_refused_for_its_query_string(analyst_api):
    response = analyst_api.post("/api/v1/topics/?next=/", {"name": "Energy", "slug": "energy"})

    assert response.status_code == 201


# --- Every documented parameter still works --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_documented_parameter_is_taken(api_client, records, analyst, name):
    params = documented_params()[name]
    assert params, "every list documents its parameters"
    refused = {}
    for param, schema in params.items():
        if param == "cursor":
            continue  # opaque: see the cursor tests
        query = {**LISTS[name], param: example(param, schema)}
        if name == "changes" and param == "record":
            query["kind"] = "meeting"  # a record id needs its kind
        client = api_client
        if name == "changes" and param == "user":
            query["user"] = analyst.username
            client = APIClient()
            client.force_authenticate(analyst)  # filtering by editor is for signed-in users
        response = client.get(url(name), query)
        if response.status_code != 200:
            refused[param] = (response.status_code, response.content[:200])

    assert refused == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"kind": ["meeting", "statement"]},
        {"status": ["held", "scheduled"], "party": "1"},
        {"date_after": "2025-01-01", "date_before": "2025-12-31", "page_size": "2"},
    ],
)
def test_the_timeline_takes_repeated_and_combined_filters(api_client, records, query):
    assert api_client.get("/api/v1/timeline/", query).status_code == 200


# --- Page sizes and page numbers -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", BAD_PAGE_SIZES)
@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_page_size_outside_1_to_100_is_refused_with_400(api_client, records, name, page_size):
    response = api_client.get(url(name), {**LISTS[name], "page_size": page_size})

    assert response.status_code == 400
    assert response.json()["page_size"] == [
        f"Give a whole number from 1 to 100 (got {page_size!r})."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("page_size", "expected"), [(None, 20), ("", 20), ("1", 1), ("100", 100)])
@pytest.mark.parametrize("name", ["topics", "meetings", "timeline"])
def test_a_page_size_from_1_to_100_gives_that_many(api_client, name, page_size, expected):
    many = range(105)
    m.Topic.objects.bulk_create(m.Topic(name=f"Topic {n}", slug=f"topic-{n}") for n in many)
    m.Meeting.objects.bulk_create(m.Meeting(title=f"Round {n}", slug=f"round-{n}") for n in many)
    timeline_rebuild()  # the bulk variant of the write path: rows written in bulk, then this
    query = {} if page_size is None else {"page_size": page_size}

    response = api_client.get(url(name), query)

    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "last", "1e3"])
@pytest.mark.parametrize("name", PAGED_LISTS)
def test_a_page_that_is_not_a_whole_number_from_1_is_refused_with_400(
    api_client, records, name, page
):
    response = api_client.get(url(name), {**LISTS[name], "page": page})

    assert response.status_code == 400
    assert "page" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["2", "999", str(10**30), "9" * 5000])
def test_a_page_past_the_last_is_not_found(api_client, records, page):
    response = api_client.get("/api/v1/parties/", {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.django_db
def test_page_numbers_walk_a_list(api_client):
    f.TopicFactory.create_batch(5)

    first = api_client.get("/api/v1/topics/", {"page_size": 2, "page": "1"}).json()
    third = api_client.get("/api/v1/topics/", {"page_size": 2, "page": "003"}).json()

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert len(third["results"]) == 1
    assert third["next"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("name", CURSOR_LISTS)
def test_a_cursor_list_takes_no_page_number(api_client, records, name):
    response = api_client.get(url(name), {"page": "2"})

    assert response.status_code == 400
    assert "'page'" in response.json()["detail"]


# --- Cursors ---------------------------------------------------------------------------------


def forged(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("garbage", id="not-base64"),
        pytest.param("é", id="not-ascii"),
        pytest.param(forged("o=-1"), id="negative-offset"),
        pytest.param(forged("r=x"), id="reverse-not-a-number"),
        pytest.param(forged("p=2025\x00"), id="nul-in-position"),
    ],
)
@pytest.mark.parametrize("name", CURSOR_LISTS)
def test_a_malformed_cursor_is_refused_with_400(api_client, records, name, cursor):
    response = api_client.get(url(name), {"cursor": cursor})

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["Invalid cursor: use the next or previous link of an earlier page."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["id", "created_at"])
def test_a_cursor_position_that_does_not_fit_the_ordering_is_refused_with_400(
    api_client, records, ordering
):
    response = api_client.get(
        "/api/v1/meetings/", {"ordering": ordering, "cursor": forged("p=not-a-value")}
    )

    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.django_db
def test_a_cursor_from_a_next_link_still_works(api_client):
    f.MeetingFactory.create_batch(3)
    first = api_client.get("/api/v1/meetings/", {"page_size": 2}).json()

    second = api_client.get(first["next"])

    assert second.status_code == 200
    assert len(second.json()["results"]) == 1


# --- Ordering --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["nmae", "-id,password", "place__country_code", "id\x00"])
def test_an_ordering_the_list_does_not_offer_is_refused_with_400(api_client, records, ordering):
    response = api_client.get("/api/v1/parties/", {"ordering": ordering})

    assert response.status_code == 400
    message = response.json()["ordering"][0]
    assert message.startswith("Cannot order by")
    assert "Choose from id, created_at, updated_at, name, kind" in message


@pytest.mark.django_db
def test_an_offered_ordering_still_orders(api_client):
    for name in ["Beta", "Alpha", "Gamma"]:
        f.PartyFactory(name=name)

    response = api_client.get("/api/v1/parties/", {"ordering": "-name,id"})

    assert [party["name"] for party in response.json()["results"]] == ["Gamma", "Beta", "Alpha"]


# --- Odd values: a 4xx or a correct 200, never a 500 -------------------------------------------

ODD_VALUES = [
    "\x00",
    "held\x00",
    "9" * 30,  # past 64 bits
    "-" + "9" * 30,
    str(2**63),  # one past the largest id
    "1e999999",  # a decimal whose integer would take minutes to build
    "NaN",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_odd_values_in_any_parameter_never_fail_the_server(api_client, records, name):
    api_client.raise_request_exception = False
    failed = {}
    for param in ["search", *documented_params()[name]]:
        for value in ODD_VALUES:
            response = api_client.get(url(name), {**LISTS[name], param: value})
            if response.status_code >= 500 or (response.status_code == 400 and not response.json()):
                failed[(param, value[:12])] = response.status_code

    assert failed == {}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1e999999", "1.5", str(2**15)])
def test_a_point_number_must_be_a_small_whole_number(api_client, records, value):
    response = api_client.get("/api/v1/points/", {"number": value})

    assert response.status_code == 400
    assert "number" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value"),
    [("party", str(2**64)), ("record_id", "9" * 30), ("slug", "florida\x00")],
)
def test_filter_values_past_64_bits_or_with_nul_are_refused_with_400_naming_them(
    api_client, records, param, value
):
    name = "citations" if param == "record_id" else "meetings"

    response = api_client.get(url(name), {param: value})

    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.django_db
def test_a_search_with_a_nul_byte_is_answered(api_client, records):
    response = api_client.get("/api/v1/meetings/", {"search": "talks\x00"})

    assert response.status_code in (200, 400)


# --- Found by the sweep above -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_changes_list_shows_a_delegation_member_change_without_an_api_link(api_client):
    member = f.DelegationMemberFactory()

    response = api_client.get("/api/v1/changes/", {"kind": "delegationmember"})

    assert response.status_code == 200
    [change] = response.json()["results"]
    assert (change["record_id"], change["record_url"]) == (member.pk, None)
