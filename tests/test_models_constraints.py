"""Every rule is a named database constraint, and breaking it gives a clear error."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from negotiations.models import DatePrecision
from tests import factories as f

DAY = DatePrecision.DAY
D1, D2 = datetime.date(2025, 12, 1), datetime.date(2025, 11, 30)


def point_with_taken_number():
    taken = f.FrameworkPointFactory(number=3)
    return f.FrameworkPointFactory.build(version=taken.version, number=3)


def second_head():
    head = f.DelegationMemberFactory(role="head")
    return f.DelegationMemberFactory.build(
        delegation=head.delegation, person=f.PersonFactory(), role="head"
    )


def lineage(kind, *, earlier=True, later=True):
    old = f.FrameworkVersionFactory()
    new = f.FrameworkVersionFactory(framework=old.framework, supersedes=old)
    return f.PointLineageFactory.build(
        kind=kind,
        from_point=f.FrameworkPointFactory(version=old) if earlier else None,
        to_point=f.FrameworkPointFactory(version=new) if later else None,
    )


def duplicate_slug():
    f.MeetingFactory(slug="florida-talks")
    return f.MeetingFactory.build(slug="florida-talks", place=f.PlaceFactory())


# (id, a function returning an unsaved invalid record, the message full_clean gives)
CASES = [
    (
        "role ends before start",
        lambda: f.RoleFactory.build(
            person=f.PersonFactory(),
            party=f.PartyFactory(),
            start_date=D1,
            start_date_precision=DAY,
            end_date=D2,
            end_date_precision=DAY,
            has_ended=True,
        ),
        "A role cannot end before it starts.",
    ),
    (
        "role end date but not ended",
        lambda: f.RoleFactory.build(
            person=f.PersonFactory(),
            party=f.PartyFactory(),
            end_date=D1,
            end_date_precision=DAY,
            has_ended=False,
        ),
        "A role with an end date has ended.",
    ),
    (
        "role with neither holder nor party",
        lambda: f.RoleFactory.build(person=None, party=None),
        "A role needs its holder, its party, or both.",
    ),
    (
        "meeting ends before start",
        lambda: f.MeetingFactory.build(place=f.PlaceFactory(), date=D1, end_date=D2),
        "A meeting cannot end before it starts.",
    ),
    (
        "meeting unknown status",
        lambda: f.MeetingFactory.build(place=f.PlaceFactory(), status="adjourned"),
        "is not a valid choice",
    ),
    (
        "meeting date but precision unknown",
        lambda: f.MeetingFactory.build(place=f.PlaceFactory(), date=D1, date_precision="unknown"),
        "exactly when its precision",
    ),
    (
        "meeting precision without date",
        lambda: f.MeetingFactory.build(place=f.PlaceFactory(), date=None, date_precision="week"),
        "exactly when its precision",
    ),
    (
        "meeting start time on a week",
        lambda: f.MeetingFactory.build(
            place=f.PlaceFactory(), date_precision="week", start_time=datetime.time(10)
        ),
        "A start time needs a date known to the day.",
    ),
    (
        "meeting of zero minutes",
        lambda: f.MeetingFactory.build(place=f.PlaceFactory(), duration_minutes=0),
        "A duration is a positive number of minutes.",
    ),
    ("meeting slug taken", duplicate_slug, "Meeting with this Slug already exists."),
    ("party unknown kind", lambda: f.PartyFactory.build(kind="tribe"), "is not a valid choice"),
    (
        "place lower-case country",
        lambda: f.PlaceFactory.build(country_code="us"),
        "A country code is two upper-case letters.",
    ),
    (
        "place one coordinate",
        lambda: f.PlaceFactory.build(latitude=Decimal("25.98")),
        "Give both coordinates",
    ),
    (
        "place without a name",
        lambda: f.PlaceFactory.build(venue="", locality=""),
        "Give at least a venue, a locality or a region.",
    ),
    ("two delegation heads", second_head, "A delegation has one head."),
    (
        "version unknown status",
        lambda: f.FrameworkVersionFactory.build(framework=f.FrameworkFactory(), status="final"),
        "is not a valid choice",
    ),
    (
        "version declares no points",
        lambda: f.FrameworkVersionFactory.build(framework=f.FrameworkFactory(), declared_points=0),
        "A version declares at least one point.",
    ),
    (
        "duplicate point number",
        point_with_taken_number,
        "This version already has a point with this number.",
    ),
    (
        "point number zero",
        lambda: f.FrameworkPointFactory.build(version=f.FrameworkVersionFactory(), number=0),
        "Point numbers start at 1.",
    ),
    (
        "point unknown status",
        lambda: f.FrameworkPointFactory.build(version=f.FrameworkVersionFactory(), status="vetoed"),
        "is not a valid choice",
    ),
    (
        "new point with an earlier point",
        lambda: lineage("new"),
        "A new point has only a later point",
    ),
    (
        "reworded point without a later point",
        lambda: lineage("reworded", later=False),
        "A new point has only a later point",
    ),
    (
        "issue unknown status",
        lambda: f.StickingIssueFactory.build(status="frozen"),
        "is not a valid choice",
    ),
    (
        "position on nothing",
        lambda: f.PositionFactory.build(party=f.PartyFactory(), issue=None),
        "A position is on either a sticking issue or a point.",
    ),
    (
        "position on issue and point",
        lambda: f.PositionFactory.build(
            party=f.PartyFactory(), issue=f.StickingIssueFactory(), point=f.FrameworkPointFactory()
        ),
        "A position is on either a sticking issue or a point.",
    ),
    (
        "position unknown stance",
        lambda: f.PositionFactory.build(
            party=f.PartyFactory(), issue=f.StickingIssueFactory(), stance="maybe"
        ),
        "is not a valid choice",
    ),
    (
        "development unknown kind",
        lambda: f.DevelopmentFactory.build(kind="rumour"),
        "is not a valid choice",
    ),
    (
        "citation empty excerpt",
        lambda: f.CitationFactory.build(
            source=f.SourceFactory(), content_object=f.PartyFactory(), excerpt=""
        ),
        "This field cannot be blank.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_record_is_refused_by_validation_and_by_the_database(make, message):
    record = make()

    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    assert any(message in text for text in excinfo.value.messages), excinfo.value.messages

    # The database refuses it too, whatever bypasses validation (raw SQL, bulk loads).
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


@pytest.mark.django_db
def test_citation_excerpt_must_occur_in_the_source_text():
    citation = f.CitationFactory.build(
        source=f.SourceFactory(text="Talks were productive."),
        content_object=f.PartyFactory(),
        excerpt="Talks were a failure.",
    )
    with pytest.raises(ValidationError, match="does not occur verbatim"):
        citation.full_clean()


@pytest.mark.django_db
def test_lineage_must_link_a_version_to_the_one_it_supersedes():
    unrelated = f.FrameworkPointFactory()
    later = f.FrameworkPointFactory()
    link = f.PointLineageFactory.build(from_point=unrelated, to_point=later, kind="kept")
    with pytest.raises(ValidationError, match="version the later one supersedes"):
        link.full_clean()


@pytest.mark.django_db
def test_a_version_supersedes_only_a_version_of_its_framework():
    other = f.FrameworkVersionFactory()
    version = f.FrameworkVersionFactory.build(framework=f.FrameworkFactory(), supersedes=other)
    with pytest.raises(ValidationError, match="same framework"):
        version.full_clean()


@pytest.mark.django_db
def test_point_number_cannot_exceed_the_declared_count():
    point = f.FrameworkPointFactory.build(
        version=f.FrameworkVersionFactory(declared_points=19), number=20
    )
    with pytest.raises(ValidationError, match="declares only 19 points"):
        point.full_clean()


@pytest.mark.django_db
def test_points_without_numbers_may_share_a_version():
    version = f.FrameworkVersionFactory()
    f.FrameworkPointFactory(version=version, number=None)
    f.FrameworkPointFactory(version=version, number=None)
    assert version.points.count() == 2
