"""Who may do what through the API: anonymous and Viewers read, Analysts write."""

import pytest
from rest_framework.authtoken.models import Token

from tests import factories as f

# resource: (a fixture record's id or a factory, a valid new record, a valid change, a fresh
# deletable record)
RESOURCES = {
    "parties": (1, {"name": "Türkiye", "kind": "state", "slug": "turkiye"}, {"short_name": "USA"},
                f.PartyFactory),
    "people": (1, {"name": "A Person", "slug": "a-person"}, {"other_names": ["M. Rubio"]},
               f.PersonFactory),
    "roles": (1, {"person": 1, "party": 1, "title": "Adviser"}, {"body": "State Department"},
              f.RoleFactory),
    "places": (1, {"locality": "Istanbul"}, {"region": "Miami-Dade"}, f.PlaceFactory),
    "meetings": (2, {"title": "Round 4", "slug": "round-4", "status": "scheduled",
                     "date": "2026-01-10", "date_precision": "day", "place": 1},
                 {"summary": "Updated."}, f.MeetingFactory),
    "delegations": (1, {"meeting": 1, "party": 3, "members": [{"person": 7, "role": "head"}]},
                    {"notes": "Checked."}, f.DelegationFactory),
    "frameworks": (1, {"title": "Other plan", "slug": "other-plan"}, {"description": "Text."},
                   f.FrameworkFactory),
    "framework-versions": (2, {"framework": 1, "label": "Third draft", "slug": "third-draft",
                               "declared_points": 20, "authors": [1]},
                           {"status": "current"}, f.FrameworkVersionFactory),
    "topics": (1, {"name": "Sanctions", "slug": "sanctions"}, {"name": "Armed forces size"},
               f.TopicFactory),
    "points": (3, {"version": 2, "number": 5, "title": "Prisoner exchange", "topics": [1]},
               {"status": "agreed"}, f.FrameworkPointFactory),
    # The article traces no point from one version to the next: a lineage of its own.
    "lineages": (f.PointLineageFactory, {"to_point": 3, "kind": "new"},
                 {"note": "Not in the 28-point draft."}, f.PointLineageFactory),
    "sticking-issues": (1, {"title": "Sanctions relief", "slug": "sanctions-relief"},
                        {"status": "narrowed"}, f.StickingIssueFactory),
    "positions": (1, {"party": 3, "issue": 2, "stated_position": "Not stated."},
                  {"stance": "opposes"}, f.PositionFactory),
    "options": (1, {"issue": 2, "title": "Security guarantees from allies"},
                {"description": "Updated."}, f.OptionFactory),
    "option-stances": (1, {"option": 2, "party": 1, "stance": "acceptable",
                           "stated_position": "Could accept it.", "as_of": "2025-12-02",
                           "as_of_precision": "day"},
                       {"stance": "conditional", "condition": "A ceasefire first."},
                       f.OptionStanceFactory),
    "statements": (1, {"person": 1, "text": "We made progress.", "date": "2025-12-02",
                       "date_precision": "day"}, {"context": "At a press conference"},
                   f.StatementFactory),
    "developments": (1, {"title": "Ceasefire announced", "slug": "ceasefire",
                         "kind": "announcement", "parties": [1]}, {"summary": "Updated."},
                     f.DevelopmentFactory),
    "sources": (1, {"title": "Another report", "kind": "news_report"}, {"publisher": "Wire"},
                f.SourceFactory),
    "citations": (1, {"source": 1, "record_kind": "meeting", "record_id": 2,
                      "excerpt": "four-hour session"}, {"note": "Duration."},
                  lambda: f.CitationFactory(content_object=f.PartyFactory())),
    # The article gives one account of nothing: an account of the Florida talks' duration.
    "accounts": (lambda: f.AccountFactory.of(f.MeetingFactory()),
                 {"record_kind": "meeting", "record_id": 2, "field": "duration_minutes",
                  "value": 240, "citation": 27}, {"value": 300}, f.AccountFactory),
}  # fmt: skip

PARAMS = pytest.mark.parametrize("resource", sorted(RESOURCES))


def etag(client, url) -> str:
    return client.get(url)["ETag"]


def fixture_url(resource: str) -> str:
    pk = RESOURCES[resource][0]
    return f"/api/v1/{resource}/{pk().pk if callable(pk) else pk}/"


@pytest.mark.django_db
@PARAMS
def test_anonymous_reads_and_is_asked_to_authenticate_for_writes(resource, article, api_client):
    _, new, change, _ = RESOURCES[resource]
    url = fixture_url(resource)
    assert api_client.get(f"/api/v1/{resource}/").status_code == 200
    assert api_client.get(url).status_code == 200
    response = api_client.post(f"/api/v1/{resource}/", new, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    tag = etag(api_client, url)
    assert api_client.patch(url, change, format="json", HTTP_IF_MATCH=tag).status_code == 401
    assert api_client.delete(url, HTTP_IF_MATCH=tag).status_code == 401


@pytest.mark.django_db
@PARAMS
def test_viewer_reads_but_may_not_write(resource, article, viewer_api):
    _, new, change, _ = RESOURCES[resource]
    url = fixture_url(resource)
    assert viewer_api.get(f"/api/v1/{resource}/").status_code == 200
    assert viewer_api.get(url).status_code == 200
    assert viewer_api.post(f"/api/v1/{resource}/", new, format="json").status_code == 403
    tag = etag(viewer_api, url)
    assert viewer_api.patch(url, change, format="json", HTTP_IF_MATCH=tag).status_code == 403
    assert viewer_api.delete(url, HTTP_IF_MATCH=tag).status_code == 403


@pytest.mark.django_db
@PARAMS
def test_analyst_creates_changes_and_deletes(resource, article, analyst_api, analyst):
    _, new, change, fresh = RESOURCES[resource]
    url = fixture_url(resource)

    created = analyst_api.post(f"/api/v1/{resource}/", new, format="json")
    assert created.status_code == 201, created.json()
    assert created["ETag"] == '"v1"'

    changed = analyst_api.patch(url, change, format="json", HTTP_IF_MATCH=etag(analyst_api, url))
    assert changed.status_code == 200, changed.json()
    for field, value in change.items():
        assert changed.json()[field] == value

    record = fresh()
    record_url = f"/api/v1/{resource}/{record.pk}/"
    tag = etag(analyst_api, record_url)
    assert analyst_api.delete(record_url, HTTP_IF_MATCH=tag).status_code == 204
    assert analyst_api.get(record_url).status_code == 404
    # Every write is in the history, with its user.
    assert type(record).history.filter(id=record.pk, history_type="-").get().history_user == analyst


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_wrong_credentials_are_refused_with_401(method, article, api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = getattr(api_client, method)("/api/v1/meetings/")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_logged_in_user_outside_the_groups_cannot_write(article, api_client):
    user = f.UserFactory(username="outsider")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api_client.get("/api/v1/meetings/").status_code == 200
    response = api_client.post("/api/v1/topics/", {"name": "X", "slug": "x"}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_token_endpoint_issues_a_token_for_valid_credentials(article, api_client, analyst):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": "analyst", "password": "correct horse battery staple"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=analyst).key
    wrong = api_client.post(
        "/api/v1/auth/token/", {"username": "analyst", "password": "nope"}, format="json"
    )
    assert wrong.status_code == 400
