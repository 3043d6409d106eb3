"""Sticking issues and where each party stands on them (or on single points) over time."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from negotiations.models.actors import Party
from negotiations.models.base import CitedModel, DatePrecision, precision_check, status_check
from negotiations.models.frameworks import FrameworkPoint
from negotiations.models.meetings import Meeting
from negotiations.querysets import PositionQuerySet


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    NARROWED = "narrowed", "Narrowed"
    RESOLVED = "resolved", "Resolved"
    REOPENED = "reopened", "Reopened"


class IssuePriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    UNKNOWN = "unknown", "Not assessed"


class StickingIssue(CitedModel):
    Status = IssueStatus
    Priority = IssuePriority

    indexed_fields = ("title", "description")
    _history_m2m_fields = ["related_points", "related_meetings"]
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.UNKNOWN)
    related_points = models.ManyToManyField(
        FrameworkPoint, related_name="sticking_issues", blank=True
    )
    related_meetings = models.ManyToManyField(Meeting, related_name="sticking_issues", blank=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status"], name="issue_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="issue_slug_unique"),
            status_check("status", IssueStatus, "issue"),
            status_check("priority", IssuePriority, "issue"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("negotiations:issue-detail", args=[self.slug])


class PositionStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPPOSES = "opposes", "Opposes"
    CONDITIONAL = "conditional", "Conditional"
    UNCLEAR = "unclear", "Unclear"


class Position(CitedModel):
    Stance = PositionStance

    """A party's stance on a sticking issue or on a single framework point, as of a date."""

    indexed_fields = ("stated_position",)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="positions")
    issue = models.ForeignKey(
        StickingIssue,
        on_delete=models.CASCADE,
        related_name="positions",
        null=True,
        blank=True,
    )
    point = models.ForeignKey(
        FrameworkPoint,
        on_delete=models.CASCADE,
        related_name="positions",
        null=True,
        blank=True,
    )
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.UNCLEAR)
    stated_position = models.TextField(help_text="The position in the sources' words.")
    as_of = models.DateField(null=True, blank=True)
    as_of_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["party__name", "as_of", "id"]
        indexes = [models.Index(fields=["stance"], name="position_stance_idx")]
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

    def __str__(self) -> str:
        subject = self.issue if self.issue_id else self.point
        return f"{self.party}: {self.get_stance_display().lower()} — {subject}"

    def get_absolute_url(self) -> str:
        subject = self.issue if self.issue_id else self.point
        return f"{subject.get_absolute_url().split('#')[0]}#position-{self.pk}"
