"""factory_boy factories: one per model, each building a valid record."""

import datetime
from importlib import import_module
from types import SimpleNamespace

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from negotiations import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if extracted:
            ensure_groups()
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


def ensure_groups() -> None:
    """The groups the data migrations make, made again if a transactional test (the browser
    tests, the replica tests) flushed them."""
    if Group.objects.filter(name="Analysts").exists():
        return
    editor = SimpleNamespace(connection=connection)
    # The migration clears models_module on the app config it is given, expecting a historical
    # one; on the live registry that would stop the next flush re-making the content types.
    config = apps.get_app_config("negotiations")
    models_module = config.models_module
    try:
        for migration, function in (
            ("0002_groups", "create_groups"),
            ("0004_analysts_delete", "grant_delete"),
            ("0011_accounts", "grant_accounts"),
            ("0012_options", "grant_options"),
        ):
            getattr(import_module(f"negotiations.migrations.{migration}"), function)(apps, editor)
    finally:
        config.models_module = models_module


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Report {n}")
    published_date = datetime.date(2025, 12, 1)
    text = "The talks were productive, officials said."


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Party

    name = factory.Sequence(lambda n: f"Party {n}")
    slug = factory.Sequence(lambda n: f"party-{n}")
    kind = models.Party.Kind.STATE


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Role

    person = factory.SubFactory(PersonFactory)
    party = factory.SubFactory(PartyFactory)
    title = "Special Envoy"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    venue = factory.Sequence(lambda n: f"Venue {n}")
    locality = "Geneva"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    title = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    date = datetime.date(2025, 11, 30)
    date_precision = models.DatePrecision.DAY
    status = models.Meeting.Status.HELD
    place = factory.SubFactory(PlaceFactory)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delegation

    meeting = factory.SubFactory(MeetingFactory)
    party = factory.SubFactory(PartyFactory)


class DelegationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DelegationMember

    delegation = factory.SubFactory(DelegationFactory)
    person = factory.SubFactory(PersonFactory)
    role = models.DelegationMember.Role.MEMBER


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Framework

    title = factory.Sequence(lambda n: f"Framework {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    label = factory.Sequence(lambda n: f"Draft {n}")
    slug = factory.Sequence(lambda n: f"draft-{n}")
    declared_points = 28


class VersionMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.VersionMeeting

    version = factory.SubFactory(FrameworkVersionFactory)
    meeting = factory.SubFactory(MeetingFactory)


class FrameworkPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.FrameworkPoint

    version = factory.SubFactory(FrameworkVersionFactory)
    number = factory.Sequence(lambda n: n % 28 + 1)
    title = factory.Sequence(lambda n: f"Point {n}")

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class PointLineageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PointLineage

    to_point = factory.SubFactory(FrameworkPointFactory)
    from_point = None
    kind = models.PointLineage.Kind.NEW


class StickingIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StickingIssue

    title = factory.Sequence(lambda n: f"Issue {n}")
    slug = factory.Sequence(lambda n: f"issue-{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    party = factory.SubFactory(PartyFactory)
    issue = factory.SubFactory(StickingIssueFactory)
    stance = models.Position.Stance.SUPPORTS
    stated_position = "Supports it."


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.Option

    issue = factory.SubFactory(StickingIssueFactory)
    title = factory.Sequence(lambda n: f"Option {n}")

    @factory.post_generation
    def points(self, create, extracted, **kwargs):
        if create and extracted:
            self.points.set(extracted)


class OptionStanceFactory(factory.django.DjangoModelFactory):
    """A dated stance (one per option, party and date); `as_of=None` for an undated one."""

    class Meta:
        model = models.OptionStance

    option = factory.SubFactory(OptionFactory)
    party = factory.SubFactory(PartyFactory)
    stance = models.OptionStance.Stance.ACCEPTABLE
    stated_position = "Could live with it."
    as_of = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    as_of_precision = factory.LazyAttribute(lambda o: "day" if o.as_of else "unknown")
    condition = factory.LazyAttribute(
        lambda o: "If asked nicely." if o.stance == "conditional" else ""
    )


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    person = factory.SubFactory(PersonFactory)
    meeting = factory.SubFactory(MeetingFactory)
    text = "The talks were productive."


class DevelopmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.Development

    title = factory.Sequence(lambda n: f"Development {n}")
    slug = factory.Sequence(lambda n: f"development-{n}")
    kind = models.Development.Kind.ANNOUNCEMENT

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    source = factory.SubFactory(SourceFactory)
    content_object = factory.SubFactory(MeetingFactory)
    excerpt = "productive"


class AccountFactory(factory.django.DjangoModelFactory):
    """One source's account of a meeting's duration, with the citation that reports it."""

    class Meta:
        model = models.Account

    citation = factory.SubFactory(CitationFactory)
    content_type = factory.LazyAttribute(lambda a: a.citation.content_type)
    object_id = factory.LazyAttribute(lambda a: a.citation.object_id)
    field = "duration_minutes"
    value = 240

    @classmethod
    def of(cls, record, *, source=None, **kwargs):
        """An account of `record` from a citation of its own (from `source`, or a new one)."""
        citation = {"content_object": record}
        if source is not None:
            citation["source"] = source
        return cls(citation=CitationFactory(**citation), **kwargs)
