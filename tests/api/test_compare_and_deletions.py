"""Comparing two framework versions, and the list of deletions that mirrors follow."""

import datetime

import pytest
from django.utils import timezone

from negotiations.models import FrameworkVersion, PointLineage
from tests import factories as f

# --- Comparing versions ---------------------------------------------------------------------


def compare(client, first: int, second: int):
    return client.get(f"/api/v1/framework-versions/{first}/compare/{second}/")


def point_ids(points: list[dict]) -> list[int]:
    return [point["id"] for point in points]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), [(1, 2), (2, 1)], ids=["older-first", "newer-first"])
def test_comparing_the_shipped_drafts(article, api_client, first, second):
    response = compare(api_client, first, second)

    assert response.status_code == 200
    body = response.json()
    assert body["older"] == {
        "version": {
            "id": 1,
            "url": "http://testserver/api/v1/framework-versions/1/",
            "name": "US peace framework: 28-point draft",
        },
        "declared": 28,
        "known": 2,
        "unknown": 26,
        "disputed": [],  # the article is the only source: it disputes nothing
    }
    assert body["newer"]["version"]["id"] == 2
    assert (body["newer"]["declared"], body["newer"]["known"], body["newer"]["unknown"]) == (
        19,
        1,
        18,
    )
    assert body["changes"] == []  # the sources trace no point from one draft to the next
    # Points without numbers, by title.
    assert point_ids(body["untraced_older"]) == [1, 2]
    assert point_ids(body["untraced_newer"]) == [3]
    assert body["untraced_newer"][0] == {
        "id": 3,
        "url": "http://testserver/api/v1/points/3/",
        "number": None,
        "title": "Ukraine Development Fund",
        "text": (
            "A Ukraine Development Fund, dedicated to investing in key sectors like technology, "
            "artificial intelligence, and the rebuilding of vital energy infrastructure."
        ),
        "status": "proposed",
    }


@pytest.mark.django_db
def test_comparing_the_shipped_drafts_gives_the_same_answer_either_way_round(article, api_client):
    assert compare(api_client, 1, 2).json() == compare(api_client, 2, 1).json()


def version_pair(**newer):
    older = f.FrameworkVersionFactory(declared_points=28)
    return older, f.FrameworkVersionFactory(
        framework=older.framework, supersedes=older, **{"declared_points": 19, **newer}
    )


@pytest.mark.django_db
def test_a_reworded_point_comes_with_its_word_diff(api_client):
    older, newer = version_pair()
    army = f.FrameworkPointFactory(version=older, number=3, title="Army", text="Limits on the army")
    navy = f.FrameworkPointFactory(version=newer, number=2, title="Navy", text="Limits on the navy")
    f.PointLineageFactory(
        from_point=army, to_point=navy, kind=PointLineage.Kind.REWORDED, note="Army to navy."
    )

    body = compare(api_client, older.pk, newer.pk).json()

    assert (body["older"]["known"], body["older"]["unknown"]) == (1, 27)
    assert (body["newer"]["known"], body["newer"]["unknown"]) == (1, 18)
    [change] = body["changes"]
    assert change["kind"] == "reworded"
    assert point_ids(change["from_points"]) == [army.pk]
    assert point_ids(change["to_points"]) == [navy.pk]
    assert change["note"] == "Army to navy."
    assert change["diff"] == [
        {"op": "equal", "text": "Limits on the "},
        {"op": "delete", "text": "army"},
        {"op": "insert", "text": "navy"},
    ]
    assert body["untraced_older"] == body["untraced_newer"] == []


@pytest.mark.django_db
def test_new_kept_and_dropped_points_have_no_diff(api_client):
    older, newer = version_pair()
    kept_old = f.FrameworkPointFactory(version=older, number=1, text="A ceasefire.")
    kept_new = f.FrameworkPointFactory(version=newer, number=1, text="A ceasefire.")
    dropped = f.FrameworkPointFactory(version=older, number=2, text="Sanctions stay.")
    new = f.FrameworkPointFactory(version=newer, number=2, text="Elections within 100 days.")
    f.PointLineageFactory(from_point=kept_old, to_point=kept_new, kind="kept")
    f.PointLineageFactory(from_point=dropped, to_point=None, kind="dropped")
    f.PointLineageFactory(from_point=None, to_point=new, kind="new")

    changes = compare(api_client, newer.pk, older.pk).json()["changes"]

    assert [
        (c["kind"], point_ids(c["from_points"]), point_ids(c["to_points"])) for c in changes
    ] == [
        ("kept", [kept_old.pk], [kept_new.pk]),
        ("new", [], [new.pk]),
        ("dropped", [dropped.pk], []),
    ]
    assert all(change["diff"] is None for change in changes)


@pytest.mark.django_db
def test_comparing_a_version_with_itself_is_refused(article, api_client):
    response = compare(api_client, 2, 2)

    assert response.status_code == 400
    assert "with itself" in str(response.json()["detail"])


@pytest.mark.django_db
def test_comparing_versions_of_different_frameworks_is_refused(article, api_client):
    unrelated = f.FrameworkVersionFactory()

    response = compare(api_client, 2, unrelated.pk)

    assert response.status_code == 400
    assert "different frameworks" in str(response.json()["detail"])


@pytest.mark.django_db
def test_comparing_versions_that_are_not_consecutive_is_refused(api_client):
    first, second = version_pair()
    third = f.FrameworkVersionFactory(framework=first.framework, supersedes=second)

    response = compare(api_client, first.pk, third.pk)

    assert response.status_code == 400
    assert "does not directly supersede" in str(response.json()["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), [(1, 999), (999, 2), (1, 99999999999999999999999)])
def test_comparing_with_a_missing_version_is_not_found(article, api_client, first, second):
    assert compare(api_client, first, second).status_code == 404


# --- Deletions ------------------------------------------------------------------------------


def deletions(client, since) -> set[tuple[str, int]]:
    response = client.get("/api/v1/deletions/", {"since": since.isoformat(), "page_size": 100})
    assert response.status_code == 200, response.content
    return {(record["kind"], record["id"]) for record in response.json()["results"]}


def delete(client, url: str) -> None:
    response = client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 204, response.content


@pytest.mark.django_db
def test_a_deleted_development_is_listed_with_its_citations(article, analyst_api):
    since = timezone.now()

    delete(analyst_api, "/api/v1/developments/1/")

    assert deletions(analyst_api, since) == {
        ("development", 1),
        ("citation", 64),  # its citations go with it
        ("citation", 65),
    }


@pytest.mark.django_db
def test_a_deletion_says_when_it_happened(article, analyst_api):
    since = timezone.now()
    delete(analyst_api, "/api/v1/developments/3/")

    response = analyst_api.get("/api/v1/deletions/", {"since": since.isoformat()})

    development = next(r for r in response.json()["results"] if r["kind"] == "development")
    assert development["id"] == 3
    deleted_at = datetime.datetime.fromisoformat(development["deleted_at"])
    assert since <= deleted_at <= timezone.now()


@pytest.mark.django_db
def test_a_deleted_meeting_is_listed_with_everything_that_went_with_it(article, analyst_api):
    since = timezone.now()

    delete(analyst_api, "/api/v1/meetings/3/")  # Moscow

    assert deletions(analyst_api, since) == {
        ("meeting", 3),
        ("delegation", 3),
        ("delegation", 4),
        ("delegationmember", 5),
        ("versionmeeting", 3),
        ("citation", 30),
        ("citation", 31),
        ("citation", 32),
        ("citation", 36),
        ("citation", 37),
        ("citation", 71),
        ("citation", 72),
    }


@pytest.mark.django_db
def test_deletions_since_after_the_deletion_are_none(article, analyst_api):
    delete(analyst_api, "/api/v1/developments/1/")

    assert deletions(analyst_api, timezone.now() + datetime.timedelta(seconds=1)) == set()


@pytest.mark.django_db
def test_deletions_before_any_deletion_are_none(article, api_client):
    assert deletions(api_client, timezone.now() - datetime.timedelta(days=365)) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        pytest.param({}, id="missing"),
        pytest.param({"since": ""}, id="empty"),
        pytest.param({"since": "yesterday"}, id="words"),
        pytest.param({"since": "2025-13-45T00:00:00Z"}, id="impossible-date"),
        pytest.param({"since": "2025-12-01T25:61:00Z"}, id="impossible-time"),
    ],
)
def test_deletions_without_a_valid_since_are_refused_with_400(article, api_client, query):
    response = api_client.get("/api/v1/deletions/", query)

    assert response.status_code == 400
    assert "since" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("28-point-draft", "19-point-revision"),
        ("1", "19-point-revision"),
        ("19-point-revision", "1"),
    ],
)
def test_compare_takes_slugs_as_well_as_ids(api_client, article, first, second):
    by_slug = api_client.get(f"/api/v1/framework-versions/{first}/compare/{second}/")
    assert by_slug.status_code == 200
    assert by_slug.json() == compare(api_client, 1, 2).json()


@pytest.mark.django_db
def test_compare_refuses_a_slug_two_frameworks_share(api_client):
    for _ in range(2):
        f.FrameworkVersionFactory(slug="draft")
    response = api_client.get("/api/v1/framework-versions/draft/compare/1/")
    assert response.status_code == 400
    assert "name it by its id" in response.json()["detail"]
    assert api_client.get("/api/v1/framework-versions/nothing/compare/1/").status_code == 404


@pytest.mark.django_db
def test_the_comparison_flags_a_disputed_point_count(article, api_client):
    revision = FrameworkVersion.objects.get(slug="19-point-revision")
    for count in (19, 20):
        f.AccountFactory.of(revision, field="declared_points", value=count)
    body = api_client.get(
        "/api/v1/framework-versions/28-point-draft/compare/19-point-revision/"
    ).json()
    assert body["newer"]["disputed"] == ["declared_points"]
    assert body["older"]["disputed"] == []
