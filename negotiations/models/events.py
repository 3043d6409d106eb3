"""What was said and what happened around the talks: statements and developments."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from negotiations.models.actors import Party, Person
from negotiations.models.base import (
    CitedModel,
    CitedQuerySet,
    field_indexes,
    precision_check,
    status_check,
)
from negotiations.models.choices import text_choices
from negotiations.models.fields import optional_link, precise_date
from negotiations.models.meetings import Meeting
from negotiations.models.named import TitledModel
from negotiations.text import shorten


class StatementQuerySet(CitedQuerySet):
    def by_party(self, party: Party | int) -> StatementQuerySet:
        """Statements by people who hold or held a role in the party."""
        return self.filter(person__roles__party=party).distinct()


class Statement(CitedModel):
    """A quote by a person."""

    indexed_fields = ("text", "context")
    search_context = ("person", "person__roles__party")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statements")
    meeting = optional_link(Meeting, on_delete=models.SET_NULL, related_name="statements")
    date, date_precision = precise_date()
    text = models.TextField(help_text="The words quoted, verbatim.")
    context = models.CharField(
        max_length=300, blank=True, help_text="Where and to whom it was said."
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        indexes = field_indexes("statement", "date")
        constraints = [*precision_check("date", "statement")]

    name_related = ("person",)
    url_related = ("meeting",)

    def __str__(self) -> str:
        return f"{self.person}: “{shorten(self.text, 60)}”"

    def get_absolute_url(self) -> str:
        page = self.meeting if self.meeting_id else self.person
        return f"{page.get_absolute_url()}#statement-{self.pk}"


DevelopmentKind = text_choices("DevelopmentKind", "resignation attack scandal announcement other")


class DevelopmentQuerySet(CitedQuerySet):
    def involving(self, party: Party | int) -> DevelopmentQuerySet:
        return self.filter(parties=party).distinct()


class Development(TitledModel):
    """A dated event that is not a meeting: a resignation, an attack, a scandal, an announcement."""

    Kind = DevelopmentKind

    indexed_fields = ("title", "summary")
    _history_m2m_fields = ["parties"]
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date, date_precision = precise_date()
    parties = models.ManyToManyField(Party, related_name="developments", blank=True)
    summary = models.TextField(blank=True)

    objects = DevelopmentQuerySet.as_manager()

    class Meta:
        ordering = ["date", "title"]
        indexes = field_indexes("development", "date", "kind")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="development_slug_unique"),
            status_check("kind", DevelopmentKind, "development"),
            *precision_check("date", "development"),
        ]

    def get_absolute_url(self) -> str:
        return f"{reverse('negotiations:timeline')}?kind=development#development-{self.pk}"
