import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_links_the_admin_and_shows_what_is_known(
    article, client, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get(reverse("negotiations:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("admin:index")}"' in page
    assert "2 of 28 points known" in page
    assert "week of 1 Dec 2025" in page  # the Moscow visit, at the precision the article gives
    assert "date not reported" in page


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_home_page(client):
    from tests.factories import MeetingFactory

    MeetingFactory(title="<script>alert(1)</script>")
    page = client.get(reverse("negotiations:home")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
