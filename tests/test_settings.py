"""Settings come from the environment, with safe defaults."""

import os
import re
import secrets
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT
from tests.fresh_settings import fresh_settings

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
    result = load_settings(
        DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="tracker.example.org", DATABASE_URL=url
    )
    assert result.returncode == 0, result.stderr
    assert f'"engine": "{engine}"' in result.stdout


def test_postgresql_uses_the_psycopg_connection_pool():
    result = load_settings(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="tracker.example.org",
        DATABASE_URL="postgres://u:p@db/tracker",
    )
    assert '"pool": {"min_size": 2, "max_size": 10' in result.stdout


def test_production_defaults_redirect_to_https_and_read_allowed_hosts():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="tracker.example.org")
    assert '"ssl": true' in result.stdout
    assert '"hosts": ["tracker.example.org"]' in result.stdout


def test_allowed_hosts_is_required_when_debug_is_off():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_debug_answers_on_localhost_without_allowed_hosts():
    result = load_settings(DEBUG="1")
    assert '"hosts": []' in result.stdout  # Django then allows localhost, 127.0.0.1 and [::1]


# What DEBUG changes and what it does not.

HTTPS_SETTINGS = {
    "ssl_redirect": "getattr(s, 'SECURE_SSL_REDIRECT', False)",
    "session_cookie_secure": "getattr(s, 'SESSION_COOKIE_SECURE', False)",
    "csrf_cookie_secure": "getattr(s, 'CSRF_COOKIE_SECURE', False)",
    "hsts_seconds": "getattr(s, 'SECURE_HSTS_SECONDS', 0)",
    "proxy_ssl_header": "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)",
}
HEADER_SETTINGS = {
    "csp": "s.CONTENT_SECURITY_POLICY",
    "middleware": "s.MIDDLEWARE",
    "nosniff": "s.SECURE_CONTENT_TYPE_NOSNIFF",
    "referrer": "s.SECURE_REFERRER_POLICY",
    "opener": "s.SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "frames": "s.X_FRAME_OPTIONS",
}
TLS_VARIABLES = {
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
}


def security_settings(**env) -> dict:
    return fresh_settings({**HTTPS_SETTINGS, **HEADER_SETTINGS}, unset=TLS_VARIABLES, **env)


def test_debug_serves_plain_http_with_the_same_headers():
    development = security_settings(DEBUG="1")
    production = security_settings(DEBUG="0", ALLOWED_HOSTS="tracker.example.org")

    # Local development over http://127.0.0.1:8000/: no redirect, cookies sent over plain http.
    assert {key: development[key] for key in HTTPS_SETTINGS} == {
        "ssl_redirect": False,
        "session_cookie_secure": False,
        "csrf_cookie_secure": False,
        "hsts_seconds": 0,
        "proxy_ssl_header": None,
    }
    assert {key: production[key] for key in HTTPS_SETTINGS} == {
        "ssl_redirect": True,
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
        "hsts_seconds": 31536000,
        "proxy_ssl_header": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    # CSP and the other headers do not depend on DEBUG.
    for key in HEADER_SETTINGS:
        assert development[key] == production[key], key
    assert "csp.middleware.CSPMiddleware" in production["middleware"]


def test_hsts_and_the_proxy_header_come_from_the_environment():
    loaded = fresh_settings(
        {
            "hsts": "[s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
            " s.SECURE_HSTS_PRELOAD]",
            "proxy_ssl_header": "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)",
        },
        unset=TLS_VARIABLES,
        DEBUG="0",
        ALLOWED_HOSTS="tracker.example.org",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_PROXY_SSL_HEADER="0",
    )
    assert loaded == {"hsts": [3600, False, False], "proxy_ssl_header": None}


# docker-compose.yml's production profile passes `manage.py check --deploy`.

COMPOSE_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str, shell: dict[str, str]) -> str:
    """`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}` and `$$`, as compose
    reads them."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        value = shell.get(name)
        if op in (":?", "?") and (value is None or (op == ":?" and value == "")):
            raise KeyError(f"{name}: {arg}")
        if op == ":-" and not value:
            return arg
        if op == "-" and value is None:
            return arg
        return value or ""

    return COMPOSE_VARIABLE.sub(replace, value)


def compose_environment(service: str, shell: dict[str, str]) -> dict[str, str]:
    """The environment docker-compose.yml gives `service`; `shell`: the caller's variables."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["services"][service]["environment"]
    return {name: interpolate(str(value), shell) for name, value in environment.items()}


def test_compose_requires_a_secret_key_and_allowed_hosts():
    with pytest.raises(KeyError, match="SECRET_KEY"):
        compose_environment("web", {"ALLOWED_HOSTS": "tracker.example.org"})
    with pytest.raises(KeyError, match="ALLOWED_HOSTS"):
        compose_environment("web", {"SECRET_KEY": secrets.token_urlsafe(50)})


def test_compose_production_profile_passes_the_deployment_checks():
    # Only what compose asks for: every other variable takes compose's default.
    shell = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "tracker.example.org"}
    environment = compose_environment("web", shell)
    assert environment["DEBUG"] == "0"
    assert environment["SECURE_SSL_REDIRECT"] == "1"
    # Nothing of the test run's own environment (its settings, DJANGO_ALLOW_ASYNC_UNSAFE).
    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
