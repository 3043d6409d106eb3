from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_FIXTURE = ROOT / "fixtures" / "2025-12-01-florida-talks.json"
ARTICLE_TEXT = ROOT / "fixtures" / "sources" / "2025-12-01-us-ukraine-florida-talks.txt"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # A speed-up for tests only, as in cookiecutter-django's test settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def article(db):
    """The shipped data: everything the Florida-talks article states."""
    call_command("loaddata", ARTICLE_FIXTURE, verbosity=0)
    # As `make run` does: the loaded records' first history entries.
    call_command("initial_history", verbosity=0)


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
