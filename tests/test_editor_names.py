"""Who made each change is shown to signed-in users only: on /changes/, each record's history,
/api/v1/changes/ and the Atom feeds. Anonymous readers see that a change was made, not by whom,
and cannot filter by username (which would tell them which usernames exist)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from negotiations.models import Meeting, StickingIssue
from tests import factories as f
from tests.test_changes import edit, parse_feed

EDITOR = "e.nakamura"


@pytest.fixture
def edited(article):
    """A meeting and a position changed by an analyst with a username found nowhere else."""
    editor = f.UserFactory(username=EDITOR, groups=["Analysts"])
    meeting = Meeting.objects.get(slug="florida-talks")
    edit(meeting, by=editor, summary="Revised.")
    issue = StickingIssue.objects.get(slug="security-guarantees")
    edit(issue.positions.first(), by=editor, stated_position="Revised.")
    return meeting, issue


@pytest.fixture
def signed_in(viewer):
    client = Client()
    client.force_login(viewer)  # any signed-in user, a Viewer too
    return client


def pages(meeting, issue) -> list[str]:
    return [
        "/changes/",
        reverse("negotiations:record-changes", args=["meeting", meeting.pk]),
        "/changes/feed/",
        reverse("negotiations:issue-feed", args=[issue.slug]),
    ]


@pytest.mark.django_db
def test_anonymous_readers_see_no_editor_names(edited, client):
    for url in pages(*edited):
        response = client.get(url)
        assert response.status_code == 200
        assert EDITOR not in response.content.decode(), url

    changes = client.get("/changes/").content.decode()
    assert 'by <span class="unknown">an editor</span>' in changes
    assert "Who made each change is shown to signed-in users." in changes
    assert 'name="user"' not in changes  # no filter by user offered
    feed = parse_feed(client.get("/changes/feed/"))
    assert feed[0]["author"] == "an editor"
    assert "by an editor" in feed[0]["summary"]


@pytest.mark.django_db
def test_signed_in_readers_see_who_made_each_change(edited, signed_in):
    for url in pages(*edited):
        response = signed_in.get(url)
        assert response.status_code == 200
        assert EDITOR in response.content.decode(), url

    assert 'name="user"' in signed_in.get("/changes/").content.decode()
    assert parse_feed(signed_in.get("/changes/feed/"))[0]["author"] == EDITOR


@pytest.mark.django_db
def test_the_api_gives_editor_names_to_signed_in_clients_only(edited, analyst_api):
    anonymous = APIClient().get("/api/v1/changes/", {"kind": "meeting"})
    assert anonymous.status_code == 200
    assert {change["user"] for change in anonymous.data["results"]} == {None}
    assert EDITOR not in anonymous.content.decode()
    assert {"Authorization", "Cookie"} <= {v.strip() for v in anonymous["Vary"].split(",")}

    signed_in = analyst_api.get("/api/v1/changes/", {"kind": "meeting", "user": EDITOR})
    assert signed_in.status_code == 200
    assert [change["user"] for change in signed_in.data["results"]] == [EDITOR]


@pytest.mark.django_db
@pytest.mark.parametrize("username", [EDITOR, "nobody-by-this-name"])
def test_anonymous_clients_cannot_probe_usernames_with_the_user_filter(edited, client, username):
    """The same refusal whether or not the user exists."""
    api = client.get("/api/v1/changes/", {"user": username})
    assert api.status_code == 400
    assert api.json() == {"user": ["Sign in to filter by user."]}

    page = client.get("/changes/", {"user": username})
    assert page.status_code == 400
    assert "user: Sign in to filter by user." in page.content.decode()
    assert page.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_the_schema_says_the_user_may_be_null(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    user = schema["components"]["schemas"]["RecordChange"]["properties"]["user"]
    assert user["nullable"] is True
    assert "signed-in" in user["description"]
