"""export_dataset / import_dataset: a lossless backup of the whole dataset and its history."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations import models
from negotiations.exports.backup import _auto_m2m_fields, dataset_models
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    yield
    # A flush recreates the content types under new ids; the test's rollback restores the old
    # rows, so the process-wide cache must forget the new ones before the next test.
    ContentType.objects.clear_cache()


@pytest.fixture
def dataset(article, analyst):
    """The article's records plus links, lineage, m2m changes, edits and a deletion."""
    old = factories.FrameworkVersionFactory(label="Brouillon « Été »")
    new = factories.FrameworkVersionFactory(framework=old.framework, supersedes=old)
    topics = factories.TopicFactory.create_batch(2)
    kept = factories.FrameworkPointFactory(version=old, number=1, topics=topics)
    dropped = factories.FrameworkPointFactory(version=old, number=2)
    later = factories.FrameworkPointFactory(version=new, number=1, topics=topics[:1])
    added = factories.FrameworkPointFactory(version=new, number=2)
    models.PointLineage.objects.create(from_point=kept, to_point=later, kind="reworded")
    models.PointLineage.objects.create(from_point=dropped, kind="dropped")
    models.PointLineage.objects.create(to_point=added, kind="new")
    parties = factories.PartyFactory.create_batch(2)
    new.authors.set(parties)
    development = factories.DevelopmentFactory(parties=parties[:1])
    development.parties.add(parties[1])  # an m2m change the history records
    issue = factories.StickingIssueFactory()
    issue.related_points.set([kept, later])
    meeting = factories.MeetingFactory(title="Backup round in Genève")
    issue.related_meetings.add(meeting)
    factories.DelegationMemberFactory(delegation__meeting=meeting)
    factories.VersionMeetingFactory(version=new, meeting=meeting)
    factories.PositionFactory(issue=None, point=later)
    factories.StatementFactory(meeting=meeting)
    factories.CitationFactory(content_object=meeting)
    for title in ("Backup round in Genève (revised)", "Backup round in Genève"):
        meeting.title = title
        meeting._history_user = analyst
        meeting.save()
    gone = factories.PartyFactory(name="Withdrawn party")
    gone._history_user = analyst
    gone.delete()
    return meeting


def _counts() -> dict[str, int]:
    counts = {}
    for model in dataset_models():
        counts[model._meta.label_lower] = model._base_manager.count()
        for field in _auto_m2m_fields(model):
            counts[field.remote_field.through._meta.label_lower] = (
                field.remote_field.through.objects.count()
            )
    return counts


def _export(path: Path) -> bytes:
    call_command("export_dataset", str(path), verbosity=0)
    return path.read_bytes()


def _flush() -> None:
    if connection.vendor == "postgresql":
        # The test's own inserts leave deferred checks pending, which TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_export_flush_import_gives_the_same_file_and_records(dataset, tmp_path, client):
    before_counts = _counts()
    meeting = models.Meeting.objects.get(pk=dataset.pk)
    first = _export(tmp_path / "first.json")

    _flush()
    assert models.Meeting.objects.count() == 0
    factories.UserFactory(username="analyst")  # the history's author exists here too
    out = io.StringIO()
    call_command("import_dataset", str(tmp_path / "first.json"), stdout=out)

    assert _export(tmp_path / "second.json") == first
    assert _counts() == before_counts
    assert f"negotiations.meeting: {before_counts['negotiations.meeting']}" in out.getvalue()
    restored = models.Meeting.objects.get(pk=meeting.pk)
    assert (restored.title, restored.revision) == (meeting.title, 3)
    assert (restored.created_at, restored.updated_at) == (meeting.created_at, meeting.updated_at)
    assert [entry.history_user.username for entry in restored.history.all()[:2]] == [
        "analyst",
        "analyst",
    ]
    assert models.Party.history.filter(name="Withdrawn party", history_type="-").exists()
    # The sequences moved past the imported ids, and search knows the imported records.
    used = max(models.Party.history.values_list("id", flat=True))
    assert factories.PartyFactory().pk == used + 1
    found = client.get("/api/v1/meetings/", {"search": "Genève"}).json()["results"]
    assert [row["id"] for row in found] == [meeting.pk]


@pytest.mark.django_db
def test_history_authors_missing_here_are_listed_and_left_empty(dataset, tmp_path):
    _export(tmp_path / "data.json")
    _flush()
    err = io.StringIO()
    call_command("import_dataset", str(tmp_path / "data.json"), stdout=io.StringIO(), stderr=err)

    assert "analyst" in err.getvalue()
    assert models.Meeting.history.filter(id=dataset.pk).count() == 3
    assert not models.Meeting.history.filter(history_user__isnull=False).exists()


@pytest.mark.django_db
def test_import_into_a_database_with_records_needs_replace(dataset, tmp_path):
    saved = _export(tmp_path / "data.json")
    extra = factories.PartyFactory(name="Added after the backup")
    counts = _counts()

    with pytest.raises(CommandError, match=r"already holds negotiations records.*--replace"):
        call_command("import_dataset", str(tmp_path / "data.json"))
    assert _counts() == counts

    call_command("import_dataset", str(tmp_path / "data.json"), "--replace", verbosity=0)
    assert not models.Party.objects.filter(pk=extra.pk).exists()
    assert _export(tmp_path / "again.json") == saved


def _truncated(text: str) -> str:
    return text[: len(text) // 2]


def _other_format(text: str) -> str:
    return json.dumps({**json.loads(text), "format": "django-dumpdata"})


def _next_version(text: str) -> str:
    return json.dumps({**json.loads(text), "version": 2})


def _user_record(text: str) -> str:
    data = json.loads(text)
    data["records"].append({"model": "auth.user", "pk": 99, "fields": {"username": "eve"}})
    return json.dumps(data)


def _dangling_party(text: str) -> str:
    data = json.loads(text)
    delegation = next(r for r in data["records"] if r["model"] == "negotiations.delegation")
    delegation["fields"]["party"] = 999_999
    return json.dumps(data)


def _bad_date(text: str) -> str:
    data = json.loads(text)
    meeting = next(r for r in data["records"] if r["model"] == "negotiations.meeting")
    meeting["fields"]["date"] = "30 November"
    return json.dumps(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_truncated, "not valid JSON"),
        (lambda text: "[]", "Not a negotiation-tracker dataset"),
        (_other_format, "format 'django-dumpdata'"),
        (_next_version, "Unsupported dataset version 2"),
        (_user_record, "not a negotiations record"),
        (_dangling_party, "cannot be loaded"),
        (_bad_date, "cannot be loaded"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_changes(dataset, tmp_path, spoil, message):
    saved = _export(tmp_path / "data.json")
    bad = tmp_path / "bad.json"
    bad.write_text(spoil(saved.decode()), encoding="utf-8")

    # With --replace the import would first delete everything: a failure must undo that too.
    with pytest.raises(CommandError, match=message) as raised:
        call_command("import_dataset", str(bad), "--replace")
    assert "Nothing was imported" in str(raised.value)
    assert _export(tmp_path / "after.json") == saved


@pytest.mark.django_db
def test_dash_streams_through_stdout_and_stdin(dataset, tmp_path, monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_dataset", "-", stdout=out, stderr=err)

    saved = _export(tmp_path / "data.json")
    assert out.getvalue().encode() == saved
    assert "Exported" in err.getvalue()  # the summary stays out of the data

    factories.PartyFactory(name="Added after the backup")
    monkeypatch.setattr("sys.stdin", io.StringIO(out.getvalue()))
    call_command("import_dataset", "-", "--replace", verbosity=0)
    assert _export(tmp_path / "again.json") == saved


@pytest.mark.django_db
def test_no_history_leaves_the_history_out(dataset, tmp_path):
    call_command("export_dataset", str(tmp_path / "data.json"), "--no-history", verbosity=0)
    data = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))

    assert data["history"] is False
    assert not [r for r in data["records"] if ".historical" in r["model"]]
    assert any(r["model"] == "negotiations.meeting" for r in data["records"])


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_records(article, tmp_path):
    def export_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            call_command("export_dataset", str(tmp_path / "data.json"), verbosity=0)
        return len(queries)

    before = export_queries()
    factories.FrameworkPointFactory.create_batch(3, topics=factories.TopicFactory.create_batch(2))
    factories.CitationFactory.create_batch(3)
    assert export_queries() == before
