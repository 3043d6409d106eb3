"""What `make fuzz` found once it checked responses against the schema: each answer now says
what the OpenAPI schema promises (status, content type, body)."""

import functools
from urllib.parse import urlsplit

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from negotiations import models as m
from tests import factories as f


@functools.cache
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def components() -> dict:
    return openapi()["components"]


def openapi_to_json_schema(schema):
    """OpenAPI 3.0's `nullable` in JSON Schema terms, as schemathesis reads it."""
    if isinstance(schema, list):
        return [openapi_to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: openapi_to_json_schema(value) for key, value in schema.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def is_uri(value) -> bool:
    # jsonschema checks "uri" only with rfc3987 installed; a link needs a scheme and a host.
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is None or bool(parts.scheme and parts.netloc)


def assert_matches(component: str | dict, body) -> None:
    """The body is valid against a component (or a schema) of the OpenAPI document, formats
    included."""
    if isinstance(component, str):
        component = {"$ref": f"#/components/schemas/{component}"}
    schema = {
        **openapi_to_json_schema(component),
        "components": openapi_to_json_schema(components()),
    }
    jsonschema.validate(body, schema, format_checker=FORMATS)


# --- A path no route takes is a JSON 404, not the site's HTML page ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/meetings/2.5/"),
        ("delete", "/api/v1/topics/-1e-20/"),
        ("patch", "/api/v1/sticking-issues/a%2Fb/"),
        ("get", "/api/v1/framework-versions/1/compare/null,null/"),
        ("get", "/api/v1/no-such-list/"),
    ],
)
def test_a_path_no_route_takes_is_a_json_404(analyst_api, method, path):
    response = getattr(analyst_api, method)(path, HTTP_IF_MATCH="*")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_list_without_its_trailing_slash_is_still_redirected(api_client):
    response = api_client.get("/api/v1/meetings")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/meetings/"


# --- Bodies match their schema -----------------------------------------------------------------


@pytest.fixture
def everything(article, analyst_api):
    """The shipped records, a cited point lineage (the article traces none), and changes by an
    analyst to kinds without a page of their own."""
    lineage = analyst_api.post("/api/v1/lineages/", {"to_point": 3, "kind": "new"}, format="json")
    assert lineage.status_code == 201
    citation = {"source": 1, "record_kind": "pointlineage", "excerpt": "gas infrastructure"}
    response = analyst_api.post(
        "/api/v1/citations/", {**citation, "record_id": lineage.json()["id"]}, format="json"
    )
    assert response.status_code == 201
    delegation = m.Delegation.objects.first()
    members = [
        {"person": member.person_id, "role": member.role} for member in delegation.memberships.all()
    ]
    response = analyst_api.patch(
        f"/api/v1/delegations/{delegation.pk}/",
        {"members": members[:1]},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 200
    account = {"record_kind": "meeting", "record_id": 2, "field": "duration_minutes"}
    response = analyst_api.post(
        "/api/v1/accounts/", {**account, "value": 240, "citation": 27}, format="json"
    )
    assert response.status_code == 201
    return {
        "/api/v1/lineages/{id}/": lineage.json()["id"],
        "/api/v1/accounts/{id}/": response.json()["id"],
    }


@pytest.mark.django_db
def test_every_read_answers_what_its_schema_documents(everything, api_client):
    checked = []
    for path, item in openapi()["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        # Ids 1 and 2 are the article's; the lineage's id is whatever the database gave it.
        url = path.replace("{id}", str(everything.get(path, 1)))
        url = url.replace("{version}", "1").replace("{other}", "2").replace("{issue}", "1")
        query = {"since": "2000-01-01T00:00:00Z"} if path.endswith("/deletions/") else {}
        if path.endswith("/matrix/"):  # what moved since before the article: its stances
            query = {"since": "2025-11-01"}
        response = api_client.get(url, query)
        assert response.status_code == 200, (url, response.content[:300])
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert_matches(schema, response.json())
        checked.append(path)

    assert len(checked) >= 41  # every list and detail, timeline, changes, compare, popolo, matrix


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "body", "component", "count"),
    [
        ("/api/v1/sources/", {"title": "Wire report"}, "Source", "citation_count"),
        ("/api/v1/framework-versions/", {"label": "Draft"}, "FrameworkVersion", "known_points"),
    ],
)
def test_a_created_record_carries_its_counts(analyst_api, url, body, component, count):
    if component == "FrameworkVersion":
        body = {**body, "framework": f.FrameworkFactory().pk, "slug": "draft"}

    response = analyst_api.post(url, body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()[count] == 0
    assert_matches(component, response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("start_time", ["00:00:00", "14:30", "09:05:07.250000"])
def test_a_meeting_start_time_reads_back_as_the_schema_documents(analyst_api, start_time):
    body = {"title": "Round", "slug": "round", "start_time": start_time}
    body.update(date="2025-12-01", date_precision="day")  # a start time needs the day

    response = analyst_api.post("/api/v1/meetings/", body, format="json")

    assert response.status_code == 201, response.content
    assert_matches("Meeting", response.json())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "field"),
    [
        pytest.param([{"role": "head"}], "members.0.person", id="member-without-person"),
        pytest.param([{"person": 0, "role": {}}], "members.0.role", id="bad-person-and-role"),
        pytest.param("nobody", "members", id="not-a-list"),
    ],
)
def test_nested_errors_match_the_error_schema(analyst_api, members, field):
    delegation = f.DelegationFactory()
    body = {"meeting": delegation.meeting_id, "party": delegation.party_id, "members": members}

    response = analyst_api.post("/api/v1/delegations/", body, format="json")

    assert response.status_code == 400
    # Nested messages are flat, one dotted path per bad field of a member.
    assert field in response.json()
    assert_matches("Error", response.json())


# --- A role belongs to a person or a party -----------------------------------------------------


@pytest.mark.django_db
def test_a_role_with_neither_holder_nor_party_is_refused(analyst_api):
    response = analyst_api.post("/api/v1/roles/", {"title": "Envoy"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A role needs its holder, its party, or both."]}
    assert not m.Role.objects.exists()


@pytest.mark.django_db
def test_a_role_cannot_lose_both_its_holder_and_its_party(analyst_api):
    role = f.RoleFactory(party=None)
    url = f"/api/v1/roles/{role.pk}/"

    response = analyst_api.patch(url, {"person": None}, format="json", HTTP_IF_MATCH="*")

    assert response.status_code == 400
    role.refresh_from_db()
    assert role.person_id is not None


@pytest.mark.django_db
def test_a_role_needs_only_one_of_holder_and_party(analyst_api):
    party = f.PartyFactory()

    response = analyst_api.post(
        "/api/v1/roles/", {"title": "Chief negotiator", "party": party.pk}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["html_url"].endswith(f"#role-{response.json()['id']}")


@pytest.mark.django_db
def test_changes_name_a_delegation_seat_whose_person_is_gone(api_client):
    # The stateful fuzz emptied a delegation, deleted the person who had sat in it, then
    # listed the seats' changes: a 500.
    member = f.DelegationMemberFactory()
    seat = member.pk
    member.delete()
    m.Person.objects.filter(pk=member.person_id).delete()

    response = api_client.get("/api/v1/changes/", {"kind": "delegationmember"})

    assert response.status_code == 200
    assert {change["record_id"] for change in response.json()["results"]} == {seat}
