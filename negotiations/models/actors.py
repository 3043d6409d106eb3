"""Who negotiates: parties, people, and the roles people hold over time."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from negotiations.models.base import (
    CitedModel,
    CitedQuerySet,
    field_indexes,
    precision_check,
    status_check,
)
from negotiations.models.choices import text_choices
from negotiations.models.fields import optional_link, precise_date
from negotiations.models.named import SlugPage

PartyKind = text_choices("PartyKind", "state bloc organisation")


class Party(SlugPage, CitedModel):
    """A negotiating side or actor: a state, a bloc, or an organisation."""

    Kind = PartyKind
    page = "negotiations:party-detail"

    indexed_fields = ("name", "short_name")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    slug = models.SlugField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="party_slug_unique"),
            status_check("kind", PartyKind, "party"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(SlugPage, CitedModel):
    page = "negotiations:person-detail"
    indexed_fields = ("name", "other_names")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    other_names = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings and names, as a list of strings.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [models.UniqueConstraint(fields=["slug"], name="person_slug_unique")]

    def __str__(self) -> str:
        return self.name


class RoleQuerySet(CitedQuerySet):
    def ended(self) -> RoleQuerySet:
        return self.filter(has_ended=True)


class Role(CitedModel):
    """A title held in a party or body over a period.

    The holder may be unnamed in the sources ("the former chief negotiator"), and a role
    can be known to have ended without the end date being known.
    """

    indexed_fields = ("title", "body")
    person = optional_link(
        Person,
        on_delete=models.CASCADE,
        related_name="roles",
        help_text="Empty when the sources do not name the holder.",
    )
    party = optional_link(Party, on_delete=models.PROTECT, related_name="roles")
    body = models.CharField(
        max_length=200, blank=True, help_text="A body within the party, if any."
    )
    title = models.CharField(max_length=200)
    start_date, start_date_precision = precise_date()
    end_date, end_date_precision = precise_date()
    has_ended = models.BooleanField(
        default=False,
        help_text="The role is known to have ended, even if the date is not.",
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "title"]
        indexes = field_indexes("role", "has_ended")
        constraints = [
            *precision_check("start_date", "role"),
            *precision_check("end_date", "role"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="role_ends_after_start",
                violation_error_message="A role cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(has_ended=True),
                name="role_end_date_means_ended",
                violation_error_message="A role with an end date has ended.",
            ),
            # A role is shown on its holder's or its party's page: with neither, on none.
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(party__isnull=False),
                name="role_has_holder_or_party",
                violation_error_message="A role needs its holder, its party, or both.",
            ),
        ]

    name_related = ("person", "party")

    def __str__(self) -> str:
        holder = self.person.name if self.person_id else "name not reported"
        where = self.party.short_name or self.party.name if self.party_id else ""
        suffix = f" ({where})" if where else ""
        former = "former " if self.has_ended else ""
        return f"{holder}: {former}{self.title}{suffix}"

    def get_absolute_url(self) -> str:
        owner = self.person if self.person_id else self.party
        return f"{owner.get_absolute_url()}#role-{self.pk}"
