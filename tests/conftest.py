from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save

from negotiations.models.kinds import indexed_models
from negotiations.search.index import search_document_update
from negotiations.services.scope import service_writing
from negotiations.services.timeline import (
    TIMELINE_MODELS,
    Touched,
    timeline_refresh,
    timeline_touched,
    timeline_touched_stored,
)
from tests.factories import UserFactory, ensure_groups

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_FIXTURE = ROOT / "fixtures" / "2025-12-01-florida-talks.json"
ARTICLE_TEXT = ROOT / "fixtures" / "sources" / "2025-12-01-us-ukraine-florida-talks.txt"


def _remake_groups(sender, using, **kwargs):
    if sender.name == "negotiations":
        ensure_groups()


@pytest.fixture(scope="session", autouse=True)
def _groups_survive_a_flush():
    """A transactional test ends with a flush, which empties the groups the data migrations made;
    the flush then sends post_migrate (Django re-makes permissions there), and so do we the groups.
    Without it a test that reads them fails whenever a transactional test ran before it."""
    post_migrate.connect(_remake_groups, dispatch_uid="tests-remake-groups")
    yield
    post_migrate.disconnect(dispatch_uid="tests-remake-groups")


def _index_direct_saves(sender, instance, raw: bool = False, using: str = "default", **kwargs):
    if not raw and service_writing() is None:
        search_document_update(record=instance, using=using)


@pytest.fixture(scope="session", autouse=True)
def _test_data_is_searchable():
    """Factories and tests save records directly, outside the service layer, which indexes
    what it writes: index those saves too, as the app indexes fixture loads (raw saves).
    Service writes are left to the services, so their own indexing stays under test."""
    for model in indexed_models():
        post_save.connect(_index_direct_saves, sender=model, dispatch_uid="tests-index")
    yield
    for model in indexed_models():
        post_save.disconnect(sender=model, dispatch_uid="tests-index")


def _direct(raw: bool = False) -> bool:
    return not raw and service_writing() is None


def _timeline_before_save(sender, instance, raw: bool = False, **kwargs):
    if _direct(raw):
        instance._timeline_before = timeline_touched_stored(instance)


def _timeline_after_save(sender, instance, raw: bool = False, using: str = "default", **kwargs):
    if _direct(raw):
        before = getattr(instance, "_timeline_before", Touched())
        timeline_refresh(before | timeline_touched([instance]), using=using)


def _timeline_before_delete(sender, instance, **kwargs):
    if _direct():
        instance._timeline_before = timeline_touched([instance])


def _timeline_after_delete(sender, instance, using: str = "default", **kwargs):
    if _direct():
        timeline_refresh(getattr(instance, "_timeline_before", Touched()), using=using)


TIMELINE_RECEIVERS = [
    (pre_save, _timeline_before_save),
    (post_save, _timeline_after_save),
    (pre_delete, _timeline_before_delete),
    (post_delete, _timeline_after_delete),
]


@pytest.fixture(scope="session", autouse=True)
def _test_data_is_on_the_timeline():
    """The same for the timeline table: factories' direct saves and deletes keep it in step
    as the services do (loaddata's raw saves are the app's own receiver's)."""
    for signal, receiver in TIMELINE_RECEIVERS:
        for model in TIMELINE_MODELS:
            signal.connect(receiver, sender=model, dispatch_uid=f"tests-timeline-{model}")
    yield
    for signal, _ in TIMELINE_RECEIVERS:
        for model in TIMELINE_MODELS:
            signal.disconnect(sender=model, dispatch_uid=f"tests-timeline-{model}")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # A speed-up for tests only, as in cookiecutter-django's test settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_article() -> None:
    call_command("loaddata", ARTICLE_FIXTURE, verbosity=0)
    # As `make run` does: the loaded records' first history entries.
    call_command("initial_history", verbosity=0)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or {"transactional_db", "live_server"} & set(item.fixturenames)
    )


# Modules whose tests start interpreters, gunicorn or Redis clients: `make test-fast` skips them.
SLOW_MODULES = {"test_settings.py", "test_scaleout.py", "test_faults.py", "test_synthetic.py"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: starts subprocesses (skipped by make test-fast)")
    config.addinivalue_line(
        "markers", "validators: runs others' validators over the pages (tests/validators/)"
    )


def pytest_collection_modifyitems(items):
    """In each module, the tests that use `article` run last, in their order.

    The article is loaded once per module, in an outer transaction that those tests' own
    transactions nest in (as savepoints) and that is rolled back when the module ends; the other
    tests of the module run before it is opened, on an empty database as before.
    """
    module_order: dict = {}
    for item in items:
        if item.path.name in SLOW_MODULES and item.path.parent.name == "tests":
            item.add_marker(pytest.mark.slow)
        module_order.setdefault(item.module, len(module_order))
    items.sort(key=lambda item: (module_order[item.module], "article" in item.fixturenames))


@pytest.fixture(scope="module")
def _article_in_module(django_db_setup, django_db_blocker):
    """The article, loaded once for the module's tests that use it; rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_article()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def article(request, _article_in_module, db):
    """The shipped data: everything the Florida-talks article states.

    Loaded once per module (a load per test, 0.35 s, was a third of the suite's time); each test
    still rolls back its own changes. A test whose data another connection or the live server
    must see uses `committed_article` instead.
    """
    if _is_transactional(request.node):
        pytest.fail("`article` is rolled back; a transactional test uses `committed_article`")


@pytest.fixture
def committed_article(transactional_db):
    """The article, committed, for transactional tests; the flush after the test empties it."""
    load_article()


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst", groups=["Analysts"])


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", groups=["Viewers"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def analyst_api(api_client, analyst):
    """An API client with the analyst's token, as a script would use it."""
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=analyst)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


@pytest.fixture
def viewer_api(api_client, viewer):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=viewer)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client
