"""Named filters, so views and the API read like the domain (`Meeting.objects.held()`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q


class MeetingQuerySet(models.QuerySet):
    def held(self) -> MeetingQuerySet:
        return self.filter(status="held")

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(status__in=["scheduled", "postponed"])

    def involving(self, party) -> MeetingQuerySet:
        return self.filter(delegations__party=party).distinct()


class RoleQuerySet(models.QuerySet):
    def current(self) -> RoleQuerySet:
        return self.filter(has_ended=False)

    def ended(self) -> RoleQuerySet:
        return self.filter(has_ended=True)


class FrameworkVersionQuerySet(models.QuerySet):
    def with_point_counts(self) -> FrameworkVersionQuerySet:
        """Annotate `known_points`: how many of the declared points the sources give."""
        return self.annotate(known_points=Count("points", distinct=True))

    def in_force(self) -> FrameworkVersionQuerySet:
        """Versions not yet superseded or rejected: the ones still being negotiated."""
        return self.exclude(status__in=["superseded", "rejected"])


class PositionQuerySet(models.QuerySet):
    def on_issue(self, issue) -> PositionQuerySet:
        return self.filter(issue=issue)

    def by_party(self, party) -> PositionQuerySet:
        return self.filter(party=party)


class DevelopmentQuerySet(models.QuerySet):
    def involving(self, party) -> DevelopmentQuerySet:
        return self.filter(Q(parties=party)).distinct()


class CitationQuerySet(models.QuerySet):
    def with_records(self) -> CitationQuerySet:
        """Prefetch the cited records, one query per kind, with what their names and links
        need."""
        from django.contrib.contenttypes.prefetch import GenericPrefetch

        from negotiations.models import (
            Delegation,
            FrameworkPoint,
            FrameworkVersion,
            PointLineage,
            Position,
            Role,
            Statement,
        )

        return self.select_related("source", "content_type").prefetch_related(
            GenericPrefetch(
                "content_object",
                [
                    Role.objects.select_related("person", "party"),
                    Delegation.objects.select_related("party", "meeting"),
                    FrameworkVersion.objects.select_related("framework"),
                    FrameworkPoint.objects.select_related("version__framework"),
                    PointLineage.objects.select_related(
                        "from_point__version__framework", "to_point__version__framework"
                    ),
                    Position.objects.select_related("party", "issue", "point__version__framework"),
                    Statement.objects.select_related("person", "meeting"),
                ],
            )
        )
