import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_links_the_admin_and_the_pages(article, client):
    page = client.get(reverse("negotiations:home")).content.decode()
    for url in ("admin:index", "negotiations:timeline", "negotiations:issue-board"):
        assert f'href="{reverse(url)}"' in page
    assert 'href="/frameworks/us-peace-framework/"' in page


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_home_page(client):
    from tests.factories import MeetingFactory

    MeetingFactory(title="<script>alert(1)</script>", status="scheduled")
    page = client.get(reverse("negotiations:home")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
