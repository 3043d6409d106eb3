"""Bulk import (issue 5): the import_records command and the admin's import, CSV and JSON.

Every test starts from the article's data; the sample files in tests/data/imports/ refer to
its parties, people, frameworks and issues by slug.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from negotiations.imports import RESOURCES, import_rows, load_dataset
from negotiations.models import (
    Account,
    FrameworkPoint,
    Meeting,
    Option,
    OptionStance,
    Person,
    Position,
    Role,
    StickingIssue,
)

DATA = Path(__file__).resolve().parent / "data" / "imports"
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "import-examples"
MODELS = {
    "meetings": Meeting,
    "people": Person,
    "roles": Role,
    "points": FrameworkPoint,
    "positions": Position,
    "meeting-accounts": Account,
    "options": Option,
    "option-stances": OptionStance,
}
FORMATS = ["csv", "json"]
# What the second row of each <resource>-bad file gets wrong, as the report words it.
BAD_ROW_REASON = {
    "meetings": "Give a date exactly when its precision is not “not reported”.",
    "people": "name: This field cannot be blank.",
    "roles": "party: No party with slug 'narnia'.",
    "points": "status: Value 'finished' is not a valid choice.",
    "positions": "A position is on either a sticking issue or a point.",
    "meeting-accounts": "field: A meeting has no fact “stance”.",
    "options": "issue: No sticking issue with slug 'narnia'.",
    "option-stances": (
        "condition: State the condition exactly when the stance is “acceptable with conditions”."
    ),
}
# A column outside the natural key, and a new value for the first row.
CHANGE = {
    "meetings": ("summary", "Talks moved to a second day."),
    "people": ("name", "Andrii Testenko-Renamed"),
    "roles": ("start_date_precision", "week"),
    "points": ("text", "Joint operation of the plant, reworded."),
    "positions": ("stated_position", "Test: rejects all foreign troops."),
    "meeting-accounts": ("value", "postponed"),
    "options": ("description", "Test: reworded."),
    "option-stances": ("stated_position", "Test: reworded."),
}
REASON_PREFIX = "Bulk import from "


def snapshot() -> dict[str, tuple[int, int]]:
    """Rows and history entries of every importable model."""
    return {name: (m.objects.count(), m.history.count()) for name, m in MODELS.items()}


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_records", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def imported_history(model, file_name: str):
    return model.history.filter(history_change_reason=f"{REASON_PREFIX}{file_name}")


# The command


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("resource", list(RESOURCES))
def test_valid_file_creates_records_with_history_by_user_and_reason(
    article, analyst, resource, file_format
):
    model = MODELS[resource]
    before = model.objects.count()
    path = DATA / f"{resource}.{file_format}"

    out, _ = run(resource, str(path), "--user", "analyst")

    assert "2 new, 0 updated, 0 unchanged, 0 rejected" in out
    assert model.objects.count() == before + 2
    created = imported_history(model, path.name).filter(history_type="+")
    assert created.count() == 2
    assert {entry.history_user for entry in created} == {analyst}


def test_imported_values_land_as_written(article):
    for resource in RESOURCES:
        run(resource, str(DATA / f"{resource}.csv"))

    miami = Meeting.objects.get(slug="test-round-miami")
    assert (miami.place.locality, miami.status, miami.duration_minutes) == (
        "Hallandale Beach",
        "held",
        240,
    )
    assert Person.objects.get(slug="test-andrii").other_names == ["Andriy Testenko", "A. Testenko"]
    unnamed = Role.objects.get(title="Test liaison officer")
    assert (unnamed.person, unnamed.party.slug, unnamed.has_ended) == (None, "ukraine", True)
    point = FrameworkPoint.objects.get(title="Test point on energy")
    assert sorted(point.topics.values_list("slug", flat=True)) == ["energy", "reconstruction"]
    on_point = Position.objects.get(stated_position="Test: backs the fund.")
    assert on_point.point.title == "Ukraine Development Fund"


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_reimport_in_either_format_changes_nothing(article, resource):
    run(resource, str(DATA / f"{resource}.csv"))
    after_first = snapshot()

    out, _ = run(resource, str(DATA / f"{resource}.json"))

    assert "0 new, 0 updated, 2 unchanged, 0 rejected" in out
    assert snapshot() == after_first  # no duplicates, not even a history entry


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_changed_row_updates_the_record_in_place(article, analyst, resource):
    run(resource, str(DATA / f"{resource}.csv"))
    model = MODELS[resource]
    count = model.objects.count()
    dataset = load_dataset(path=DATA / f"{resource}.csv", file_format="csv")
    column, value = CHANGE[resource]
    values = list(dataset[column])
    values[0] = value
    del dataset[column]
    dataset.append_col(values, header=column)

    report = import_rows(
        resource=RESOURCES[resource],
        dataset=dataset,
        dry_run=False,
        user=analyst,
        source_name="update.csv",
    )

    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    assert model.objects.count() == count
    assert model.objects.filter(**{column: value}).count() == 1
    change = imported_history(model, "update.csv").get()
    assert (change.history_type, change.history_user) == ("~", analyst)


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("resource", list(RESOURCES))
def test_file_with_one_bad_row_writes_nothing_and_names_the_row(article, resource, file_format):
    before = snapshot()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command(
            "import_records",
            resource,
            str(DATA / f"{resource}-bad.{file_format}"),
            stdout=out,
            stderr=err,
        )

    assert snapshot() == before  # the good first row is rolled back too
    assert "1 rejected" in out.getvalue()
    assert "Row 2:" in err.getvalue()
    assert f"  {BAD_ROW_REASON[resource]}" in err.getvalue()
    assert "Row 1" not in err.getvalue()


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("resource", list(RESOURCES))
def test_dry_run_writes_nothing_and_says_so(article, resource, file_format):
    before = snapshot()

    out, _ = run(resource, str(DATA / f"{resource}.{file_format}"), "--dry-run")

    assert "2 new, 0 updated, 0 unchanged, 0 rejected" in out
    assert "Dry run: nothing was written." in out
    assert snapshot() == before


def test_format_option_overrides_the_extension(article, tmp_path):
    path = tmp_path / "people.txt"
    path.write_bytes((DATA / "people.json").read_bytes())

    out, _ = run("people", str(path), "--format", "json")

    assert "2 new" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["people", str(DATA / "people.csv"), "--user", "nobody"], "No user 'nobody'"),
        (["people", "people.xlsx"], "Cannot tell the format"),
        (["people", str(DATA / "missing.csv")], "Cannot read"),
        (["people", str(DATA / "people.csv"), "--format", "json"], "is not valid JSON"),
    ],
)
def test_command_refuses_what_it_cannot_use(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_missing_key_column_rejects_the_file(article, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name\nNo Slug\n")

    with pytest.raises(CommandError):
        run("people", str(path))

    assert not Person.objects.filter(name="No Slug").exists()


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_export_of_the_article_reimports_unchanged(article, resource):
    before = snapshot()
    dataset = RESOURCES[resource]().export()

    report = import_rows(
        resource=RESOURCES[resource], dataset=dataset, dry_run=False, user=None, source_name="x"
    )

    assert report.ok, report.rejected
    assert (report.new, report.updated) == (0, 0)
    assert snapshot() == before


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_docs_examples_are_valid(article, resource):
    out, _ = run(resource, str(EXAMPLES / f"{resource}.csv"), "--dry-run")

    assert "0 rejected" in out


# The admin


def import_url(resource: str, step: str = "import") -> str:
    return reverse(f"admin:negotiations_{MODELS[resource]._meta.model_name}_{step}")


def upload(client, resource: str, name: str):
    path = DATA / name
    return client.post(
        import_url(resource),
        {
            "resource": "0",
            "format": str(FORMATS.index(path.suffix.lstrip("."))),
            "import_file": SimpleUploadedFile(name, path.read_bytes()),
        },
    )


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_import_page_is_for_analysts_only(db, client, analyst, viewer, resource):
    client.force_login(analyst)
    assert client.get(import_url(resource)).status_code == 200
    client.force_login(viewer)
    assert client.get(import_url(resource)).status_code == 403
    assert client.post(import_url(resource, "process_import")).status_code == 403


def test_import_page_reads_a_fixed_number_of_queries(
    article, analyst_client, django_assert_num_queries
):
    # Session, user, and the user's permissions (read once).
    with django_assert_num_queries(4):
        analyst_client.get(import_url("meetings"))


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("resource", list(RESOURCES))
def test_admin_preview_then_confirm_imports_with_history(
    article, analyst, analyst_client, resource, file_format
):
    model = MODELS[resource]
    before = snapshot()
    name = f"{resource}.{file_format}"

    preview = upload(analyst_client, resource, name)

    assert preview.status_code == 200
    assert b"2 new, 0 changed, 0 unchanged, 0 rejected" in preview.content
    assert snapshot() == before  # the preview is a dry run
    confirm = preview.context["confirm_form"]

    done = analyst_client.post(import_url(resource, "process_import"), confirm.initial)

    assert done.status_code == 302
    assert model.objects.count() == before[resource][0] + 2
    created = imported_history(model, name).filter(history_type="+")
    assert {entry.history_user for entry in created} == {analyst}
    assert created.count() == 2


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_admin_bad_file_shows_the_row_error_and_writes_nothing(article, analyst_client, resource):
    before = snapshot()

    response = upload(analyst_client, resource, f"{resource}-bad.csv")

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    text = response.content.decode()
    assert "1 new, 0 changed, 0 unchanged, 1 rejected" in text
    assert escape(BAD_ROW_REASON[resource].split(": ", 1)[-1]) in text
    assert "Rows that passed" in text
    assert snapshot() == before


def test_admin_confirm_writes_nothing_if_a_row_went_bad_since_the_preview(article, analyst_client):
    preview = upload(analyst_client, "positions", "positions.csv")
    StickingIssue.objects.filter(slug="security-guarantees").delete()  # row 1's issue
    before = snapshot()

    done = analyst_client.post(
        import_url("positions", "process_import"), preview.context["confirm_form"].initial
    )

    assert done.status_code == 302
    assert done.url == import_url("positions")
    assert snapshot() == before
    page = analyst_client.get(done.url)
    assert "Nothing was imported: rows 1 failed" in page.content.decode()


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_changelist_has_import_export_and_records_keep_their_history(
    article, analyst_client, resource
):
    model = MODELS[resource]
    name = model._meta.model_name
    changelist = analyst_client.get(reverse(f"admin:negotiations_{name}_changelist"))
    assert import_url(resource) in changelist.content.decode()
    assert reverse(f"admin:negotiations_{name}_export") in changelist.content.decode()

    record = model.objects.first()
    if record is None:  # the article has none of these (accounts): import the example
        run(resource, str(DATA / f"{resource}.csv"))
        record = model.objects.first()
    change = analyst_client.get(reverse(f"admin:negotiations_{name}_change", args=[record.pk]))
    history_url = reverse(f"admin:negotiations_{name}_history", args=[record.pk])
    assert history_url in change.content.decode()
    assert analyst_client.get(history_url).status_code == 200


def test_viewer_sees_no_import_button(article, viewer_client):
    page = viewer_client.get(reverse("admin:negotiations_meeting_changelist"))

    assert page.status_code == 200
    assert import_url("meetings") not in page.content.decode()


def test_admin_export_downloads_csv_that_names_records_by_slug(article, analyst_client):
    response = analyst_client.post(
        reverse("admin:negotiations_role_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"roleresource_{f}": "on" for f in ("person", "party", "title")},
        },
    )

    assert response.status_code == 200
    assert "steve-witkoff,united-states,Special Envoy" in response.content.decode()
