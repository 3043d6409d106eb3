"""Who negotiates: parties, people, and the roles people hold over time."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from negotiations.models.base import CitedModel, DatePrecision, precision_check, status_check
from negotiations.querysets import RoleQuerySet


class PartyKind(models.TextChoices):
    STATE = "state", "State"
    BLOC = "bloc", "Bloc"
    ORGANISATION = "organisation", "Organisation"


class Party(CitedModel):
    """A negotiating side or actor: a state, a bloc, or an organisation."""

    Kind = PartyKind

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

    def get_absolute_url(self) -> str:
        return reverse("negotiations:party-detail", args=[self.slug])


class Person(CitedModel):
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

    def get_absolute_url(self) -> str:
        return reverse("negotiations:person-detail", args=[self.slug])


class Role(CitedModel):
    """A title held in a party or body over a period.

    The holder may be unnamed in the sources ("the former chief negotiator"), and a role
    can be known to have ended without the end date being known.
    """

    indexed_fields = ("title", "body")
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="roles",
        null=True,
        blank=True,
        help_text="Empty when the sources do not name the holder.",
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="roles", null=True, blank=True
    )
    body = models.CharField(
        max_length=200, blank=True, help_text="A body within the party, if any."
    )
    title = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    start_date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    end_date = models.DateField(null=True, blank=True)
    end_date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    has_ended = models.BooleanField(
        default=False,
        help_text="The role is known to have ended, even if the date is not.",
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "title"]
        indexes = [models.Index(fields=["has_ended"], name="role_has_ended_idx")]
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

    def __str__(self) -> str:
        holder = self.person.name if self.person_id else "name not reported"
        where = self.party.short_name or self.party.name if self.party_id else ""
        suffix = f" ({where})" if where else ""
        former = "former " if self.has_ended else ""
        return f"{holder}: {former}{self.title}{suffix}"

    def get_absolute_url(self) -> str:
        owner = self.person if self.person_id else self.party
        return f"{owner.get_absolute_url()}#role-{self.pk}"
