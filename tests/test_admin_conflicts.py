"""Two analysts, one record: the second save is refused, names who changed it, overwrites nothing.

The version the admin checks is the record's `revision`, the number the API's ETag is made of,
so admin and API writers guard against each other too.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Meeting, Statement
from tests.admin_forms import change_form_data
from tests.factories import UserFactory

CHANGE = "admin:negotiations_meeting_change"
CHANGELIST = "admin:negotiations_meeting_changelist"


@pytest.fixture
def meeting(article) -> Meeting:
    return Meeting.objects.get(slug="florida-talks")


@pytest.fixture
def other_analyst_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory(username="olena", groups=["Analysts"]))
    return client


def open_change_form(client, meeting) -> dict:
    response = client.get(reverse(CHANGE, args=[meeting.pk]))
    assert response.status_code == 200
    return change_form_data(response)


def save(client, meeting, data):
    return client.post(reverse(CHANGE, args=[meeting.pk]), data)


def form_errors(response) -> str:
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.mark.django_db
def test_the_second_of_two_concurrent_saves_is_refused_and_names_who_changed_it(
    meeting, analyst_client, other_analyst_client
):
    mine = open_change_form(analyst_client, meeting)
    theirs = open_change_form(other_analyst_client, meeting)
    assert mine["seen_revision"] == str(meeting.revision)

    theirs["duration_minutes"] = "301"
    assert save(other_analyst_client, meeting, theirs).status_code == 302
    mine["summary"] = "My stale rewrite"
    response = save(analyst_client, meeting, mine)

    assert response.status_code == 200
    message = form_errors(response)
    assert "was changed by olena on" in message
    assert f"you opened version {meeting.revision}" in message
    assert "Nothing was saved" in message
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 301  # their change stands
    assert meeting.summary != "My stale rewrite"
    assert meeting.history.first().history_user.username == "olena"


@pytest.mark.django_db
def test_a_fresh_save_goes_through_and_moves_the_version_on(meeting, analyst_client):
    data = open_change_form(analyst_client, meeting)
    data["duration_minutes"] = "299"

    assert save(analyst_client, meeting, data).status_code == 302

    meeting.refresh_from_db()
    assert (meeting.duration_minutes, meeting.revision) == (299, 2)
    assert open_change_form(analyst_client, meeting)["seen_revision"] == "2"


@pytest.mark.django_db
def test_the_admin_version_is_the_api_etag(meeting, analyst_client, analyst_api):
    data = open_change_form(analyst_client, meeting)
    etag = analyst_api.get(f"/api/v1/meetings/{meeting.pk}/")["ETag"]
    assert etag == f'"v{data["seen_revision"]}"'

    # An API write after the form was opened makes the form stale...
    response = analyst_api.patch(
        f"/api/v1/meetings/{meeting.pk}/", {"duration_minutes": 250}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    data["duration_minutes"] = "999"
    refused = save(analyst_client, meeting, data)
    assert "was changed by analyst" in form_errors(refused)

    # ...and an admin save makes the API client's ETag stale.
    fresh = open_change_form(analyst_client, meeting)
    fresh["duration_minutes"] = "260"
    assert save(analyst_client, meeting, fresh).status_code == 302
    stale = analyst_api.patch(
        f"/api/v1/meetings/{meeting.pk}/", {"duration_minutes": 1}, HTTP_IF_MATCH=response["ETag"]
    )
    assert stale.status_code == 412
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 260


@pytest.mark.django_db
def test_saving_a_record_deleted_meanwhile_recreates_nothing(article, analyst_client):
    statement = Statement.objects.first()
    url = reverse("admin:negotiations_statement_change", args=[statement.pk])
    data = change_form_data(analyst_client.get(url))
    Statement.objects.filter(pk=statement.pk).delete()

    response = analyst_client.post(url, data, follow=True)

    # Django's admin says the record no longer exists; nothing is re-created.
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_inline_row_changed_since_the_form_was_opened_is_refused(
    meeting, analyst_client, other_analyst_client
):
    statement = meeting.statements.first()
    assert statement is not None
    data = open_change_form(analyst_client, meeting)
    # Olena corrects the statement on its own page while the meeting's form is open.
    url = reverse("admin:negotiations_statement_change", args=[statement.pk])
    theirs = change_form_data(other_analyst_client.get(url))
    theirs["text"] = f"{statement.text} (corrected)"
    assert other_analyst_client.post(url, theirs).status_code == 302

    # The meeting's form would write the old text back with the row: refused, naming her.
    data["duration_minutes"] = "297"
    response = save(analyst_client, meeting, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "was changed by olena" in page
    assert "you opened version 1; it is now version 2" in page
    statement.refresh_from_db()
    meeting.refresh_from_db()
    assert statement.text == theirs["text"]
    assert meeting.duration_minutes != 297  # one transaction: the meeting is not saved either


@pytest.mark.django_db
def test_a_form_without_its_version_is_refused(meeting, analyst_client):
    data = open_change_form(analyst_client, meeting)
    del data["seen_revision"]
    data["duration_minutes"] = "1"

    response = save(analyst_client, meeting, data)

    assert response.status_code == 200
    assert "does not say which version" in form_errors(response)
    meeting.refresh_from_db()
    assert meeting.duration_minutes != 1


@pytest.mark.django_db
def test_a_conflict_is_logged_as_a_security_event(
    meeting, analyst_client, other_analyst_client, caplog
):
    mine = open_change_form(analyst_client, meeting)
    theirs = open_change_form(other_analyst_client, meeting)
    save(other_analyst_client, meeting, dict(theirs, duration_minutes="5"))

    with caplog.at_level(logging.WARNING, logger="tracker.security"):
        save(analyst_client, meeting, dict(mine, duration_minutes="6"))

    [record] = [r for r in caplog.records if r.name == "tracker.security"]
    assert record.getMessage() == "edit_conflict"
    assert record.model == "negotiations.meeting"
    assert (record.expected_revision, record.current_revision) == (1, 2)
    assert record.changed_by.startswith("olena on ")


@pytest.mark.django_db
def test_revert_is_checked_against_the_version_it_was_opened_on(meeting, analyst_client):
    meeting.duration_minutes = 300
    meeting.save()
    entry = meeting.history.last()
    url = reverse("admin:negotiations_meeting_simple_history", args=[meeting.pk, entry.history_id])
    data = change_form_data(analyst_client.get(url))
    assert data["seen_revision"] == str(meeting.revision)  # today's version, not the old copy's

    Meeting.objects.filter(pk=meeting.pk).update(duration_minutes=7, revision=meeting.revision + 1)
    response = analyst_client.post(url, data)
    assert response.status_code == 200
    assert "Nothing was saved" in form_errors(response)

    fresh = change_form_data(analyst_client.get(url))
    assert analyst_client.post(url, fresh).status_code == 302
    meeting.refresh_from_db()
    assert meeting.duration_minutes == entry.duration_minutes


def changelist_rows(client) -> list[str]:
    page = client.get(reverse(CHANGELIST)).content.decode()
    return [chunk.split('"')[0] for chunk in page.split('name="_revision_seen" value="')[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["mark_postponed", "delete_selected"])
def test_a_bulk_action_on_a_record_changed_since_the_list_was_shown_changes_nothing(
    meeting, analyst_client, other_analyst_client, action
):
    rows = changelist_rows(analyst_client)
    assert f"{meeting.pk}:{meeting.revision}" in rows
    save(other_analyst_client, meeting, open_change_form(other_analyst_client, meeting))
    history = Meeting.history.count()

    response = analyst_client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [meeting.pk], "_revision_seen": rows, "post": "yes"},
        follow=True,
    )

    assert "Nothing was changed." in response.content.decode()
    assert "was changed by olena" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != "postponed"
    assert Meeting.history.count() == history


@pytest.mark.django_db
def test_bulk_delete_confirmation_carries_the_versions_to_the_final_yes(
    meeting, analyst_client, other_analyst_client
):
    rows = changelist_rows(analyst_client)
    selected = {"action": "delete_selected", "_selected_action": [meeting.pk]}
    confirm = analyst_client.post(reverse(CHANGELIST), {**selected, "_revision_seen": rows})
    carried = confirm.content.decode().split('name="_revision_seen" value="')[1:]
    assert [chunk.split('"')[0] for chunk in carried] == rows

    # Changed between the confirmation page and "Yes, I'm sure": refused.
    save(other_analyst_client, meeting, open_change_form(other_analyst_client, meeting))
    response = analyst_client.post(
        reverse(CHANGELIST), {**selected, "_revision_seen": rows, "post": "yes"}, follow=True
    )
    assert "Nothing was changed." in response.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.django_db
def test_a_bulk_action_on_fresh_rows_goes_through(meeting, analyst_client):
    rows = changelist_rows(analyst_client)

    response = analyst_client.post(
        reverse(CHANGELIST),
        {"action": "mark_postponed", "_selected_action": [meeting.pk], "_revision_seen": rows},
        follow=True,
    )

    assert "1 marked postponed." in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.revision) == ("postponed", 2)
