"""Signing in lands on a page that exists."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

PASSWORD = "correct horse battery staple"  # tests/factories.py's UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Analysts", "Viewers"])
def test_a_sign_in_without_a_next_page_lands_on_the_admin(group):
    """A login form posted without `next` (a bookmark, a script) went to /accounts/profile/,
    which is no page here."""
    user = f.UserFactory(username="someone", groups=[group])
    client = Client()

    response = client.post(reverse("admin:login"), {"username": "someone", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert landing.wsgi_request.user == user
