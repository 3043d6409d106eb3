"""A party is named the same way wherever a list filters by party: by its slug or its id, on
the API's lists, the timeline (page, JSON, CSV) and the calendar."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from negotiations import models as m


def party_filtered_paths() -> list[str]:
    """Every API list the schema says takes `?party=`."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        path
        for path, item in schema["paths"].items()
        if any(
            p["name"] == "party" and p["in"] == "query"
            for p in item.get("get", {}).get("parameters", [])
        )
    )


PATHS = party_filtered_paths()


def test_the_lists_that_filter_by_party_are_found():
    assert {"/api/v1/meetings/", "/api/v1/timeline/", "/api/v1/statements/"} <= set(PATHS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_every_party_filter_takes_the_slug_and_the_id_alike(path, article, api_client):
    ukraine = m.Party.objects.get(slug="ukraine")

    by_slug = api_client.get(path, {"party": "ukraine"})
    by_id = api_client.get(path, {"party": ukraine.pk})

    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json() == by_id.json()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_an_unknown_party_slug_is_a_400_naming_it(path, article, api_client):
    response = api_client.get(path, {"party": "atlantis"})

    assert response.status_code == 400
    assert response.json() == {"party": ["No party has the slug “atlantis”."]}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["ukr aine", "<b>", "1.5", "0"])
def test_a_value_that_is_neither_slug_nor_id_is_refused(value, article, api_client):
    response = api_client.get("/api/v1/meetings/", {"party": value})

    assert response.status_code == 400
    assert response.json() == {"party": ["Enter a party's id or slug."]}


@pytest.mark.django_db
def test_the_party_filter_narrows_the_list(article, api_client):
    # Not vacuous: the narrowed timeline is a strict part of the whole one.
    everything = api_client.get("/api/v1/timeline/", {"page_size": 100}).json()["results"]
    russia = api_client.get("/api/v1/timeline/", {"party": "russia", "page_size": 100}).json()
    assert 0 < len(russia["results"]) < len(everything)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["ukraine", "id"])
def test_the_timeline_page_takes_the_slug_or_the_id(value, article, client):
    ukraine = m.Party.objects.get(slug="ukraine")
    party = str(ukraine.pk) if value == "id" else value

    response = client.get("/timeline/", {"party": party})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="ukraine" selected>' in html
    assert f'href="/meetings.ics?party={party}"' in html
    # The CSV link carries the filter as it was given, and the API takes it.
    assert f"?format=csv&amp;party={party}" in html
    assert client.get("/api/v1/timeline/", {"party": party, "format": "csv"}).status_code == 200


@pytest.mark.django_db
def test_the_timeline_page_names_an_unknown_slug(article, client):
    response = client.get("/timeline/", {"party": "atlantis"})

    assert response.status_code == 400
    assert "No party has the slug “atlantis”." in response.content.decode()


def calendar(client, party) -> tuple[str, bytes]:
    window = {"from": "2025-01-01", "to": "2026-12-31"}  # the article's time, whatever today is
    response = client.get("/meetings.ics", {"party": party, **window})
    assert response.status_code == 200
    return response["Content-Disposition"], b"".join(response.streaming_content)


@pytest.mark.django_db
def test_the_calendar_takes_the_slug_or_the_id(article, client):
    ukraine = m.Party.objects.get(slug="ukraine")
    name, by_slug = calendar(client, "ukraine")
    same_name, by_id = calendar(client, ukraine.pk)

    assert name == same_name == 'inline; filename="meetings-ukraine.ics"'
    assert by_id.count(b"BEGIN:VEVENT") == by_slug.count(b"BEGIN:VEVENT") > 0
