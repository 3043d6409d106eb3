"""API viewsets: read-optimised querysets sized to what each serializer shows."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from negotiations import models as m
from negotiations.api import filters as f
from negotiations.api import serializers as s
from negotiations.api.conditional import ConditionalMixin
from negotiations.api.pagination import DateCursorPagination
from negotiations.api.queries import StrictQueryMixin
from negotiations.exports.csv import CSVListMixin
from negotiations.models.base import related_count
from negotiations.services import record_delete


class TrackedViewSet(StrictQueryMixin, CSVListMixin, ConditionalMixin, viewsets.ModelViewSet):
    filter_backends = [DjangoFilterBackend, f.FullTextSearchFilter, f.StrictOrderingFilter]
    ordering_fields = ["id", "created_at", "updated_at"]

    def __init_subclass__(cls, **kwargs):
        # `PartyViewSet` serves `PartySerializer` filtered by `PartyFilterSet` unless it says
        # otherwise, so each viewset states only its queryset and what it sorts by.
        super().__init_subclass__(**kwargs)
        name = cls.__name__.removesuffix("ViewSet")
        if "serializer_class" not in cls.__dict__:
            cls.serializer_class = getattr(s, f"{name}Serializer")
        if "filterset_class" not in cls.__dict__:
            cls.filterset_class = getattr(f, f"{name}FilterSet")

    # Creates and updates go through the serializer to the service layer; so does a delete.
    def perform_destroy(self, instance):
        record_delete(record=instance, expected=self._expected_revision(), by=self.request.user)


class PartyViewSet(TrackedViewSet):
    queryset = m.Party.objects.with_citation_summaries()
    ordering_fields = [*TrackedViewSet.ordering_fields, "name", "kind"]


class PersonViewSet(TrackedViewSet):
    queryset = m.Person.objects.with_citation_summaries()
    ordering_fields = [*TrackedViewSet.ordering_fields, "name"]


class RoleViewSet(TrackedViewSet):
    queryset = (
        m.Role.objects.select_related("person", "party").with_citation_summaries().with_accounts()
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "title", "start_date", "end_date"]


class PlaceViewSet(TrackedViewSet):
    queryset = m.Place.objects.with_citation_summaries()
    ordering_fields = [*TrackedViewSet.ordering_fields, "locality", "venue"]


class MeetingViewSet(TrackedViewSet):
    queryset = (
        # Delegations with their members, framework versions and citations are read for the
        # whole page by the serializer as plain rows (serializers.meeting_embeds), in as many
        # queries as prefetching them took.
        m.Meeting.objects.select_related("place")
    )
    pagination_class = DateCursorPagination
    # Date order, undated meetings last: `sort_key` (persisted, indexed) is unique, so the cursor
    # pages both ways and a page is an index range scan.
    ordering_fields = [*TrackedViewSet.ordering_fields, "sort_key", "title"]
    ordering = ["sort_key"]


class DelegationViewSet(TrackedViewSet):
    queryset = (
        m.Delegation.objects.select_related("meeting", "party")
        .with_citation_summaries()
        .prefetch_related(
            Prefetch("memberships", queryset=m.DelegationMember.objects.select_related("person"))
        )
    )


class FrameworkViewSet(TrackedViewSet):
    queryset = m.Framework.objects.with_citation_summaries().prefetch_related(
        Prefetch("versions", queryset=m.FrameworkVersion.objects.select_related("framework"))
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "title"]


class FrameworkVersionViewSet(TrackedViewSet):
    queryset = (
        m.FrameworkVersion.objects.with_point_counts()
        .order_by(*m.FrameworkVersion._meta.ordering)
        .select_related("framework", "supersedes__framework", "superseded_by__framework")
        .with_citation_summaries()
        .with_accounts()
        .prefetch_related(
            "authors",
            # What a version's embedded points show (PointSummarySerializer), not their texts.
            Prefetch(
                "points",
                queryset=m.FrameworkPoint.objects.only(
                    "id", "version_id", "number", "title", "status"
                ),
            ),
            Prefetch("meeting_links", queryset=m.VersionMeeting.objects.select_related("meeting")),
        )
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "date", "label", "declared_points"]


class TopicViewSet(TrackedViewSet):
    queryset = m.Topic.objects.all()
    ordering_fields = [*TrackedViewSet.ordering_fields, "name"]


class PointViewSet(TrackedViewSet):
    queryset = (
        m.FrameworkPoint.objects.select_related("version__framework")
        .with_citation_summaries()
        .prefetch_related("topics")
    )
    serializer_class = s.FrameworkPointSerializer
    ordering_fields = [*TrackedViewSet.ordering_fields, "number", "title", "status"]


class PointLineageViewSet(TrackedViewSet):
    queryset = (
        m.PointLineage.objects.select_related(
            "from_point__version__framework", "to_point__version__framework"
        )
        .with_citation_summaries()
        .order_by(*m.PointLineage._meta.ordering, "id")  # dropped and new links tie otherwise
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "kind"]


class StickingIssueViewSet(TrackedViewSet):
    queryset = m.StickingIssue.objects.with_citation_summaries().prefetch_related(
        "related_points", "related_meetings"
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "title", "status", "priority"]


class PositionViewSet(TrackedViewSet):
    queryset = (
        m.Position.objects.select_related("party", "issue", "point__version__framework")
        .with_citation_summaries()
        .with_accounts()
        .prefetch_related(Prefetch("options", m.Option.objects.select_related("issue")))
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "as_of", "stance"]


class StatementViewSet(TrackedViewSet):
    queryset = (
        m.Statement.objects.select_related("person", "meeting")
        .with_citation_summaries()
        .with_accounts()
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "date"]


class DevelopmentViewSet(TrackedViewSet):
    queryset = (
        m.Development.objects.with_citation_summaries().with_accounts().prefetch_related("parties")
    )
    ordering_fields = [*TrackedViewSet.ordering_fields, "date", "title", "kind"]


class SourceViewSet(TrackedViewSet):
    # Each source's count for the page's rows only (related_count), not a join of every
    # citation.
    queryset = m.Source.objects.annotate(
        citation_count=related_count(m.Citation, "source")
    ).order_by(*m.Source._meta.ordering, "id")
    ordering_fields = [*TrackedViewSet.ordering_fields, "published_date", "title"]


class CitationViewSet(TrackedViewSet):
    queryset = m.Citation.objects.with_records()
