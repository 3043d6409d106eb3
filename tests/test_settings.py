"""Settings come from the environment, with safe defaults."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "STATICFILES_BACKEND",
}


def load_settings(**env) -> subprocess.CompletedProcess:
    """Import tracker.settings in a fresh interpreter with exactly these variables."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    code = (
        "import json, tracker.settings as s; db = s.DATABASES['default']; "
        "print(json.dumps({'engine': db['ENGINE'], 'options': db.get('OPTIONS', {}),"
        " 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS,"
        " 'ssl': getattr(s, 'SECURE_SSL_REDIRECT', None)}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_debug_runs_without_a_secret_key_on_sqlite_in_var():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"debug": true' in result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://u:p@db:5432/tracker", "django.db.backends.postgresql"),
        ("sqlite:////tmp/other.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_url_chooses_the_database(url, engine):
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert f'"engine": "{engine}"' in result.stdout


def test_postgresql_uses_the_psycopg_connection_pool():
    result = load_settings(SECRET_KEY="x" * 50, DATABASE_URL="postgres://u:p@db/tracker")
    assert '"pool": {"min_size": 2, "max_size": 10}' in result.stdout


def test_production_defaults_redirect_to_https_and_read_allowed_hosts():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="tracker.example.org")
    assert '"ssl": true' in result.stdout
    assert '"hosts": ["tracker.example.org"]' in result.stdout
