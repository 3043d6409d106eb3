"""Any number of web workers and containers can serve: nothing a request needs lives in one."""

import os
import subprocess
import sys
import tempfile

import pytest
import yaml
from django.conf import settings

from negotiations.models import Meeting
from tests.conftest import ROOT
from tests.fresh_settings import fresh_settings
from tests.test_imports import import_url, upload

SHARED_NOTHING_VARIABLES = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}


def load_settings(**env) -> dict:
    """tracker.settings imported in a fresh interpreter with these variables."""
    return fresh_settings(
        {
            "caches": "s.CACHES",
            "session": "s.SESSION_ENGINE",
            "messages": "s.MESSAGE_STORAGE",
            "import_storage": "s.IMPORT_EXPORT_TMP_STORAGE_CLASS",
        },
        unset=SHARED_NOTHING_VARIABLES,
        **env,
    )


LOCAL_BACKENDS = ("locmem", "filebased", "dummy")


@pytest.mark.parametrize("redis_url", ["", "redis://127.0.0.1:6379/0"])
def test_sessions_messages_and_cache_are_shared_by_every_worker(redis_url):
    loaded = load_settings(REDIS_URL=redis_url)

    assert loaded["session"] == "django.contrib.sessions.backends.db"
    # Messages ride in the cookie, overflowing into the (database) session.
    assert loaded["messages"] == "django.contrib.messages.storage.fallback.FallbackStorage"
    assert not any(local in loaded["caches"]["default"]["BACKEND"] for local in LOCAL_BACKENDS)
    assert loaded["import_storage"] == "import_export.tmp_storages.CacheStorage"


def test_redis_url_puts_the_cache_on_redis():
    cache = load_settings(REDIS_URL="redis://127.0.0.1:6379/0")["caches"]["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }


def test_without_redis_the_cache_is_a_database_table():
    cache = load_settings()["caches"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_suite_runs_with_the_shared_settings():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert "locmem" not in settings.CACHES["default"]["BACKEND"]


def test_admin_import_confirms_on_another_worker(article, analyst_client, tmp_path, monkeypatch):
    # Two workers in two containers: each has its own temporary directory.
    preview_dir, confirm_dir = tmp_path / "worker-a", tmp_path / "worker-b"
    preview_dir.mkdir()
    confirm_dir.mkdir()
    before = Meeting.objects.count()

    monkeypatch.setattr(tempfile, "tempdir", str(preview_dir))
    preview = upload(analyst_client, "meetings", "meetings.csv")
    assert preview.status_code == 200
    assert list(preview_dir.iterdir()) == []  # the upload waits in the shared cache

    monkeypatch.setattr(tempfile, "tempdir", str(confirm_dir))
    done = analyst_client.post(
        import_url("meetings", "process_import"), preview.context["confirm_form"].initial
    )

    assert done.status_code == 302
    assert Meeting.objects.count() == before + 2


# docker-compose.yml: `docker compose up --scale web=3` behind one proxy


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_web_replicas_publish_no_host_port_and_have_no_fixed_name(compose):
    web = compose["services"]["web"]
    assert "ports" not in web
    assert "container_name" not in web
    assert web["expose"] == ["8000"]


def test_only_the_proxy_publishes_a_port_and_it_balances_over_web(compose):
    published = {name for name, svc in compose["services"].items() if svc.get("ports")}
    assert published == {"proxy"}
    proxy_config = compose["configs"]["nginx-proxy"]["content"]
    assert "resolver 127.0.0.11" in proxy_config
    assert "http://web:8000" in proxy_config
    assert "proxy_set_header X-Forwarded-Proto $$scheme;" in proxy_config


def test_one_service_migrates_before_any_web_replica_starts(compose):
    services = compose["services"]
    migrating = {name for name, svc in services.items() if "migrate" in str(svc.get("command"))}
    assert migrating == {"migrate"}
    assert services["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert "createcachetable" in services["migrate"]["command"]


def test_web_and_migrate_get_the_same_environment(compose):
    web, migrate = compose["services"]["web"], compose["services"]["migrate"]
    assert web["environment"] == migrate["environment"]
    assert {"DATABASE_URL", "SECRET_KEY", "DATABASE_REPLICA_URL", "REDIS_URL"} <= set(
        web["environment"]
    )


def redis_is_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_one_process_reads_what_another_cached():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "SECRET_KEY": "x" * 50}
    key = f"scaleout-test-{os.getpid()}"

    def run(statement: str) -> str:
        code = f"import django; django.setup(); from django.core.cache import cache; {statement}"
        env["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    run(f"cache.set({key!r}, 'from worker a', 30)")
    assert run(f"print(cache.get({key!r})); cache.delete({key!r})") == "from worker a"
