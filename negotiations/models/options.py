"""The negotiation space: the options on each sticking issue, and each party's stance on each.

A stance on an issue ("opposes") does not say what a party would accept. An option is one
way the issue could be settled (recognise the declared annexations, no NATO membership); an
`OptionStance` is one party's stance on one option as of a date. Stances are rows in time: a
party that moves gets a new row, so the history of an option is its rows in date order, and
the latest row per party and option is the current stance (undated rows count as the oldest:
the sources say the stance was held, not when).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from negotiations.models.actors import Party
from negotiations.models.base import (
    CitedModel,
    CitedQuerySet,
    field_indexes,
    precision_check,
    status_check,
)
from negotiations.models.choices import text_choices
from negotiations.models.fields import precise_date
from negotiations.models.frameworks import FrameworkPoint
from negotiations.models.issues import StickingIssue
from negotiations.text import shorten


class Option(CitedModel):
    """One way a sticking issue could be settled, and the framework points that would enact it."""

    indexed_fields = ("title", "description")
    search_context = ("issue",)
    _history_m2m_fields = ["points"]
    issue = models.ForeignKey(StickingIssue, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    points = models.ManyToManyField(
        FrameworkPoint,
        related_name="options",
        blank=True,
        help_text="The framework points that would enact this option.",
    )

    class Meta:
        ordering = ["issue__title", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "title"], name="option_title_unique"),
        ]

    name_related = ("issue",)

    def __str__(self) -> str:
        return f"{self.title} ({self.issue})"

    def get_absolute_url(self) -> str:
        return f"{self.issue.get_absolute_url()}#option-{self.pk}"


OptionStanceValue = text_choices(
    "OptionStanceValue",
    "acceptable conditional unacceptable unknown",
    conditional="Acceptable with conditions",
    unacceptable="Unacceptable (a red line)",
)


class OptionStanceQuerySet(CitedQuerySet):
    def as_of(self, day: datetime.date | None) -> OptionStanceQuerySet:
        """The stances recorded on or before `day` (all when None); undated stances count as
        known at any date, since the sources give them without saying from when."""
        if day is None:
            return self
        return self.filter(Q(as_of__lte=day) | Q(as_of__isnull=True))

    def current(self, day: datetime.date | None = None) -> OptionStanceQuerySet:
        """The latest stance per option and party as of `day` (today's when None): one row
        each, chosen by a window over (option, party) in date order, undated rows first."""
        latest = Window(
            RowNumber(),
            partition_by=[F("option_id"), F("party_id")],
            order_by=[F("as_of").desc(nulls_last=True), F("id").desc()],
        )
        return self.as_of(day).annotate(recency=latest).filter(recency=1)


class OptionStance(CitedModel):
    """A party's stance on an option, as of a date, in the sources' words."""

    Stance = OptionStanceValue

    indexed_fields = ("stated_position", "condition")
    search_context = ("option", "party")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="stances")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="option_stances")
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.UNKNOWN)
    condition = models.TextField(
        blank=True, help_text="What the party asks for: required when the stance is conditional."
    )
    stated_position = models.TextField(help_text="The stance in the sources' words.")
    as_of, as_of_precision = precise_date()

    objects = OptionStanceQuerySet.as_manager()

    class Meta:
        ordering = ["option", "party__name", "as_of", "id"]
        indexes = field_indexes("option_stance", "stance", "as_of")
        constraints = [
            status_check("stance", OptionStanceValue, "option_stance"),
            *precision_check("as_of", "option_stance"),
            models.CheckConstraint(
                condition=(
                    Q(stance=OptionStanceValue.CONDITIONAL) & ~Q(condition="")
                    | ~Q(stance=OptionStanceValue.CONDITIONAL) & Q(condition="")
                ),
                name="option_stance_condition_when_conditional",
                violation_error_message=(
                    "State the condition exactly when the stance is “acceptable with conditions”."
                ),
            ),
            # One stance per party, option and date: a change of stance is a new date.
            models.UniqueConstraint(
                fields=["option", "party", "as_of"], name="option_stance_one_per_date"
            ),
            # NULLs are distinct in a unique index; the undated stance is one too.
            models.UniqueConstraint(
                fields=["option", "party"],
                condition=Q(as_of__isnull=True),
                name="option_stance_one_undated",
                violation_error_message=(
                    "This party already has an undated stance on this option; date one of them."
                ),
            ),
        ]

    name_related = ("party", "option__issue")

    CONDITION_RULE = "State the condition exactly when the stance is “acceptable with conditions”."

    def clean(self) -> None:
        # The constraint below says it too; here the message names the field to fix.
        super().clean()
        if (self.stance == OptionStanceValue.CONDITIONAL) != bool(self.condition):
            raise ValidationError({"condition": self.CONDITION_RULE})

    def __str__(self) -> str:
        stance = self.get_stance_display().lower()
        return f"{self.party}: {stance} — {shorten(self.option.title, 60)}"

    def get_absolute_url(self) -> str:
        return f"{self.option.issue.get_absolute_url()}#option-stance-{self.pk}"
