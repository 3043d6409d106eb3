"""Sticking issues and where each party stands on them (or on single points) over time."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from negotiations.models.actors import Party
from negotiations.models.base import (
    CitedModel,
    CitedQuerySet,
    field_indexes,
    precision_check,
    status_check,
)
from negotiations.models.choices import text_choices
from negotiations.models.fields import optional_link, precise_date
from negotiations.models.frameworks import FrameworkPoint
from negotiations.models.meetings import Meeting
from negotiations.models.named import SlugPage, TitledModel

IssueStatus = text_choices("IssueStatus", "open narrowed resolved reopened")


IssuePriority = text_choices("IssuePriority", "high medium low unknown", unknown="Not assessed")


class StickingIssueQuerySet(CitedQuerySet):
    def unresolved(self) -> StickingIssueQuerySet:
        return self.exclude(status=IssueStatus.RESOLVED)


class StickingIssue(SlugPage, TitledModel):
    Status = IssueStatus
    Priority = IssuePriority
    page = "negotiations:issue-detail"

    indexed_fields = ("title", "description")
    _history_m2m_fields = ["related_points", "related_meetings"]
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.UNKNOWN)
    related_points = models.ManyToManyField(
        FrameworkPoint, related_name="sticking_issues", blank=True
    )
    related_meetings = models.ManyToManyField(Meeting, related_name="sticking_issues", blank=True)

    objects = StickingIssueQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = field_indexes("issue", "status")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="issue_slug_unique"),
            status_check("status", IssueStatus, "issue"),
            status_check("priority", IssuePriority, "issue"),
        ]


PositionStance = text_choices("PositionStance", "supports opposes conditional unclear")


class Position(CitedModel):
    """A party's stance on a sticking issue or on a single framework point, as of a date."""

    Stance = PositionStance

    indexed_fields = ("stated_position",)
    search_context = ("issue", "point", "party")
    _history_m2m_fields = ["options"]
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="positions")
    issue = optional_link(StickingIssue, on_delete=models.CASCADE, related_name="positions")
    point = optional_link(FrameworkPoint, on_delete=models.CASCADE, related_name="positions")
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.UNCLEAR)
    stated_position = models.TextField(help_text="The position in the sources' words.")
    as_of, as_of_precision = precise_date()
    options = models.ManyToManyField(
        "negotiations.Option",
        related_name="positions",
        blank=True,
        help_text="The options on the issue this position concerns (negotiation space).",
    )

    class Meta:
        ordering = ["party__name", "as_of", "id"]
        indexes = field_indexes("position", "stance")
        constraints = [
            status_check("stance", PositionStance, "position"),
            *precision_check("as_of", "position"),
            models.CheckConstraint(
                condition=Q(issue__isnull=False, point__isnull=True)
                | Q(issue__isnull=True, point__isnull=False),
                name="position_on_issue_or_point",
                violation_error_message="A position is on either a sticking issue or a point.",
            ),
        ]

    name_related = ("party", "issue", "point")
    url_related = ("point__version__framework",)

    def __str__(self) -> str:
        subject = self.issue if self.issue_id else self.point
        return f"{self.party}: {self.get_stance_display().lower()} — {subject}"

    def get_absolute_url(self) -> str:
        subject = self.issue if self.issue_id else self.point
        return f"{subject.get_absolute_url().split('#')[0]}#position-{self.pk}"
