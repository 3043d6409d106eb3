"""What was said and what happened around the talks: statements and developments."""

from django.db import models
from django.urls import reverse

from negotiations.models.actors import Party, Person
from negotiations.models.base import CitedModel, DatePrecision, precision_check, status_check
from negotiations.models.meetings import Meeting
from negotiations.querysets import DevelopmentQuerySet


class Statement(CitedModel):
    """A quote by a person."""

    indexed_fields = ("text", "context")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statements")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        related_name="statements",
        null=True,
        blank=True,
    )
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    text = models.TextField(help_text="The words quoted, verbatim.")
    context = models.CharField(
        max_length=300, blank=True, help_text="Where and to whom it was said."
    )

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["date"], name="statement_date_idx")]
        constraints = [*precision_check("date", "statement")]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 60 else f"{self.text[:59]}…"
        return f"{self.person}: “{text}”"

    def get_absolute_url(self) -> str:
        page = self.meeting if self.meeting_id else self.person
        return f"{page.get_absolute_url()}#statement-{self.pk}"


class DevelopmentKind(models.TextChoices):
    RESIGNATION = "resignation", "Resignation"
    ATTACK = "attack", "Attack"
    SCANDAL = "scandal", "Scandal"
    ANNOUNCEMENT = "announcement", "Announcement"
    OTHER = "other", "Other"


class Development(CitedModel):
    """A dated event that is not a meeting: a resignation, an attack, a scandal, an announcement."""

    Kind = DevelopmentKind

    indexed_fields = ("title", "summary")
    _history_m2m_fields = ["parties"]
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    parties = models.ManyToManyField(Party, related_name="developments", blank=True)
    summary = models.TextField(blank=True)

    objects = DevelopmentQuerySet.as_manager()

    class Meta:
        ordering = ["date", "title"]
        indexes = [
            models.Index(fields=["date"], name="development_date_idx"),
            models.Index(fields=["kind"], name="development_kind_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="development_slug_unique"),
            status_check("kind", DevelopmentKind, "development"),
            *precision_check("date", "development"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('negotiations:timeline')}?kind=development#development-{self.pk}"
