"""The optional read replica: safe requests read from it, writes and what follows them do not."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from negotiations.api.viewsets import MeetingViewSet
from negotiations.models import Meeting
from tests.factories import MeetingFactory
from tests.fresh_settings import fresh_settings
from tracker import db_router
from tracker.db_router import PIN_COOKIE, PrimaryReplicaRouter, ReplicaReadsMiddleware

ROUTER = PrimaryReplicaRouter()
MIDDLEWARE = "tracker.db_router.ReplicaReadsMiddleware"


@pytest.fixture
def replica_configured(settings, monkeypatch):
    """DATABASES has a `replica` alias, the router and middleware are on (as with the variable)."""
    replica = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    monkeypatch.setitem(settings.DATABASES, "replica", replica)
    settings.DATABASE_ROUTERS = ["tracker.db_router.PrimaryReplicaRouter"]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:2],
        MIDDLEWARE,
        *settings.MIDDLEWARE[2:],
    ]


def read_db_during(request, *, model=Meeting, atomic: bool = False) -> str:
    """Where the router sends a read of `model` while the middleware handles `request`."""
    seen = []

    def view(request):
        if atomic:
            with transaction.atomic():
                seen.append(ROUTER.db_for_read(model))
        else:
            seen.append(ROUTER.db_for_read(model))
        return HttpResponse()

    ReplicaReadsMiddleware(view)(request)
    return seen[0]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("get", "replica"),
        ("head", "replica"),
        ("options", "replica"),
        ("post", "default"),
        ("put", "default"),
        ("patch", "default"),
        ("delete", "default"),
    ],
)
def test_only_safe_requests_read_from_the_replica(replica_configured, rf, method, expected):
    assert read_db_during(getattr(rf, method)("/")) == expected


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_on_the_primary(replica_configured, rf):
    assert read_db_during(rf.get("/"), atomic=True) == "default"


def test_a_client_that_just_wrote_reads_from_the_primary(replica_configured, rf):
    write = ReplicaReadsMiddleware(lambda request: HttpResponse())(rf.post("/"))
    assert write.cookies[PIN_COOKIE]["max-age"] == db_router.PIN_SECONDS

    pinned = rf.get("/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert read_db_during(pinned) == "default"


def test_a_safe_request_sets_no_pin(replica_configured, rf):
    response = ReplicaReadsMiddleware(lambda request: HttpResponse())(rf.get("/"))
    assert PIN_COOKIE not in response.cookies


def test_sessions_are_read_from_the_primary(replica_configured, rf):
    # Logging in writes a session; the next page must find it even if the replica lags.
    assert read_db_during(rf.get("/"), model=Session) == "default"


def test_outside_a_request_everything_reads_from_the_primary(replica_configured):
    # Management commands, the shell, the test suite.
    assert ROUTER.db_for_read(Meeting) == "default"


def test_without_a_replica_every_read_goes_to_the_primary(rf):
    assert read_db_during(rf.get("/")) == "default"


def test_writes_and_migrations_only_on_the_primary(replica_configured):
    assert ROUTER.db_for_write(Meeting) == "default"
    assert ROUTER.allow_migrate("default", "negotiations")
    assert not ROUTER.allow_migrate("replica", "negotiations")


def test_records_from_either_database_may_relate():
    primary, replica = Meeting(), Meeting()
    primary._state.db, replica._state.db = "default", "replica"
    assert ROUTER.allow_relation(primary, replica) is True


def test_a_streamed_response_keeps_reading_from_the_replica(replica_configured, rf):
    def chunks():
        for _ in range(3):
            yield ROUTER.db_for_read(Meeting)

    response = ReplicaReadsMiddleware(lambda request: StreamingHttpResponse(chunks()))(rf.get("/"))

    # The server reads the chunks after the middleware has returned.
    assert b"".join(response.streaming_content) == b"replica" * 3


# Settings


def load_settings(**env) -> dict:
    return fresh_settings(
        {
            "databases": "s.DATABASES",
            "routers": "getattr(s, 'DATABASE_ROUTERS', [])",
            "middleware": "s.MIDDLEWARE",
        },
        unset={"DATABASE_URL", "DATABASE_REPLICA_URL"},
        **env,
    )


def test_database_replica_url_adds_the_replica_and_its_router():
    loaded = load_settings(
        DATABASE_URL="postgres://u:p@primary:5432/tracker",
        DATABASE_REPLICA_URL="postgres://u:p@replica:5432/tracker",
    )

    replica = loaded["databases"]["replica"]
    assert replica["HOST"] == "replica"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert replica["OPTIONS"]["pool"] == loaded["databases"]["default"]["OPTIONS"]["pool"]
    assert loaded["routers"] == ["tracker.db_router.PrimaryReplicaRouter"]
    assert MIDDLEWARE in loaded["middleware"]


@pytest.mark.parametrize("replica_url", [None, ""])
def test_without_database_replica_url_there_is_no_router(replica_url):
    env = {"DATABASE_URL": "postgres://u:p@primary:5432/tracker"}
    if replica_url is not None:
        env["DATABASE_REPLICA_URL"] = replica_url
    loaded = load_settings(**env)

    assert set(loaded["databases"]) == {"default"}
    assert loaded["routers"] == []
    assert MIDDLEWARE not in loaded["middleware"]


# Through the whole app, with the replica alias on the test database's own connection


@pytest.fixture
def reads(transactional_db, replica_configured, monkeypatch):
    """Every routing decision for a read of the tracker's records, in order.

    Transactional: the usual per-test transaction would keep every read on the primary.
    """
    connections["replica"] = connections["default"]
    seen: list[str] = []
    original = PrimaryReplicaRouter.db_for_read

    def spy(self, model, **hints):
        db = original(self, model, **hints)
        if model._meta.app_label == "negotiations":
            seen.append(db)
        return db

    monkeypatch.setattr(PrimaryReplicaRouter, "db_for_read", spy)
    yield seen
    del connections["replica"]


def test_api_reads_from_the_replica_until_a_write_pins_the_client(
    committed_article, analyst_api, reads
):
    listed = analyst_api.get(reverse("api:meeting-list"))
    assert listed.status_code == 200
    assert set(reads) == {"replica"}

    meeting = Meeting.objects.get(slug="florida-talks")
    url = reverse("api:meeting-detail", args=[meeting.pk])
    etag = analyst_api.get(url)["ETag"]
    changed = analyst_api.patch(url, {"summary": "Checked."}, HTTP_IF_MATCH=etag, format="json")
    assert changed.status_code == 200
    assert PIN_COOKIE in changed.cookies

    reads.clear()
    shown = analyst_api.get(url)
    assert shown.json()["summary"] == "Checked."
    assert set(reads) == {"default"}


def test_a_csv_download_reads_every_chunk_from_the_replica(client, reads, monkeypatch):
    # Factory meetings rather than the article: no citations, so no content types, which an
    # earlier transactional test's flush may have left stale in the process-wide cache.
    MeetingFactory.create_batch(3)
    monkeypatch.setattr(MeetingViewSet, "csv_chunk_size", 1)  # many chunks, read while streaming

    response = client.get(reverse("api:meeting-list"), {"format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    streamed_reads = list(reads)

    assert len(lines) == Meeting.objects.count() + 1
    # The first chunk is read in the view, the others (and their related records) while streaming.
    assert len(streamed_reads) > Meeting.objects.count()
    assert set(streamed_reads) == {"replica"}
