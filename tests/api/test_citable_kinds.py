"""Every kind of record a citation can back has an API link, so citing any of them keeps the
citations API whole; and a write whose answer fails leaves nothing behind."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from negotiations import models as m
from negotiations.api.serializers import CitationSerializer, citable_kinds
from tests import factories as f

# One factory per citable kind: a new citable model fails here until it has one (and so a test).
FACTORIES = {
    "party": f.PartyFactory,
    "person": f.PersonFactory,
    "role": f.RoleFactory,
    "place": f.PlaceFactory,
    "meeting": f.MeetingFactory,
    "delegation": f.DelegationFactory,
    "statement": f.StatementFactory,
    "development": f.DevelopmentFactory,
    "framework": f.FrameworkFactory,
    "frameworkversion": f.FrameworkVersionFactory,
    "frameworkpoint": f.FrameworkPointFactory,
    "pointlineage": f.PointLineageFactory,
    "stickingissue": f.StickingIssueFactory,
    "position": f.PositionFactory,
    "option": f.OptionFactory,
    "optionstance": f.OptionStanceFactory,
}
KINDS = pytest.mark.parametrize("kind", sorted(citable_kinds()))


def test_every_citable_kind_has_a_factory_and_an_api_link():
    assert set(FACTORIES) == set(citable_kinds())
    for kind in citable_kinds():
        assert reverse(f"api:{kind}-detail", args=[1]).startswith("/api/v1/")


def csv_ids(response) -> list[str]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return [row["id"] for row in csv.DictReader(io.StringIO(text))]


@pytest.mark.django_db
@KINDS
def test_a_citation_of_any_kind_reads_back_everywhere(kind, analyst_api):
    record = FACTORIES[kind]()
    source = f.SourceFactory()
    f.CitationFactory()  # another source's citation, which ?source= leaves out
    created = analyst_api.post(
        "/api/v1/citations/",
        {"source": source.pk, "record_kind": kind, "record_id": record.pk, "excerpt": "productive"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    citation = created.json()
    assert citation["record"]["kind"] == kind
    assert citation["record"]["id"] == record.pk

    # The cited record's own link answers, and shows the citation.
    cited = analyst_api.get(citation["record"]["url"])
    assert cited.status_code == 200
    assert [c["id"] for c in cited.json()["citations"]] == [citation["id"]]

    detail = analyst_api.get(f"/api/v1/citations/{citation['id']}/")
    assert detail.status_code == 200
    assert detail.json()["record"] == citation["record"]
    by_source = analyst_api.get("/api/v1/citations/", {"source": source.pk})
    assert by_source.status_code == 200
    assert [c["id"] for c in by_source.json()["results"]] == [citation["id"]]
    newest = analyst_api.get("/api/v1/citations/", {"ordering": "-id"})
    assert newest.status_code == 200
    assert newest.json()["results"][0]["id"] == citation["id"]
    by_kind = analyst_api.get("/api/v1/citations/", {"record_kind": kind})
    assert citation["id"] in [c["id"] for c in by_kind.json()["results"]]
    assert str(citation["id"]) in csv_ids(analyst_api.get("/api/v1/citations/?format=csv"))


def failing_client(user) -> APIClient:
    """A client that gets the 500 page, as a script would, rather than the exception."""
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def broken(self, citation):
    raise RuntimeError("the answer cannot be built")


@pytest.mark.django_db
def test_a_create_whose_answer_fails_writes_nothing(analyst, monkeypatch):
    client = failing_client(analyst)
    meeting, source = f.MeetingFactory(), f.SourceFactory()

    # As an unlinked kind of record did: the row is saved, then showing it fails.
    monkeypatch.setattr(CitationSerializer, "get_record", broken)
    response = client.post(
        "/api/v1/citations/",
        {
            "source": source.pk,
            "record_kind": "meeting",
            "record_id": meeting.pk,
            "excerpt": "talks",
        },
        format="json",
    )
    assert response.status_code == 500
    assert not m.Citation.objects.exists()
    assert not m.Citation.history.exists()


@pytest.mark.django_db
def test_a_change_whose_answer_fails_changes_nothing(analyst, monkeypatch):
    client = failing_client(analyst)
    citation = f.CitationFactory(note="")
    monkeypatch.setattr(CitationSerializer, "get_record", broken)
    response = client.patch(
        f"/api/v1/citations/{citation.pk}/", {"note": "Changed."}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 500
    citation.refresh_from_db()
    assert (citation.note, citation.revision) == ("", 1)


# --- The lineage API ----------------------------------------------------------------------


def consecutive_points():
    """A point of a version and a point of the version that supersedes it."""
    older = f.FrameworkVersionFactory()
    newer = f.FrameworkVersionFactory(framework=older.framework, supersedes=older)
    return f.FrameworkPointFactory(version=older), f.FrameworkPointFactory(version=newer)


@pytest.mark.django_db
def test_lineage_writes_check_its_ends_like_the_admin_does(analyst_api):
    old, new = consecutive_points()
    stray = f.FrameworkPointFactory()
    refusals = {
        "A new point has only a later point": {"from_point": old.pk, "kind": "new"},
        "must belong to the version the later one supersedes": {
            "from_point": stray.pk,
            "to_point": new.pk,
            "kind": "kept",
        },
    }
    for message, body in refusals.items():
        response = analyst_api.post("/api/v1/lineages/", body, format="json")
        assert response.status_code == 400
        assert message in str(response.json())
    created = analyst_api.post(
        "/api/v1/lineages/",
        {"from_point": old.pk, "to_point": new.pk, "kind": "reworded", "note": "Shortened."},
        format="json",
    )
    assert created.status_code == 201, created.json()
    lineage = created.json()
    assert lineage["from_point"]["url"].endswith(f"/api/v1/points/{old.pk}/")
    assert lineage["html_url"].endswith(f"#point-{new.pk}")
    assert created["ETag"] == '"v1"'


@pytest.mark.django_db
def test_lineage_list_filters_by_either_end(api_client):
    old, new = consecutive_points()
    kept = f.PointLineageFactory(from_point=old, to_point=new, kind="kept")
    gone = f.FrameworkPointFactory(version=old.version)
    dropped = f.PointLineageFactory(from_point=gone, to_point=None, kind="dropped")
    f.PointLineageFactory()  # elsewhere

    def ids(**query):
        response = api_client.get("/api/v1/lineages/", query)
        assert response.status_code == 200
        return sorted(item["id"] for item in response.json()["results"])

    assert ids(point=old.pk) == [kept.pk]
    assert ids(version=old.version_id) == sorted([kept.pk, dropped.pk])
    assert ids(to_point=new.pk, kind="kept") == [kept.pk]
    assert ids(kind="dropped") == [dropped.pk]
