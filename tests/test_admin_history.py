"""Every admin write lands in the history: bulk actions, bulk deletes and reverts."""

import pytest
from django.urls import reverse

from negotiations.models import Development, FrameworkPoint, Meeting
from tests.admin_forms import change_form_data

CHANGELIST = "admin:negotiations_{}_changelist"


def run_action(client, model: str, action: str, pks: list[int], **extra):
    return client.post(
        reverse(CHANGELIST.format(model)),
        {"action": action, "_selected_action": [str(pk) for pk in pks], **extra},
        follow=True,
    )


@pytest.mark.django_db
def test_status_bulk_action_changes_each_record_in_the_history(article, analyst_client, analyst):
    meetings = list(Meeting.objects.filter(slug__in=["geneva-talks", "florida-talks"]))
    revisions = {m.pk: m.revision for m in meetings}

    response = run_action(analyst_client, "meeting", "mark_postponed", [m.pk for m in meetings])

    assert "2 marked postponed." in response.content.decode()
    for meeting in Meeting.objects.filter(pk__in=revisions):
        assert meeting.status == "postponed"
        assert meeting.revision == revisions[meeting.pk] + 1  # the API's ETag moves on too
        latest = meeting.history.first()
        assert latest.history_user == analyst
        assert latest.history_change_reason == "Marked postponed (admin bulk action)"
        assert latest.prev_record.status != "postponed"


@pytest.mark.django_db
def test_a_bulk_action_with_one_invalid_record_changes_none(article, analyst_client):
    points = list(FrameworkPoint.objects.all()[:2])
    # A point numbered past what its version declares: written past validation, as an old
    # record could be.
    FrameworkPoint.objects.filter(pk=points[1].pk).update(number=99)
    before = {p.pk: (p.status, p.history.count()) for p in points}

    response = run_action(analyst_client, "frameworkpoint", "mark_agreed", list(before))

    assert "Nothing was changed: The version declares only" in response.content.decode()
    for point in FrameworkPoint.objects.filter(pk__in=before):
        assert (point.status, point.history.count()) == before[point.pk]


@pytest.mark.django_db
def test_viewers_get_no_bulk_actions(article, viewer_client):
    response = run_action(viewer_client, "meeting", "mark_held", [Meeting.objects.first().pk])

    assert response.status_code in (200, 403)
    assert not Meeting.history.filter(history_type="~").exists()


@pytest.mark.django_db
def test_bulk_delete_records_each_deletion_with_the_user(article, analyst_client, analyst):
    pks = list(Development.objects.values_list("pk", flat=True)[:2])

    run_action(analyst_client, "development", "delete_selected", pks, post="yes")

    assert not Development.objects.filter(pk__in=pks).exists()
    deletions = Development.history.filter(id__in=pks, history_type="-")
    assert sorted(deletions.values_list("id", flat=True)) == sorted(pks)
    assert {d.history_user for d in deletions} == {analyst}
    page = analyst_client.get("/changes/", {"kind": "development", "user": "analyst"})
    assert [c.change_type for c in page.context["page"].object_list] == ["deleted", "deleted"]


@pytest.mark.django_db
def test_revert_is_recorded_and_never_reuses_a_revision(article, analyst_client, analyst):
    meeting = Meeting.objects.get(slug="florida-talks")
    meeting.duration_minutes = 300
    meeting.save()
    old = meeting.history.first()  # duration 300, revision 2
    meeting.duration_minutes = 360
    meeting.save()  # revision 3
    url = reverse("admin:negotiations_meeting_simple_history", args=[meeting.pk, old.history_id])

    response = analyst_client.post(url, change_form_data(analyst_client.get(url)))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 300
    assert meeting.revision == 4  # not 3 again: a client holding ETag "v3" must be refused
    latest = meeting.history.first()
    assert latest.history_user == analyst
    assert latest.history_change_reason == f"Reverted to history entry {old.history_id}"
    change = analyst_client.get("/changes/").context["page"].object_list[0]
    assert [(c.field, c.old, c.new) for c in change.fields] == [("duration_minutes", "360", "300")]
