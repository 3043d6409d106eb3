"""The admin history's revert page changes a record: only users who may change it may post it.

django-simple-history lets anyone who may view a record open a historic version, and only hides
the Revert button from those who may not change it; the POST itself must be refused too.
"""

import logging

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from negotiations.models import Party
from tests import factories as f
from tests.admin_forms import change_form_data
from tests.test_admin import EXTRA

HISTORY_MODELS = sorted(
    (model for model, model_admin in admin.site._registry.items()
     if isinstance(model_admin, SimpleHistoryAdmin)),
    key=lambda model: model._meta.model_name,
)  # fmt: skip


@pytest.fixture
def security_log(caplog):
    """The "tracker.security" events (the logger does not propagate: caplog is attached)."""
    logger = logging.getLogger("tracker.security")
    logger.addHandler(caplog.handler)
    yield lambda name: [
        record.__dict__
        for record in caplog.records
        if record.name == "tracker.security" and record.event == name
    ]
    logger.removeHandler(caplog.handler)


def revert_url(model, record, entry) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
    return reverse(name, args=[record.pk, entry.history_id])


def record_with_history(model):
    record = model._default_manager.order_by("pk").first() or EXTRA[model._meta.model_name]()
    return record, record.history.order_by("history_date", "history_id").first()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state(model, record) -> tuple:
    return model._default_manager.get(pk=record.pk).revision, record.history.count()


@pytest.mark.django_db
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m._meta.model_name)
@pytest.mark.parametrize("who", ["viewer", "staff-in-no-group"])
def test_a_user_who_may_not_change_the_record_cannot_revert_it(
    model, who, article, superuser, security_log
):
    record, entry = record_with_history(model)
    url = revert_url(model, record, entry)
    # Everything the revert form takes, as one who may revert would post it.
    data = change_form_data(signed_in(superuser).get(url))
    before = state(model, record)
    user = f.UserFactory(username=who, groups=["Viewers"] if who == "viewer" else [])
    client = signed_in(user)

    page = client.get(url)
    if who == "viewer":
        assert page.status_code == 200  # the historic version may be read...
        assert 'name="_save"' not in page.content.decode()  # ...but offers no revert
    else:
        assert page.status_code == 403

    response = client.post(url, data)

    assert response.status_code == 403
    assert state(model, record) == before
    denied = [e for e in security_log("permission_denied") if e["method"] == "POST"]
    assert [(e["user"], e["path"], e["status"]) for e in denied] == [(who, url, 403)]


@pytest.mark.django_db
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m._meta.model_name)
def test_an_analyst_reverts_every_kind_of_record(model, article, analyst):
    record, entry = record_with_history(model)
    url = revert_url(model, record, entry)
    client = signed_in(analyst)
    page = client.get(url)
    assert 'name="_save"' in page.content.decode()
    revision, count = state(model, record)

    response = client.post(url, change_form_data(page))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert state(model, record) == (revision + 1, count + 1)
    latest = record.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == analyst
    assert latest.history_change_reason == f"Reverted to history entry {entry.history_id}"


@pytest.mark.django_db
def test_a_viewer_cannot_rename_a_party_through_the_revert_page(article, viewer):
    """The probe's steps: open the revert page for its CSRF token, post back a new name."""
    party = Party.objects.order_by("pk").first()
    entry = party.history.first()
    url = revert_url(Party, party, entry)
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    page = client.get(url)
    data = change_form_data(page)
    data.update(
        name="Renamed by a viewer",
        seen_revision=party.revision,
        csrfmiddlewaretoken=page.context["csrf_token"],
    )

    response = client.post(url, data)

    assert response.status_code == 403
    party.refresh_from_db()
    assert party.name != "Renamed by a viewer"
    assert not party.history.filter(history_change_reason__startswith="Reverted").exists()
