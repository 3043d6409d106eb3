"""Peace frameworks, their versions, their points, and how points evolve between versions."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from negotiations.models.actors import Party
from negotiations.models.base import (
    CitedModel,
    CitedQuerySet,
    TrackedModel,
    field_indexes,
    positive_check,
    precision_check,
    related_count,
    status_check,
)
from negotiations.models.choices import text_choices
from negotiations.models.fields import optional_link, precise_date
from negotiations.models.meetings import Meeting
from negotiations.models.named import SlugPage, TitledModel


class Topic(TrackedModel):
    """A controlled vocabulary term for framework points (military, energy, ...)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="topic_slug_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('negotiations:search')}?q={quote(self.name)}"


class Framework(SlugPage, TitledModel):
    """A peace plan that goes through versions (the US peace framework)."""

    page = "negotiations:framework-detail"

    indexed_fields = ("title", "description")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="framework_slug_unique")]


VersionStatus = text_choices("VersionStatus", "draft current superseded agreed rejected")
# How the sources give a version's point count: as a fact, or hedged ("now reportedly reduced
# to 19 points"); a reported count is shown as "reportedly 19", never as a bare number.
PointCountBasis = text_choices("PointCountBasis", "stated reported")


class FrameworkVersionQuerySet(CitedQuerySet):
    def with_point_counts(self) -> FrameworkVersionQuerySet:
        """Annotate `known_points`: how many of the declared points the sources give."""
        return self.annotate(known_points=related_count(FrameworkPoint, "version"))

    def in_force(self) -> FrameworkVersionQuerySet:
        """Versions not yet superseded or rejected: the ones still being negotiated."""
        return self.exclude(status__in=[VersionStatus.SUPERSEDED, VersionStatus.REJECTED])


class FrameworkVersion(CitedModel):
    Status = VersionStatus
    PointCountBasis = PointCountBasis

    indexed_fields = ("label", "summary")
    _history_m2m_fields = ["authors"]
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    declared_points = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many points the version is said to have."
    )
    declared_points_basis = models.CharField(
        max_length=10,
        choices=PointCountBasis.choices,
        default=PointCountBasis.STATED,
        help_text="Reported: the sources only report the count (“reportedly 19 points”).",
    )
    summary = models.TextField(
        blank=True, help_text="What the sources say of this version as a whole, cited."
    )
    date, date_precision = precise_date()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    authors = models.ManyToManyField(Party, related_name="authored_versions", blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
    )
    meetings = models.ManyToManyField(
        Meeting, through="VersionMeeting", related_name="framework_versions", blank=True
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__title", "date", "id"]
        indexes = field_indexes("version", "status")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="version_slug_unique_in_framework"
            ),
            status_check("status", VersionStatus, "version"),
            status_check("declared_points_basis", PointCountBasis, "version"),
            *precision_check("date", "version"),
            positive_check(
                "declared_points",
                name="version_declared_points_positive",
                message="A version declares at least one point.",
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("id")),
                name="version_not_superseding_itself",
                violation_error_message="A version cannot supersede itself.",
            ),
        ]

    name_related = ("framework",)

    def __str__(self) -> str:
        return f"{self.framework}: {self.label}"

    def get_absolute_url(self) -> str:
        return f"{self.framework.get_absolute_url()}#version-{self.slug}"

    @property
    def declared_points_label(self) -> str:
        """The declared count as the sources give it: "28", "reportedly 19", or "" unknown."""
        if self.declared_points is None:
            return ""
        if self.declared_points_basis == PointCountBasis.REPORTED:
            return f"reportedly {self.declared_points}"
        return str(self.declared_points)

    def clean(self) -> None:
        super().clean()
        if self.supersedes_id and self.supersedes.framework_id != self.framework_id:
            raise ValidationError(
                {"supersedes": "A version can only supersede a version of the same framework."}
            )


VersionMeetingKind = text_choices("VersionMeetingKind", "discussed presented")


class VersionMeeting(TrackedModel):
    """A meeting where a framework version was discussed or presented."""

    Kind = VersionMeetingKind

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="meeting_links"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="version_links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCUSSED)

    class Meta:
        ordering = ["version_id", "meeting__sequence", "meeting__date"]
        constraints = [
            status_check("kind", VersionMeetingKind, "version_meeting"),
            models.UniqueConstraint(
                fields=["version", "meeting", "kind"], name="version_meeting_unique"
            ),
        ]

    name_related = ("version__framework", "meeting")

    def __str__(self) -> str:
        return f"{self.version} {self.get_kind_display().lower()} at {self.meeting}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


PointStatus = text_choices("PointStatus", "proposed agreed contested dropped")


class FrameworkPoint(CitedModel):
    Status = PointStatus

    indexed_fields = ("title", "text")
    _history_m2m_fields = ["topics"]
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when the sources do not give it."
    )
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True, help_text="The point's wording, as far as it is known.")
    topics = models.ManyToManyField(Topic, related_name="points", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        ordering = ["version_id", F("number").asc(nulls_last=True), "title"]
        indexes = field_indexes("point", "status")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="point_number_unique_in_version",
                violation_error_message="This version already has a point with this number.",
            ),
            positive_check(
                "number", name="point_number_positive", message="Point numbers start at 1."
            ),
            status_check("status", PointStatus, "point"),
        ]

    url_related = ("version__framework",)

    def __str__(self) -> str:
        number = f"{self.number}. " if self.number else ""
        return f"{number}{self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.version.framework.get_absolute_url()}#point-{self.pk}"

    def clean(self) -> None:
        super().clean()
        declared = self.version.declared_points if self.version_id else None
        if self.number and declared and self.number > declared:
            raise ValidationError({"number": f"The version declares only {declared} points."})


LineageKind = text_choices("LineageKind", "kept reworded merged split dropped new")


class PointLineage(CitedModel):
    """How a point of a newer version derives from a point of the version it supersedes.

    "new" has no earlier point, "dropped" has no later point; the other kinds link both.
    """

    Kind = LineageKind

    from_point = optional_link(
        FrameworkPoint,
        on_delete=models.CASCADE,
        related_name="lineage_forward",
        help_text="The earlier point (empty for a new point).",
    )
    to_point = optional_link(
        FrameworkPoint,
        on_delete=models.CASCADE,
        related_name="lineage_back",
        help_text="The later point (empty for a dropped point).",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["to_point_id", "from_point_id"]
        verbose_name_plural = "point lineage"
        constraints = [
            status_check("kind", LineageKind, "lineage"),
            models.CheckConstraint(
                condition=(
                    Q(kind="new", from_point__isnull=True, to_point__isnull=False)
                    | Q(kind="dropped", from_point__isnull=False, to_point__isnull=True)
                    | (
                        ~Q(kind__in=["new", "dropped"])
                        & Q(from_point__isnull=False, to_point__isnull=False)
                    )
                ),
                name="lineage_ends_match_kind",
                violation_error_message=(
                    "A new point has only a later point, a dropped point only an earlier one, "
                    "and every other change links both."
                ),
            ),
            models.UniqueConstraint(fields=["from_point", "to_point"], name="lineage_link_unique"),
        ]

    name_related = ("from_point", "to_point")
    url_related = ("from_point__version__framework", "to_point__version__framework")

    def __str__(self) -> str:
        return f"{self.from_point or '—'} → {self.to_point or '—'} ({self.kind})"

    def get_absolute_url(self) -> str:
        point = self.to_point or self.from_point
        return point.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.from_point_id and self.to_point_id:
            newer = self.to_point.version
            if newer.supersedes_id != self.from_point.version_id:
                raise ValidationError(
                    "The earlier point must belong to the version the later one supersedes."
                )
