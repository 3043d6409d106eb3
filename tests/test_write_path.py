"""Every writer of tracked records goes through the service layer (negotiations.services).

A watch records each write of a tracked record made while no service is writing: the ORM's
save, delete and many-to-many signals for every tracked model, and, for raw SQL, every INSERT,
UPDATE and DELETE statement on a tracked table, its link tables or the search index. Each test
walks one writer (the API, the admin, the imports, the restore, the synthetic data) inside the
watch and finds nothing escaped. loaddata's raw saves bypass the services by design (the
fixtures, `make run`): they happen before the watch starts, and raw saves are not counted.
"""

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from django.urls import reverse

from negotiations.api.urls import router
from negotiations.models import Citation, Delegation, Meeting, SearchDocument, Topic
from negotiations.models.base import TrackedModel
from negotiations.models.kinds import tracked_models
from negotiations.services.scope import service_writing
from negotiations.services.timeline import timeline_differences
from tests import factories as f
from tests.admin_forms import change_form_data
from tests.api.test_permissions import RESOURCES, etag
from tests.test_admin import EXTRA
from tests.test_imports import DATA, import_url, upload

WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def watched_tables() -> set[str]:
    tables = {SearchDocument._meta.db_table}
    for model in tracked_models():
        tables.add(model._meta.db_table)
        tables.update(
            field.remote_field.through._meta.db_table for field in model._meta.many_to_many
        )
    return tables


@contextmanager
def writes_outside_services() -> Iterator[list[str]]:
    """The writes of tracked records made while no service was writing, as they happen."""
    escaped: list[str] = []
    tables = watched_tables()

    def on_write(sender, instance, raw: bool = False, **kwargs) -> None:
        if isinstance(instance, TrackedModel) and not raw and service_writing() is None:
            escaped.append(f"{kwargs['signal_name']} {sender._meta.label} {instance.pk}")

    def on_save(sender, **kwargs):
        on_write(sender, signal_name="save", **kwargs)

    def on_delete(sender, **kwargs):
        on_write(sender, signal_name="delete", **kwargs)

    def on_links(sender, instance, action, **kwargs) -> None:
        if action.startswith("post_") and service_writing() is None:
            escaped.append(f"m2m {action} {type(instance)._meta.label} {instance.pk}")

    def on_sql(execute, sql, params, many, context):
        match = WRITE_SQL.match(sql)
        if match and match.group(1) in tables and service_writing() is None:
            escaped.append(f"SQL {sql[:80]}")
        return execute(sql, params, many, context)

    post_save.connect(on_save, dispatch_uid="write-path-save")
    post_delete.connect(on_delete, dispatch_uid="write-path-delete")
    m2m_changed.connect(on_links, dispatch_uid="write-path-links")
    try:
        with connection.execute_wrapper(on_sql):
            yield escaped
    finally:
        post_save.disconnect(dispatch_uid="write-path-save")
        post_delete.disconnect(dispatch_uid="write-path-delete")
        m2m_changed.disconnect(dispatch_uid="write-path-links")


@pytest.fixture(autouse=True)
def _timeline_in_step(request):
    """After each writer's walk, the timeline table equals a rebuild from its views: every
    writer keeps it in step (issue 14), through the same service calls."""
    yield
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        assert timeline_differences() == []


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:negotiations_{model._meta.model_name}_{view}", args=args)


# The watch itself


@pytest.mark.django_db
def test_the_watch_catches_a_save_a_delete_links_and_sql_outside_the_services(article):
    meeting = Meeting.objects.get(pk=2)
    point = f.FrameworkPointFactory()
    topic = f.TopicFactory()
    writes = {
        "save": meeting.save,
        "m2m": lambda: point.topics.add(topic),
        "SQL": lambda: Topic.objects.filter(pk=topic.pk).update(name="Renamed"),
        "delete": topic.delete,
    }
    for kind, write in writes.items():
        with writes_outside_services() as escaped:
            write()
        assert kind in {entry.split()[0] for entry in escaped}, (kind, escaped)


# The API


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", [prefix for prefix, _, _ in router.registry])
def test_api_create_update_and_delete_go_through_the_services(prefix, article, analyst_api):
    pk, new, change, fresh = RESOURCES[prefix]  # every routed kind has its case there
    url = f"/api/v1/{prefix}/{pk().pk if callable(pk) else pk}/"
    record = fresh()
    record_url = f"/api/v1/{prefix}/{record.pk}/"
    with writes_outside_services() as escaped:
        assert analyst_api.post(f"/api/v1/{prefix}/", new, format="json").status_code == 201
        tag = etag(analyst_api, url)
        assert analyst_api.patch(url, change, format="json", HTTP_IF_MATCH=tag).status_code == 200
        tag = etag(analyst_api, record_url)
        assert analyst_api.delete(record_url, HTTP_IF_MATCH=tag).status_code == 204
    assert escaped == []


# The admin

ADMIN_MODELS = sorted(
    (model for model in admin.site._registry if issubclass(model, TrackedModel)),
    key=lambda model: model._meta.model_name,
)
ADMIN_IDS = [model._meta.model_name for model in ADMIN_MODELS]


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ADMIN_IDS)
def test_admin_change_delete_and_revert_go_through_the_services(model, article, superuser):
    record = model._default_manager.order_by("pk").first() or EXTRA[model._meta.model_name]()
    doomed = EXTRA[model._meta.model_name]()
    entry = record.history.order_by("history_date", "history_id").first()
    client = signed_in(superuser)
    change_page = client.get(admin_url(model, "change", record.pk))
    revert_url = admin_url(model, "simple_history", record.pk, entry.history_id)
    with writes_outside_services() as escaped:
        saved = client.post(admin_url(model, "change", record.pk), change_form_data(change_page))
        assert saved.status_code == 302, saved.context["adminform"].form.errors
        reverted = client.post(revert_url, change_form_data(client.get(revert_url)))
        assert reverted.status_code == 302
        deleted = client.post(admin_url(model, "delete", doomed.pk), {"post": "yes"})
        assert deleted.status_code == 302
    assert escaped == []
    assert not model._default_manager.filter(pk=doomed.pk).exists()


@pytest.mark.django_db
def test_admin_add_bulk_delete_and_bulk_status_go_through_the_services(article, superuser):
    client = signed_in(superuser)
    doomed = f.MeetingFactory()
    meeting = Meeting.objects.get(pk=2)
    changelist = admin_url(Meeting, "changelist")
    add_page = client.get(admin_url(Topic, "add"))
    with writes_outside_services() as escaped:
        data = {**change_form_data(add_page), "name": "Fishing quotas", "slug": "fishing-quotas"}
        added = client.post(admin_url(Topic, "add"), data)
        assert added.status_code == 302, added.context["adminform"].form.errors
        status = {"action": "mark_postponed", "_selected_action": [meeting.pk]}
        assert client.post(changelist, status).status_code == 302
        delete = {"action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"}
        assert client.post(changelist, delete).status_code == 302
    assert escaped == []
    assert Topic.objects.filter(slug="fishing-quotas").exists()
    assert Meeting.objects.get(pk=2).status == "postponed"
    assert not Meeting.objects.filter(pk=doomed.pk).exists()


@pytest.mark.django_db
def test_admin_inline_rows_are_added_changed_and_deleted_through_the_services(article, superuser):
    client = signed_in(superuser)
    delegation = Delegation.objects.filter(memberships__isnull=False).order_by("pk").first()
    url = admin_url(Delegation, "change", delegation.pk)
    data = change_form_data(client.get(url))
    members = next(key.removesuffix("-TOTAL_FORMS") for key in data if "membership" in key
                   and key.endswith("-TOTAL_FORMS"))  # fmt: skip
    citations = next(key.removesuffix("-TOTAL_FORMS") for key in data if "citation" in key
                     and key.endswith("-TOTAL_FORMS"))  # fmt: skip
    data[f"{members}-0-DELETE"] = "on"
    count = int(data[f"{citations}-TOTAL_FORMS"])
    data.update(
        {
            f"{citations}-TOTAL_FORMS": str(count + 1),
            f"{citations}-{count}-source": "1",
            f"{citations}-{count}-excerpt": "four-hour session",
            f"{citations}-{count}-attribution": Citation._meta.get_field("attribution").default,
            f"{citations}-{count}-credibility": Citation._meta.get_field("credibility").default,
        }
    )
    if count:
        data[f"{citations}-0-note"] = "Checked again."
    before = delegation.memberships.count()
    with writes_outside_services() as escaped:
        response = client.post(url, data)
        assert response.status_code == 302, response.context["errors"]
    assert escaped == []
    assert delegation.memberships.count() == before - 1
    assert delegation.citations.filter(excerpt="four-hour session").exists()


# Imports, restore, synthetic data


@pytest.mark.django_db
def test_the_admin_import_and_the_import_command_go_through_the_services(article, analyst):
    client = signed_in(analyst)
    with writes_outside_services() as escaped:
        preview = upload(client, "points", "points.csv")
        confirm = preview.context["confirm_form"]
        assert (
            client.post(import_url("points", "process_import"), confirm.initial).status_code == 302
        )
        call_command(
            "import_records", "positions", str(DATA / "positions.csv"), stdout=io.StringIO()
        )
    assert escaped == []


@pytest.mark.django_db
def test_a_restore_goes_through_the_bulk_services(article, tmp_path):
    backup = tmp_path / "dataset.json"
    call_command("export_dataset", str(backup), verbosity=0)
    with writes_outside_services() as escaped:
        call_command("import_dataset", str(backup), "--replace", verbosity=0)
    assert escaped == []
    assert Meeting.objects.filter(pk=2).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_synthetic_data_goes_through_the_bulk_services():
    with writes_outside_services() as escaped:
        call_command(
            "generate_synthetic", "--scale", "0.0001", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert escaped == []
    assert Meeting.objects.exists()
