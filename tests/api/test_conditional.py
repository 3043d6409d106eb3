"""ETag / If-Match: conflict-safe edits, and 304 for unchanged reads."""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from negotiations.models import Meeting
from negotiations.models.base import RevisionConflict
from tests import factories as f

URL = "/api/v1/meetings/2/"


@pytest.mark.django_db
def test_detail_carries_etag_and_last_modified(article, api_client):
    response = api_client.get(URL)
    assert response["ETag"] == '"v1"'
    assert response["Last-Modified"].endswith("GMT")


@pytest.mark.django_db
def test_if_none_match_with_the_current_etag_answers_304(article, api_client):
    assert api_client.get(URL, HTTP_IF_NONE_MATCH='"v1"').status_code == 304
    assert api_client.get(URL, HTTP_IF_NONE_MATCH='"v7"').status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_change_without_if_match_is_refused_with_428(method, article, analyst_api):
    response = getattr(analyst_api, method)(URL, {"summary": "x"}, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert Meeting.objects.get(pk=2).revision == 1


@pytest.mark.django_db
@pytest.mark.parametrize("header", ['"v0"', '"v2"', "garbage", 'W/"v9"'])
def test_stale_if_match_is_refused_with_412(header, article, analyst_api):
    response = analyst_api.patch(URL, {"summary": "x"}, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 412
    assert Meeting.objects.get(pk=2).summary != "x"


@pytest.mark.django_db
def test_stale_if_match_is_412_even_when_the_body_is_bad(article, analyst_api):
    response = analyst_api.patch(
        URL, {"duration_minutes": "long"}, format="json", HTTP_IF_MATCH='"v5"'
    )
    assert response.status_code == 412


@pytest.mark.django_db
def test_matching_if_match_applies_the_change_and_moves_the_etag(article, analyst_api, analyst):
    response = analyst_api.patch(
        URL, {"summary": "Checked against the article."}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert response.status_code == 200
    assert response["ETag"] == '"v2"'
    assert response.json()["revision"] == 2
    meeting = Meeting.objects.get(pk=2)
    assert (meeting.summary, meeting.revision) == ("Checked against the article.", 2)
    assert meeting.history.first().history_user == analyst
    # The old ETag is now stale.
    again = analyst_api.patch(URL, {"summary": "Again."}, format="json", HTTP_IF_MATCH='"v1"')
    assert again.status_code == 412


@pytest.mark.django_db
def test_an_edit_in_the_admin_makes_api_etags_stale(article, analyst_api):
    meeting = Meeting.objects.get(pk=2)
    meeting.summary = "Edited elsewhere."
    meeting.save()
    response = analyst_api.patch(URL, {"summary": "Mine."}, format="json", HTTP_IF_MATCH='"v1"')
    assert response.status_code == 412


@pytest.mark.django_db
def test_put_replaces_the_record_with_if_match(article, analyst_api):
    current = analyst_api.get("/api/v1/topics/1/").json()
    response = analyst_api.put(
        "/api/v1/topics/1/",
        {"name": "Military", "slug": current["slug"]},
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Military"


@pytest.mark.django_db
def test_delete_needs_the_current_etag(article, analyst_api):
    topic = f.TopicFactory()
    url = f"/api/v1/topics/{topic.pk}/"
    assert analyst_api.delete(url, HTTP_IF_MATCH='"v3"').status_code == 412
    assert analyst_api.delete(url, HTTP_IF_MATCH='"v1"').status_code == 204


@pytest.mark.django_db
def test_the_claim_lets_only_one_writer_through_per_revision(article):
    """The check-and-claim is one UPDATE: a second claim on the same revision fails."""
    meeting = Meeting.objects.get(pk=2)
    Meeting.objects.get(pk=2).revision_claim(expected=1)
    with pytest.raises(RevisionConflict) as refused:
        meeting.revision_claim(expected=1)
    assert refused.value.current == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_with_the_same_etag_exactly_one_wins(analyst):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    meeting = f.MeetingFactory(title="Original")
    token = Token.objects.create(user=analyst).key
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def patch(title: str) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        response = client.patch(
            f"/api/v1/meetings/{meeting.pk}/", {"title": title}, format="json", HTTP_IF_MATCH='"v1"'
        )
        results[title] = response.status_code
        connection.close()

    threads = [threading.Thread(target=patch, args=(title,)) for title in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [200, 412]
    winner = next(title for title, code in results.items() if code == 200)
    meeting.refresh_from_db()
    assert (meeting.title, meeting.revision) == (winner, 2)
    assert meeting.history.count() == 2  # the creation and the one winning change


@pytest.mark.django_db
def test_a_patch_reads_the_record_once(article, analyst_api):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = analyst_api.patch(
            "/api/v1/topics/1/", {"name": "Military"}, format="json", HTTP_IF_MATCH='"v1"'
        )
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "negotiations_topic"')]
    assert len(reads) == 1, reads
