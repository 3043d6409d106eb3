"""The admin: every page renders with pinned query counts, and only Analysts may edit."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from negotiations.models import Development, Meeting
from tests import factories as f
from tests.admin_forms import change_form_data

MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "negotiations"),
    key=lambda model: model._meta.model_name,
)

# Queries per page, as a superuser, on the article's data. A change here is a change in
# how the admin reads: look for a missing select_related/prefetch before raising a number.
CHANGELIST_QUERIES = {
    "account": 7,
    "citation": 22,
    "delegation": 6,
    "delegationmember": 5,
    "development": 8,
    "framework": 5,
    "frameworkpoint": 8,
    "frameworkversion": 6,
    "meeting": 7,
    "option": 6,
    "optionstance": 7,
    "party": 5,
    "person": 7,
    "place": 6,
    "pointlineage": 5,
    "position": 7,
    "role": 6,
    "source": 5,
    "statement": 5,
    "stickingissue": 5,
    "topic": 6,
    "versionmeeting": 5,
}

# One extra record per model, built by its factory, to show a changelist's count does not grow.
EXTRA = {
    "account": f.AccountFactory,
    "citation": lambda: f.CitationFactory(content_object=f.RoleFactory()),
    "delegation": f.DelegationFactory,
    "delegationmember": f.DelegationMemberFactory,
    "development": lambda: f.DevelopmentFactory(parties=[f.PartyFactory()]),
    "framework": f.FrameworkFactory,
    "frameworkpoint": lambda: f.FrameworkPointFactory(topics=[f.TopicFactory()]),
    "frameworkversion": f.FrameworkVersionFactory,
    "meeting": f.MeetingFactory,
    "option": f.OptionFactory,
    "optionstance": f.OptionStanceFactory,
    "party": f.PartyFactory,
    "person": f.PersonFactory,
    "place": f.PlaceFactory,
    "pointlineage": f.PointLineageFactory,
    "position": f.PositionFactory,
    "role": f.RoleFactory,
    "source": f.SourceFactory,
    "statement": f.StatementFactory,
    "stickingissue": f.StickingIssueFactory,
    "topic": f.TopicFactory,
    "versionmeeting": f.VersionMeetingFactory,
}


def admin_url(model, view, *args):
    return reverse(f"admin:negotiations_{model._meta.model_name}_{view}", args=args)


def test_every_model_is_registered_with_search_and_history():
    from simple_history.admin import SimpleHistoryAdmin

    from negotiations.models.kinds import tracked_models

    domain = set(tracked_models())
    assert domain == set(MODELS)
    for model in MODELS:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, SimpleHistoryAdmin)
        assert model_admin.search_fields, model
        assert model_admin.list_filter, model
        assert model_admin.list_display != ("__str__",), model


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_renders_with_pinned_queries_that_do_not_grow(
    model, article, admin_client, django_assert_num_queries
):
    expected = CHANGELIST_QUERIES[model._meta.model_name]
    if not model.objects.exists():  # the article gives no accounts: a list of one, then four
        EXTRA[model._meta.model_name]()
    url = admin_url(model, "changelist")
    admin_client.get(url)  # warms the per-process content-type cache, as in a running server
    with django_assert_num_queries(expected):
        response = admin_client.get(url)
    assert response.status_code == 200

    for _ in range(3):
        EXTRA[model._meta.model_name]()
    with django_assert_num_queries(expected):
        response = admin_client.get(url)
    assert response.status_code == 200


# (add page, change page of the first record) queries, as for CHANGELIST_QUERIES. Change pages
# grow with their inline rows (one autocomplete lookup each); changelists never grow.
FORM_QUERIES = {
    "account": (3, 9),
    "citation": (3, 6),
    "delegation": (2, 14),
    "delegationmember": (2, 11),
    "development": (2, 10),  # + the accounts inline and its citations
    "framework": (2, 6),
    "frameworkpoint": (2, 10),
    "frameworkversion": (2, 18),  # + the accounts inline and its citations
    "meeting": (2, 12),  # + the accounts inline and its citations
    "option": (2, 11),
    "optionstance": (2, 10),
    "party": (2, 5),
    "person": (2, 7),
    "place": (2, 6),
    "pointlineage": (2, 6),
    "position": (2, 13),  # + the accounts inline and its citations, the options
    "role": (2, 11),  # + the accounts inline and its citations
    "source": (2, 3),
    "statement": (2, 10),  # + the accounts inline and its citations
    "stickingissue": (2, 13),  # + the options inline
    "topic": (2, 3),
    "versionmeeting": (2, 9),
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_add_and_change_pages_render_with_pinned_queries(
    model, article, admin_client, django_assert_num_queries
):
    add_queries, change_queries = FORM_QUERIES[model._meta.model_name]
    record = model.objects.order_by("pk").first() or EXTRA[model._meta.model_name]()
    for url, expected in (
        (admin_url(model, "add"), add_queries),
        (admin_url(model, "change", record.pk), change_queries),
    ):
        admin_client.get(url)  # warm the content-type cache
        with django_assert_num_queries(expected):
            response = admin_client.get(url)
        assert response.status_code == 200
    history = admin_client.get(admin_url(model, "history", record.pk))
    assert history.status_code == 200


@pytest.mark.django_db
def test_changelist_search_finds_a_person(article, admin_client):
    response = admin_client.get(reverse("admin:negotiations_person_changelist"), {"q": "Rubio"})
    assert [str(p) for p in response.context["cl"].result_list] == ["Marco Rubio"]


@pytest.mark.django_db
def test_analyst_edits_a_meeting_and_history_shows_who_changed_what(
    article, analyst_client, analyst
):
    meeting = Meeting.objects.get(slug="florida-talks")
    url = reverse("admin:negotiations_meeting_change", args=[meeting.pk])
    data = change_form_data(analyst_client.get(url))
    data["summary"] = "Revised summary by the analyst."

    response = analyst_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.summary == "Revised summary by the analyst."
    latest, previous = meeting.history.all()[:2]
    assert latest.history_user == analyst
    assert latest.diff_against(previous).changed_fields == ["summary"]
    history_page = analyst_client.get(
        reverse("admin:negotiations_meeting_history", args=[meeting.pk])
    )
    assert "analyst" in history_page.content.decode()


@pytest.mark.django_db
def test_bad_admin_input_is_shown_as_a_form_error_not_saved(article, analyst_client):
    meeting = Meeting.objects.get(slug="moscow-visit")
    url = reverse("admin:negotiations_meeting_change", args=[meeting.pk])
    data = change_form_data(analyst_client.get(url))
    data["end_date"] = "2025-11-01"  # before the meeting's date

    response = analyst_client.post(url, data)

    assert response.status_code == 200
    assert "A meeting cannot end before it starts." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.end_date is None


@pytest.mark.django_db
def test_revert_restores_an_earlier_version_and_is_recorded(article, analyst_client, analyst):
    meeting = Meeting.objects.get(slug="florida-talks")
    meeting.duration_minutes = 300
    meeting.save()
    before = meeting.history.first()  # the 300-minute version
    meeting.duration_minutes = 360
    meeting.save()

    url = reverse("admin:negotiations_meeting_simple_history", args=[meeting.pk, before.history_id])
    data = change_form_data(analyst_client.get(url))
    response = analyst_client.post(url, data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 300
    assert meeting.history.first().history_user == analyst


@pytest.mark.django_db
def test_viewer_can_read_but_not_change(article, viewer_client):
    meeting = Meeting.objects.get(slug="florida-talks")
    url = reverse("admin:negotiations_meeting_change", args=[meeting.pk])
    page = viewer_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()

    response = viewer_client.post(url, {"title": "Hijacked"})

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "US–Ukraine talks in Florida"
    assert viewer_client.get(reverse("admin:negotiations_meeting_add")).status_code == 403


@pytest.mark.django_db
def test_analyst_cannot_manage_users(article, analyst_client):
    assert analyst_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert analyst_client.get(reverse("admin:auth_group_changelist")).status_code == 403


@pytest.mark.django_db
def test_analyst_deletes_and_viewer_cannot(article, analyst_client, viewer):
    development = Development.objects.first()
    delete = reverse("admin:negotiations_development_delete", args=[development.pk])
    analyst_client.force_login(viewer)
    assert analyst_client.post(delete, {"post": "yes"}).status_code == 403
    analyst_client.force_login(User.objects.get(username="analyst"))
    assert analyst_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Development.objects.filter(pk=development.pk).exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("admin:negotiations_meeting_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
