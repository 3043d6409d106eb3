"""The shipped data holds what the article states, cites it verbatim, and loads idempotently."""

import json

import pytest
from django.core.management import call_command

from negotiations.models import (
    Citation,
    Delegation,
    DelegationMember,
    Development,
    FrameworkPoint,
    FrameworkVersion,
    Meeting,
    Place,
    Position,
    Role,
    Source,
    Statement,
)
from negotiations.models.kinds import cited_models, tracked_models
from tests.conftest import ARTICLE_FIXTURE, ARTICLE_TEXT

ARTICLE = ARTICLE_TEXT.read_text(encoding="utf-8")
RECORDS = json.loads(ARTICLE_FIXTURE.read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in tracked_models()}


@pytest.mark.django_db
def test_loading_the_fixtures_twice_leaves_the_same_rows():
    call_command("loaddata", ARTICLE_FIXTURE, verbosity=0)
    first = row_counts()
    call_command("loaddata", ARTICLE_FIXTURE, verbosity=0)
    assert row_counts() == first
    assert first["negotiations.Meeting"] == 3
    assert first["negotiations.Citation"] == sum(
        1 for r in RECORDS if r["model"] == "negotiations.citation"
    )


@pytest.mark.parametrize(
    "excerpt",
    [r["fields"]["excerpt"] for r in RECORDS if r["model"] == "negotiations.citation"],
)
def test_every_fixture_excerpt_occurs_in_the_article(excerpt):
    assert excerpt in ARTICLE


@pytest.mark.parametrize(
    "text", [r["fields"]["text"] for r in RECORDS if r["model"] == "negotiations.statement"]
)
def test_every_quote_is_verbatim_from_the_article(text):
    assert text in ARTICLE


@pytest.mark.django_db
def test_the_source_record_carries_the_shipped_article(article):
    source = Source.objects.get()
    assert source.text == ARTICLE
    assert source.published_date.isoformat() == "2025-12-01"
    assert source.dateline == "London, UK"
    assert source.publisher == ""  # the article does not name its publisher


@pytest.mark.django_db
def test_every_record_cites_the_article(article):
    uncited = []
    for model in cited_models():
        for record in model.objects.filter(citations__isnull=True):
            uncited.append(f"{model._meta.label} {record.pk}: {record}")
    assert uncited == []


@pytest.mark.django_db
def test_every_fixture_record_passes_model_validation(article):
    for model in tracked_models():
        for record in model.objects.all():
            record.full_clean()  # includes the excerpt-in-source check on citations


@pytest.mark.django_db
def test_florida_meeting_is_recorded_as_the_article_describes_it(article):
    meeting = Meeting.objects.select_related("place").get(slug="florida-talks")
    assert meeting.status == Meeting.Status.HELD
    assert meeting.duration_minutes == 240
    assert (meeting.place.venue, meeting.place.locality) == ("Private club", "Hallandale Beach")
    # The article never gives the day: the date stays unknown rather than guessed.
    assert (meeting.date, meeting.date_precision) == (None, "unknown")
    assert "productive" in meeting.characterisation

    delegations = {
        d.party.slug: {m.person.name: m.role for m in d.memberships.select_related("person")}
        for d in Delegation.objects.filter(meeting=meeting).select_related("party")
    }
    assert delegations == {
        "united-states": {
            "Marco Rubio": "head",
            "Steve Witkoff": "member",
            "Jared Kushner": "member",
        },
        "ukraine": {"Rustem Umerov": "head"},
    }


@pytest.mark.django_db
def test_meetings_follow_the_process_order_geneva_florida_moscow(article):
    assert list(Meeting.objects.values_list("slug", "status", "date_precision")) == [
        ("geneva-talks", "held", "unknown"),
        ("florida-talks", "held", "unknown"),
        ("moscow-visit", "scheduled", "week"),
    ]


@pytest.mark.django_db
def test_framework_versions_declare_28_and_19_points_and_know_only_a_few(article):
    versions = {
        v.slug: v for v in FrameworkVersion.objects.with_point_counts().select_related("supersedes")
    }
    draft, revision = versions["28-point-draft"], versions["19-point-revision"]
    assert (draft.declared_points, draft.known_points, draft.status) == (28, 2, "superseded")
    assert (revision.declared_points, revision.known_points) == (19, 1)
    assert revision.supersedes == draft
    # The article numbers none of the points it names.
    assert not revision.points.exclude(number=None).exists()


@pytest.mark.django_db
def test_unnamed_former_chief_negotiator_is_a_role_that_ended(article):
    role = Role.objects.ended().get()
    assert role.person is None
    assert role.title == "Chief negotiator"
    assert role.end_date is None
    assert str(role) == "name not reported: former Chief negotiator (Ukraine)"


@pytest.mark.django_db
def test_nothing_the_article_does_not_give_is_filled_in(article):
    assert not Place.objects.exclude(country_code="").exists()
    assert not Place.objects.filter(latitude__isnull=False).exists()
    assert not Statement.objects.exclude(date=None).exists()
    assert not Role.objects.exclude(start_date=None).exists()


@pytest.mark.django_db
def test_direct_quotes_are_on_the_record_and_sourcing_is_attributed(article):
    quotes = Citation.objects.filter(content_type__model="statement")
    assert set(quotes.values_list("attribution", flat=True)) == {"on_record"}
    issue_sources = Citation.objects.filter(content_type__model="stickingissue")
    assert set(issue_sources.values_list("attribution", flat=True)) == {"anonymous"}


@pytest.mark.django_db
def test_the_shipped_data_says_no_more_than_the_article(article):
    """Issue 15, section 1: each record keeps the article's hedges and claims nothing beyond."""
    # The gas-infrastructure commitment is a US push, not a point of the revision.
    assert not FrameworkPoint.objects.filter(title__icontains="gas").exists()
    push = Development.objects.get(slug="us-gas-infrastructure-push")
    assert "The US is also pushing" in push.citations.get().excerpt
    # The 28-point draft is US-authored; the Washington-Moscow discussions are where it was
    # developed, not a second author.
    draft = FrameworkVersion.objects.get(slug="28-point-draft")
    assert list(draft.authors.values_list("slug", flat=True)) == ["united-states"]
    assert draft.citations.filter(excerpt__contains="US-authored").exists()
    assert draft.citations.filter(excerpt__contains="Washington-Moscow discussions").exists()
    # The resignation is "recent", no more.
    resignation = Development.objects.get(slug="chief-negotiator-resignation")
    assert "shortly" not in resignation.summary
    assert "recent resignation" in resignation.summary
    # No rounds and no "first stop": the order is an inference from one sentence.
    for meeting in Meeting.objects.all():
        assert "first stop" not in meeting.summary
        assert meeting.citations.filter(
            attribution="inference", excerpt__contains="from Geneva to Florida"
        ).exists()
    # Russia's rejection stays in the past tense and its stance claims no more.
    russia = Position.objects.get(party__slug="russia")
    assert russia.stated_position.startswith("Has, in the past, publicly rejected")
    assert russia.stance == Position.Stance.UNCLEAR
    # Many Ukrainian and European officials, not the Ukrainian state, saw the limits as
    # unacceptable: recording it as Ukraine's stance is marked an inference.
    for position in Position.objects.filter(point__isnull=False):
        assert position.stated_position.startswith("Many Ukrainian and European officials")
        if position.party.slug == "ukraine":
            assert position.citations.get().attribution == Citation.Attribution.INFERENCE
    # Putin is in no delegation; Witkoff is expected to present the framework to him.
    assert not DelegationMember.objects.filter(person__slug="vladimir-putin").exists()
    moscow = Meeting.objects.get(slug="moscow-visit")
    assert "expected to present the updated framework to Russian President" in moscow.summary
    # The 19-point count keeps its hedge.
    revision = FrameworkVersion.objects.get(slug="19-point-revision")
    assert "reportedly" in revision.label
    count = revision.citations.get(excerpt__startswith="the framework, now reportedly")
    assert (count.attribution, "reportedly reduced" in count.excerpt) == ("reported", True)
    assert revision.declared_points_basis == FrameworkVersion.PointCountBasis.REPORTED
    assert revision.declared_points_label == "reportedly 19"
    assert draft.declared_points_label == "28"
