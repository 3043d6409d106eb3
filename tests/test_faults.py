"""The database going away: a 503 page or JSON error (never a traceback), and recovery after.

The first tests fail every query through Django's own hook (connection.execute_wrapper), on
either database. The last runs the app under gunicorn on PostgreSQL, takes the database away
(new connections refused, open ones terminated with pg_terminate_backend) and brings it back.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

from negotiations.models import Meeting
from tests.factories import MeetingFactory

ROOT = Path(__file__).resolve().parent.parent


def database_gone(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def bug(execute, sql, params, many, context):
    raise ZeroDivisionError("a bug, not the database")


@pytest.fixture
def browser_client(db) -> Client:
    # As a browser or script sees it: the error becomes a response instead of a test failure.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api/v1/meetings/", "json"),
        ("/api/v1/timeline/", "json"),
        ("/timeline/", "html"),
        ("/issues/", "html"),
        ("/changes/", "html"),
    ],
)
def test_reads_answer_503_while_the_database_is_away(browser_client, path, kind):
    with connection.execute_wrapper(database_gone):
        response = browser_client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Traceback" not in body
    assert "server closed the connection" not in body  # the driver's words stay in the log
    if kind == "json":
        assert response["Content-Type"] == "application/json"
        assert "database cannot be reached" in response.json()["detail"]
    else:
        assert "Temporarily unavailable" in body


@pytest.mark.django_db
def test_a_write_answers_503_and_changes_nothing(browser_client, analyst):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=analyst)
    before = Meeting.objects.count()

    with connection.execute_wrapper(database_gone):
        response = browser_client.post(
            "/api/v1/meetings/",
            {"title": "Talks", "status": "planned"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )

    assert response.status_code == 503
    assert Meeting.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/meetings/", "/timeline/"])
def test_any_other_failure_is_a_plain_500_without_a_traceback(browser_client, path):
    with connection.execute_wrapper(bug):
        response = browser_client.get(path)

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "ZeroDivisionError" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode()


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def set_database_away(away: bool) -> None:
    """Refuse (or allow again) new connections to the test database; drop the app's open ones.

    From a connection to the `postgres` database: PostgreSQL won't close the one in use.
    """
    import psycopg

    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]  # the test's own connection stays
    admin = psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )
    with admin:
        name = connection.ops.quote_name(db["NAME"])
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {'false' if away else 'true'}")
        if away:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [db["NAME"], ours],
            )


@pytest.fixture
def gunicorn(request, transactional_db, tmp_path):
    """The app under gunicorn (DEBUG off, one worker) on the test database."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DATABASE_URL": database_url(),
        "DATABASE_POOL": request.param,
        "DATABASE_POOL_MIN_SIZE": "1",
        "DATABASE_POOL_MAX_SIZE": "1",
        "DATABASE_POOL_TIMEOUT": "2",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "tracker.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if fetch(f"{base}/api/v1/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail((tmp_path / "gunicorn.log").read_text())
        yield base
    finally:
        set_database_away(False)
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stops and restarts PostgreSQL")
@pytest.mark.parametrize("gunicorn", ["1", "0"], ids=["pooled", "unpooled"], indirect=True)
def test_postgresql_going_away_gives_503_and_the_app_recovers_when_it_returns(gunicorn):
    MeetingFactory(title="Talks in Geneva")
    assert fetch(f"{gunicorn}/api/v1/meetings/")[0] == 200  # a connection is open (and pooled)

    set_database_away(True)
    status, kind, body = fetch(f"{gunicorn}/api/v1/meetings/")
    assert (status, kind) == (503, "application/json")
    assert "database cannot be reached" in body
    status, kind, body = fetch(f"{gunicorn}/timeline/")
    assert (status, kind) == (503, "text/html")
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body

    set_database_away(False)
    deadline = time.monotonic() + 30
    while (status := fetch(f"{gunicorn}/api/v1/meetings/")[0]) != 200:
        assert time.monotonic() < deadline, f"still {status} 30 s after the database returned"
        time.sleep(0.5)
    status, _, body = fetch(f"{gunicorn}/timeline/")
    assert status == 200
    assert "Talks in Geneva" in body
