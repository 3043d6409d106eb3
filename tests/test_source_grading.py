"""Source grading, the Admiralty system (NATO STANAG 2511): a source's reliability A to F, a
citation's information credibility 1 to 6, "F6" (neither judged) unless an analyst grades them."""

import html
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from negotiations import models as m
from tests import factories as f
from tests.api.test_permissions import etag


def graded_meeting(reliability: str = "B", credibility: str = "2") -> m.Citation:
    """A meeting cited once, by a source graded `reliability` for information `credibility`."""
    source = f.SourceFactory(title="Graded report", reliability=reliability)
    return f.CitationFactory(
        source=source, content_object=f.MeetingFactory(), credibility=credibility
    )


def badges(content: str) -> list[tuple[str, str, str]]:
    """Each grade badge on a page: (its title, what it shows, what a screen reader reads)."""
    found = re.findall(
        r'<span class="badge grade" title="([^"]*)"><span aria-hidden="true">([^<]*)</span>'
        r'<span class="visually-hidden">([^<]*)</span></span>',
        content,
    )
    return [tuple(html.unescape(part) for part in badge) for badge in found]


B2 = (
    "Source B: usually reliable; information 2: probably true.",
    "B2",
    "Graded B2. Source B: usually reliable; information 2: probably true.",
)


# --- The records ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_sources_and_citations_are_not_graded_until_an_analyst_grades_them():
    citation = f.CitationFactory()
    citation.refresh_from_db()
    assert (citation.source.reliability, citation.credibility) == ("F", "6")
    assert citation.grade == "F6"
    assert citation.grade_meaning == (
        "Source F: reliability cannot be judged; information 6: truth cannot be judged."
    )


def test_the_article_gives_no_grades_so_its_records_keep_the_defaults(article):
    assert set(m.Source.objects.values_list("reliability", flat=True)) == {"F"}
    assert set(m.Citation.objects.values_list("credibility", flat=True)) == {"6"}


def test_the_scales_are_the_admiralty_systems():
    assert m.Source.Reliability.choices == [
        ("A", "Completely reliable"),
        ("B", "Usually reliable"),
        ("C", "Fairly reliable"),
        ("D", "Not usually reliable"),
        ("E", "Unreliable"),
        ("F", "Reliability cannot be judged"),
    ]
    assert m.Citation.Credibility.choices == [
        ("1", "Confirmed by other sources"),
        ("2", "Probably true"),
        ("3", "Possibly true"),
        ("4", "Doubtful"),
        ("5", "Improbable"),
        ("6", "Truth cannot be judged"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field", "bad"),
    [
        (m.Source, "reliability", "G"),
        (m.Source, "reliability", "a"),
        (m.Source, "reliability", ""),
        (m.Citation, "credibility", "7"),
        (m.Citation, "credibility", "0"),
        (m.Citation, "credibility", ""),
    ],
)
def test_the_database_refuses_a_grade_off_the_scale(model, field, bad):
    citation = f.CitationFactory()
    record = citation if model is m.Citation else citation.source
    constraint = f"{model._meta.model_name}_{field}_valid"
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.filter(pk=record.pk).update(**{field: bad})
    # And a record's own check says which field, as the services' full_clean() does.
    setattr(record, field, bad)
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert field in refused.value.message_dict


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_shows_the_grades_on_sources_citations_and_embedded_citations(client):
    citation = graded_meeting()
    party_citation = f.CitationFactory(
        source=citation.source, content_object=f.PartyFactory(), credibility="3"
    )

    source = client.get(f"/api/v1/sources/{citation.source.pk}/").json()
    assert source["reliability"] == "B"
    assert client.get(f"/api/v1/citations/{citation.pk}/").json()["credibility"] == "2"

    # Embedded in a meeting, one (a detail) or a page of them (read as plain rows), and in
    # any other record (the serializer's path): the same keys and values.
    embedded = {"source_reliability": "B", "credibility": "2"}
    detail = client.get(f"/api/v1/meetings/{citation.object_id}/").json()["citations"]
    listed = client.get("/api/v1/meetings/").json()["results"]
    [in_list] = [row for row in listed if row["id"] == citation.object_id]
    assert detail == in_list["citations"]
    assert [{key: c[key] for key in embedded} for c in detail] == [embedded]
    party = client.get(f"/api/v1/parties/{party_citation.object_id}/").json()["citations"]
    assert list(party[0]) == list(detail[0])
    assert (party[0]["source_reliability"], party[0]["credibility"]) == ("B", "3")


@pytest.mark.django_db
def test_analysts_grade_through_the_api_and_a_grade_off_the_scale_is_a_400(analyst_api):
    citation = f.CitationFactory()
    source_url = f"/api/v1/sources/{citation.source.pk}/"
    citation_url = f"/api/v1/citations/{citation.pk}/"

    bad = analyst_api.patch(
        source_url, {"reliability": "G"}, format="json", HTTP_IF_MATCH=etag(analyst_api, source_url)
    )
    assert bad.status_code == 400
    assert list(bad.json()) == ["reliability"]
    bad = analyst_api.patch(
        citation_url,
        {"credibility": "7"},
        format="json",
        HTTP_IF_MATCH=etag(analyst_api, citation_url),
    )
    assert bad.status_code == 400
    assert list(bad.json()) == ["credibility"]
    created = analyst_api.post(
        "/api/v1/sources/", {"title": "New report", "reliability": "0"}, format="json"
    )
    assert created.status_code == 400
    assert "reliability" in created.json()

    graded = analyst_api.patch(
        source_url, {"reliability": "C"}, format="json", HTTP_IF_MATCH=etag(analyst_api, source_url)
    )
    assert (graded.status_code, graded.json()["reliability"]) == (200, "C")
    graded = analyst_api.patch(
        citation_url,
        {"credibility": "1"},
        format="json",
        HTTP_IF_MATCH=etag(analyst_api, citation_url),
    )
    assert (graded.status_code, graded.json()["credibility"]) == (200, "1")
    citation.refresh_from_db()
    assert citation.grade == "C1"
    created = analyst_api.post(
        "/api/v1/sources/", {"title": "New report"}, format="json"
    )  # ungraded: F
    assert (created.status_code, created.json()["reliability"]) == (201, "F")


@pytest.mark.django_db
def test_sources_filter_by_reliability_and_citations_by_credibility(client):
    graded = graded_meeting("B", "2")
    other = f.CitationFactory()  # F6

    def ids(path, query):
        response = client.get(path, query)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("/api/v1/sources/", {"reliability": "B"}) == [graded.source.pk]
    assert ids("/api/v1/sources/", {"reliability": "F"}) == [other.source.pk]
    assert ids("/api/v1/citations/", {"credibility": "2"}) == [graded.pk]
    assert ids("/api/v1/citations/", {"credibility": "6"}) == [other.pk]
    for path, name in (("/api/v1/sources/", "reliability"), ("/api/v1/citations/", "credibility")):
        refused = client.get(path, {name: "Z"})
        assert refused.status_code == 400
        assert name in refused.json()


# --- The pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_meeting_page_shows_each_citations_grade_with_its_meaning_and_the_legend(client):
    citation = graded_meeting()
    content = client.get(citation.content_object.get_absolute_url()).content.decode()
    assert badges(content) == [B2]
    assert '<details class="grading">' in content
    assert '<th scope="row">E</th><td>Unreliable</td>' in content
    assert '<th scope="row">5</th><td>Improbable</td>' in content


@pytest.mark.django_db
def test_the_source_page_shows_its_reliability_and_each_claims_grade(client):
    citation = graded_meeting()
    f.CitationFactory(source=citation.source, content_object=f.PartyFactory())  # B6
    content = client.get(citation.source.get_absolute_url()).content.decode()
    facts = re.search(r'<dl class="facts">.*?</dl>', content, re.S).group()
    assert re.search(
        r"<dt>Reliability</dt><dd><span class=\"badge grade\" "
        r'title="Source reliability B: usually reliable">B</span> Usually reliable</dd>',
        facts,
    )
    assert [badge[1] for badge in badges(content)] == ["B2", "B6"]
    assert B2 in badges(content)
    assert '<details class="grading">' in content


@pytest.mark.django_db
def test_an_issue_page_grades_the_citations_of_its_positions(client):
    position = f.PositionFactory()
    f.CitationFactory(
        content_object=position, source=f.SourceFactory(reliability="B"), credibility="2"
    )
    assert badges(client.get(position.issue.get_absolute_url()).content.decode()) == [B2]


# --- The admin --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_edits_and_filters_the_grades(admin_client):
    citation = graded_meeting()
    f.CitationFactory()  # F6, which the filters leave out

    sources = reverse("admin:negotiations_source_changelist")
    response = admin_client.get(sources, {"reliability__exact": "B"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [citation.source]
    assert "By reliability" in response.content.decode()

    citations = reverse("admin:negotiations_citation_changelist")
    for query in ({"credibility__exact": "2"}, {"source__reliability__exact": "B"}):
        response = admin_client.get(citations, query)
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [citation]
    content = admin_client.get(citations).content.decode()
    assert "By credibility" in content
    assert "By reliability" in content

    # The source's form, the citation's, and the inline of citations on the cited record.
    source_form = admin_client.get(
        reverse("admin:negotiations_source_change", args=[citation.source.pk])
    )
    assert 'name="reliability"' in source_form.content.decode()
    citation_form = admin_client.get(
        reverse("admin:negotiations_citation_change", args=[citation.pk])
    )
    assert 'name="credibility"' in citation_form.content.decode()
    meeting_form = admin_client.get(
        reverse("admin:negotiations_meeting_change", args=[citation.object_id])
    ).content.decode()
    assert re.search(r'name="[^"]*citation[^"]*-0-credibility"', meeting_form)


# --- Backups ----------------------------------------------------------------------------------


@pytest.fixture
def _fresh_content_type_cache():
    yield
    ContentType.objects.clear_cache()  # see tests/test_backup.py


@pytest.mark.django_db
@pytest.mark.usefixtures("_fresh_content_type_cache")
def test_a_backup_keeps_the_grades(tmp_path):
    citation = graded_meeting("A", "1")
    call_command("export_dataset", str(tmp_path / "backup.json"), verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_dataset", str(tmp_path / "backup.json"), stdout=io.StringIO())
    restored = m.Citation.objects.select_related("source").get(pk=citation.pk)
    assert restored.grade == "A1"
