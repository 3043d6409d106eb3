"""Change history: the /changes/ page, each record's history, the Atom feeds and the API list."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from negotiations.models import Development, FrameworkVersion, Meeting, Party, StickingIssue
from tests import factories as f

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(record, by=None, reason="", **values):
    """Change a record as an analyst's write does: the user goes into the history."""
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = by
    record._change_reason = reason
    record.save()


@pytest.fixture
def florida_edited(article, analyst):
    meeting = Meeting.objects.get(slug="florida-talks")
    edit(meeting, by=analyst, reason="Fixed the status", status="cancelled", summary="Revised.")
    return meeting


@pytest.mark.django_db
def test_changes_page_shows_who_changed_which_fields_from_what_to_what(
    florida_edited, viewer_client
):
    response = viewer_client.get("/changes/")

    assert response.status_code == 200
    first = response.context["page"].object_list[0]
    assert (first.kind, first.name, first.user, first.change_type) == (
        "meeting",
        "US–Ukraine talks in Florida",
        "analyst",
        "changed",
    )
    assert first.reason == "Fixed the status"
    assert [(c.field, c.old, c.new) for c in first.fields] == [
        ("status", "Held", "Cancelled"),
        ("summary", florida_edited.history.all()[1].summary, "Revised."),
    ]
    page = response.content.decode()
    assert "Fixed the status" in page
    assert f'href="{florida_edited.get_absolute_url()}"' in page


@pytest.mark.django_db
def test_many_to_many_changes_show_the_names_before_and_after(article, analyst, client):
    version = FrameworkVersion.objects.get(slug="19-point-revision")
    before = sorted(version.authors.values_list("name", flat=True))
    russia = Party.objects.get(slug="russia")
    version._history_user = analyst
    version.authors.add(russia)

    change = client.get("/changes/").context["page"].object_list[0]

    assert change.name == str(version)
    assert [(c.field, c.old, c.new) for c in change.fields] == [
        ("authors", "; ".join(before), "; ".join(sorted([*before, "Russia"])))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "meeting"}, {("meeting", "analyst")}),
        ({"user": "analyst"}, {("meeting", "analyst"), ("party", "analyst")}),
        ({"kind": "party", "user": "analyst"}, {("party", "analyst")}),
    ],
)
def test_changes_filter_by_kind_and_user(florida_edited, analyst, viewer_client, query, expected):
    edit(Party.objects.get(slug="russia"), by=analyst, short_name="RU")
    since = {"since": florida_edited.history.first().history_date.isoformat()}

    page = viewer_client.get("/changes/", {**query, **since}).context["page"]

    assert {(c.kind, c.user) for c in page.object_list} == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "spaceship"}, "Select a valid choice"),
        ({"user": "nobody"}, "No user is called “nobody”"),
        ({"since": "2025-02-30"}, "Enter a valid date/time"),
    ],
)
def test_a_bad_filter_is_explained_and_lists_nothing(article, viewer_client, query, message):
    response = viewer_client.get("/changes/", query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_every_record_page_links_to_its_history_which_survives_deletion(
    florida_edited, analyst, client
):
    page = client.get(florida_edited.get_absolute_url()).content.decode()
    history_url = reverse("negotiations:record-changes", args=["meeting", florida_edited.pk])
    assert f'href="{history_url}"' in page

    history = client.get(history_url)
    assert history.status_code == 200
    assert [c.change_type for c in history.context["page"].object_list] == ["changed", "created"]

    development = Development.objects.first()
    development._history_user = analyst
    pk = development.pk
    development.delete()
    gone = client.get(reverse("negotiations:record-changes", args=["development", pk]))
    assert gone.status_code == 200
    assert "This record has been deleted" in gone.content.decode()
    assert gone.context["page"].object_list[0].change_type == "deleted"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/changes/spaceship/1/", "/changes/meeting/999999/"])
def test_history_of_an_unknown_record_is_404(article, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_changes_page_queries_do_not_grow_with_changes(
    florida_edited, analyst, client, django_assert_num_queries
):
    client.get("/changes/?kind=meeting")
    # The places the meetings name come with their history rows (no query of their own).
    with django_assert_num_queries(5) as few:
        client.get("/changes/?kind=meeting")
    for n in range(10):
        edit(florida_edited, by=analyst, duration_minutes=200 + n)
        f.MeetingFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/changes/?kind=meeting")
    assert response.context["page"].paginator.count > 20


def parse_feed(response) -> list[dict]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.mark.django_db
def test_atom_feed_of_recent_changes(florida_edited, viewer_client):
    entries = parse_feed(viewer_client.get("/changes/feed/"))

    assert len(entries) == 50
    assert entries[0]["title"] == "Meeting changed: US–Ukraine talks in Florida"
    assert entries[0]["author"] == "analyst"
    assert "Status: Held → Cancelled" in entries[0]["summary"]
    assert len({entry["id"] for entry in entries}) == 50  # every entry its own id


@pytest.mark.django_db
def test_atom_feed_queries_are_per_kind_not_per_entry(analyst, client, django_assert_num_queries):
    meetings = f.MeetingFactory.create_batch(3)
    for n in range(50):
        edit(meetings[n % 3], by=analyst, duration_minutes=60 + n)
    client.get("/changes/feed/")
    # The entries, then for their kind (meeting): the rows, the previous rows, the live records.
    with django_assert_num_queries(4):
        client.get("/changes/feed/")
    for n in range(40):
        edit(meetings[n % 3], by=analyst, duration_minutes=100 + n)
    with django_assert_num_queries(4):
        assert len(parse_feed(client.get("/changes/feed/"))) == 50


@pytest.mark.django_db
def test_issue_feed_has_the_issue_and_its_positions_only(article, analyst, viewer_client):
    issue = StickingIssue.objects.get(slug="security-guarantees")
    other = StickingIssue.objects.get(slug="occupied-territories")
    edit(issue.positions.first(), by=analyst, stated_position="<script>alert(1)</script>")
    edit(other, by=analyst, description="Changed elsewhere.")

    response = viewer_client.get(reverse("negotiations:issue-feed", args=[issue.slug]))

    entries = parse_feed(response)
    assert entries[0]["title"].startswith("Position changed:")
    assert entries[0]["author"] == "analyst"
    # Escaped once for the reader's HTML: the payload stays text.
    assert "&lt;script&gt;" in entries[0]["summary"]
    assert all("Changed elsewhere" not in (entry["summary"] or "") for entry in entries)
    titles = {entry["title"] for entry in entries}
    assert f"Sticking issue created: {issue.title}" in titles
    assert f"Sticking issue created: {other.title}" not in titles
    assert viewer_client.get("/issues/no-such-issue/feed/").status_code == 404
    issue_page = viewer_client.get(issue.get_absolute_url()).content.decode()
    assert reverse("negotiations:issue-feed", args=[issue.slug]) in issue_page


@pytest.mark.django_db
def test_api_changes_list(florida_edited, viewer_api, django_assert_num_queries):
    viewer_api.get("/api/v1/changes/?kind=meeting")
    with django_assert_num_queries(7):  # one of them the token's
        response = viewer_api.get("/api/v1/changes/", {"kind": "meeting", "user": "analyst"})

    assert response.status_code == 200
    assert response.data["count"] == 1
    change = response.data["results"][0]
    assert change["record_id"] == florida_edited.pk
    assert change["record_name"] == "US–Ukraine talks in Florida"
    assert change["user"] == "analyst"
    assert change["change_type"] == "changed"
    assert change["fields"][0] == {
        "field": "status",
        "label": "status",
        "old": "Held",
        "new": "Cancelled",
    }
    assert change["record_url"].endswith(f"/api/v1/meetings/{florida_edited.pk}/")
    assert change["html_url"].endswith("/meetings/florida-talks/")


@pytest.mark.django_db
def test_api_changes_of_one_record(florida_edited, api_client):
    response = api_client.get("/api/v1/changes/", {"kind": "meeting", "record": florida_edited.pk})

    assert [c["change_type"] for c in response.data["results"]] == ["changed", "created"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "spaceship"}, "kind"),
        ({"user": "nobody"}, "user"),
        ({"since": "0000-00-00"}, "since"),
        ({"record": "1"}, "record"),
        ({"kind": "meeting", "record": str(2**70)}, "record"),
    ],
)
def test_api_changes_bad_filters_are_400_with_the_field(article, viewer_api, query, field):
    response = viewer_api.get("/api/v1/changes/", query)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_an_api_write_with_a_token_is_recorded_with_its_user(article, analyst_api):
    meeting = Meeting.objects.get(slug="moscow-visit")

    response = analyst_api.patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"status": "held"},
        format="json",
        HTTP_IF_MATCH=f'"v{meeting.revision}"',
    )

    assert response.status_code == 200, response.data
    change = analyst_api.get("/api/v1/changes/", {"kind": "meeting"}).data["results"][0]
    assert (change["user"], change["record_name"]) == ("analyst", "Witkoff’s visit to Moscow")
    assert {"field": "status", "label": "status", "old": "Scheduled", "new": "Held"} in change[
        "fields"
    ]


@pytest.mark.django_db
def test_a_citation_change_names_the_record_it_backs_not_its_content_type(
    article, analyst, viewer_client
):
    from negotiations.models import Citation

    citation = Citation.objects.filter(object_id__isnull=False).first()
    before = citation.content_object
    issue = StickingIssue.objects.get(slug="security-guarantees")
    edit(citation, by=analyst, content_object=issue)

    page = viewer_client.get("/changes/", {"kind": "citation"})
    change = page.context["page"].object_list[0]
    label = type(before)._meta.verbose_name.capitalize()
    assert [(c.field, c.label, c.old, c.new) for c in change.fields] == [
        (
            "content_object",
            "backs",
            f"{label} “{before}”",
            "Sticking issue “Ukraine’s long-term security guarantees”",
        )
    ]
    body = page.content.decode()
    assert "Content type" not in body
    assert "Object id" not in body
    created = page.context["page"].object_list[1]
    assert created.is_creation
    assert [c.label for c in created.fields][:2] == ["source", "backs"]


@pytest.mark.django_db
def test_records_loaded_from_fixtures_say_so_and_other_unattributed_changes_do_not(article, client):
    f.MeetingFactory(title="Round x")  # saved directly: no user, and no load either

    made = client.get("/changes/", {"kind": "meeting"}).context["page"].object_list[0]
    loaded = client.get("/changes/", {"kind": "party"}).context["page"].object_list[0]
    assert (made.name, made.loaded, made.editor) == ("Round x", False, "no user recorded")
    assert (loaded.loaded, loaded.editor, loaded.change_type) == (
        True,
        "loaded from fixtures",
        "created",
    )
    body = client.get("/changes/", {"kind": "party"}).content.decode()
    assert "loaded from fixtures" in body
    assert "no user recorded" not in body
    assert "by <span" not in body
    summaries = [entry["summary"] for entry in parse_feed(client.get("/changes/feed/"))]
    assert summaries[0].startswith("<p>Created by no user recorded.</p>")
    assert any(s.startswith("<p>Created, loaded from fixtures.</p>") for s in summaries)


@pytest.mark.django_db
def test_change_times_are_valid_html_datetimes_to_the_second(florida_edited, client):
    for url in ("/changes/", f"/changes/meeting/{florida_edited.pk}/"):
        stamps = re.findall(r'<time datetime="([^"]+)"', client.get(url).content.decode())
        assert stamps
        for stamp in stamps:
            # HTML's global date and time: at most 3 digits of a second (none here).
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), stamp


@pytest.mark.django_db
def test_a_change_names_its_fields_in_a_line_and_keeps_the_values_behind_it(florida_edited, client):
    body = client.get(f"/changes/meeting/{florida_edited.pk}/").content.decode()
    edited, created = re.findall(r"<details[^>]*>\s*<summary>[^<]*</summary>", body)
    # The small edit is open, its before and after in view; the creation waits to be opened.
    assert re.match(r'<details class="fields" open>\s*<summary>Changed: Status, Summary<', edited)
    assert re.match(r'<details class="fields">\s*<summary>Set: Title, Slug, ', created)
    assert body.count('<th scope="col">Before</th>') == 1


@pytest.mark.django_db
def test_a_record_loaded_without_history_has_a_history_page_saying_so(article, client):
    # loaddata alone writes no history; bulk_create neither.
    (party,) = Party.objects.bulk_create([f.PartyFactory.build(name="Freedonia")])
    assert not party.history.exists()

    response = client.get(reverse("negotiations:record-changes", args=["party", party.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "No change recorded yet" in body
    assert f'href="{party.get_absolute_url()}"' in body
    party_url = reverse("negotiations:record-changes", args=["party", party.pk + 1000])
    assert client.get(party_url).status_code == 404
