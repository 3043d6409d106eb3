"""Competing accounts: one source's version of one fact of one record.

A fact is one of a few fields of a record that sources report and may disagree on (a meeting's
date, duration, place or status; a version's declared point count; a stance; a role's dates; a
quote's wording). Each account gives its value with the citation that reports it; two accounts
of one fact with different values make it disputed, and an analyst may accept one of them as
the record's value (negotiations.services.accounts), keeping the others.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache

from django import forms
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse

from negotiations.models.base import DatePrecision, TrackedModel
from negotiations.models.sources import Citation

# The facts each kind of record has: what sources report, as opposed to how the record is
# organised (titles, slugs, summaries in the desk's words, links between records).
FACTS: dict[str, tuple[str, ...]] = {
    "meeting": ("date", "end_date", "duration_minutes", "place", "status"),
    "frameworkversion": ("declared_points", "date", "status"),
    "position": ("stance", "as_of"),
    "role": ("start_date", "end_date"),
    "statement": ("text", "date"),
    "development": ("date",),
}

# A value given at a precision: what a date fact's account holds.
KNOWN_PRECISIONS = [choice for choice in DatePrecision.choices if choice[0] != "unknown"]


@dataclass(frozen=True)
class Fact:
    """One fact field of one kind of record: how its accounts' values are checked, written to
    the record and shown."""

    kind: str  # the model name
    name: str  # the model field

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model("negotiations", self.kind)

    @property
    def model_field(self) -> models.Field:
        return self.model._meta.get_field(self.name)

    @property
    def precise(self) -> bool:
        """A date with a precision ("date" and "date_precision"): the value is
        {"date": "2025-11-30", "precision": "day"}."""
        return any(f.name == f"{self.name}_precision" for f in self.model._meta.fields)

    @property
    def label(self) -> str:
        return str(self.model_field.verbose_name).replace(" minutes", "")

    def columns(self, value) -> dict[str, object]:
        """The record's field values that `value` (valid) stands for."""
        if self.precise:
            return {
                self.name: datetime.date.fromisoformat(value["date"]),
                f"{self.name}_precision": value["precision"],
            }
        if isinstance(self.model_field, models.ForeignKey):
            return {self.model_field.attname: value}
        if isinstance(self.model_field, models.DateField):
            return {self.name: datetime.date.fromisoformat(value)}
        return {self.name: value}

    def of_record(self, record: models.Model):
        """The record's value of this fact, as an account would give it (None: not reported)."""
        if self.precise:
            date = getattr(record, self.name)
            if date is None:
                return None
            return {
                "date": date.isoformat(),
                "precision": getattr(record, f"{self.name}_precision"),
            }
        value = getattr(record, self.model_field.attname)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value if value != "" else None

    def clean(self, value):
        """`value` as stored (JSON), checked by the record field's own form field; raises
        ValidationError with the field's message."""
        if self.precise:
            if not isinstance(value, dict) or set(value) != {"date", "precision"}:
                raise ValidationError(
                    'A date is given as {"date": "YYYY-MM-DD", "precision": "day|week|month"}.'
                )
            date = iso_date(value["date"])
            precision = forms.ChoiceField(choices=KNOWN_PRECISIONS).clean(value["precision"])
            return {"date": date, "precision": precision}
        if isinstance(value, (dict, list)) or value is None or value == "":
            raise ValidationError("Give the value this account reports.")
        field = self.model_field
        if isinstance(field, models.ForeignKey):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
                raise ValidationError(f"Give the {field.related_model._meta.verbose_name}'s id.")
            if not field.related_model._default_manager.filter(pk=value).exists():
                raise ValidationError(f"No {field.related_model._meta.verbose_name} {value}.")
            return value
        if isinstance(field, models.DateField):
            return iso_date(value)
        if isinstance(field, models.IntegerField):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError("Give a whole number.")
        elif not isinstance(value, str):
            raise ValidationError("Give the value as text.")
        elif "\x00" in value:  # PostgreSQL's JSON cannot hold it
            raise ValidationError("Null characters are not allowed.")
        field.clean(value, None)  # choices, bounds, length: the record's own rules
        return value


def iso_date(value) -> str:
    """`value` if it is a date as ISO 8601 writes it ("2025-11-30"); ValidationError if not."""
    try:
        if isinstance(value, str) and len(value) == 10:
            return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise ValidationError("Give a date as YYYY-MM-DD.")


@cache
def facts() -> dict[tuple[str, str], Fact]:
    """(kind, field) → the fact, for every fact of every kind."""
    return {(kind, name): Fact(kind, name) for kind, names in FACTS.items() for name in names}


def fact(kind: str, name: str) -> Fact:
    """The fact `name` of records of `kind`; LookupError when there is none."""
    try:
        return facts()[kind, name]
    except KeyError:
        raise LookupError(f"A {kind} has no fact {name!r}.") from None


# Every field name that is a fact of some kind; which kind has which, clean() checks.
FACT_NAMES = sorted({name for names in FACTS.values() for name in names})


def canonical(value) -> str:
    """The value as one text: two accounts agree exactly when these are equal."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class AccountQuerySet(models.QuerySet):
    def of_records(self, records) -> AccountQuerySet:
        """The accounts of `records` (of one kind)."""
        records = list(records)
        if not records:
            return self.none()
        content_type = ContentType.objects.get_for_model(records[0])
        return self.filter(content_type=content_type, object_id__in=[r.pk for r in records])

    def with_citation(self) -> AccountQuerySet:
        """Each account with its citation and source, as a page lists it side by side."""
        return self.select_related("citation__source", "content_type").defer(
            "citation__source__text"
        )

    def facts(self) -> models.QuerySet:
        """One row per fact these accounts speak to: the record, the field, how many accounts
        and distinct values, whether one is accepted and when the newest arrived."""
        return (
            self.order_by()
            .values("content_type", "object_id", "field")
            .annotate(
                accounts=Count("id"),
                values=Count("value_text", distinct=True),
                settled=Max("accepted_at"),
                latest=Max("created_at"),
            )
        )

    def disputes(self) -> models.QuerySet:
        """The facts whose accounts give two or more different values."""
        return self.facts().filter(values__gt=1)


class Account(TrackedModel):
    """One source's version of one fact of one record, with the citation that reports it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=40,
        choices=[(name, name.replace("_", " ")) for name in FACT_NAMES],
        help_text="The fact of the record this account gives.",
    )
    value = models.JSONField(
        help_text='The value it gives, as the API writes the field; a date as {"date": '
        '"2025-11-30", "precision": "day"}.'
    )
    # The value as canonical JSON (negotiations.models.accounts.canonical): accounts agree when
    # these are equal, which the database can count and group by on both backends.
    value_text = models.TextField(editable=False, default="")
    citation = models.ForeignKey(
        Citation,
        # RESTRICT, not PROTECT: a citation that an account quotes cannot be deleted alone, but
        # its record can be, taking the citation and the account with it.
        on_delete=models.RESTRICT,
        related_name="accounts",
        help_text="The citation of the record that reports this value.",
    )
    accepted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an analyst accepted this account as the record's value.",
    )
    accepted_reason = models.TextField(
        blank=True, editable=False, help_text="Why this account was accepted."
    )

    objects = AccountQuerySet.as_manager()

    name_related = ("citation__source",)
    url_related = ("content_type",)

    class Meta:
        ordering = ["content_type_id", "object_id", "field", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "field"], name="account_fact_idx"),
            models.Index(fields=["created_at"], name="account_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(field__in=FACT_NAMES),
                name="account_field_valid",
                violation_error_message="Unknown field: accounts speak to facts only.",
            ),
            models.UniqueConstraint(
                fields=["citation", "field"],
                name="account_one_per_citation_and_field",
                violation_error_message="This citation already gives an account of this fact.",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"],
                condition=Q(accepted_at__isnull=False),
                name="account_one_accepted_per_fact",
                violation_error_message="Another account of this fact is accepted.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, accepted_reason="")
                | (Q(accepted_at__isnull=False) & ~Q(accepted_reason="")),
                name="account_accepted_with_reason",
                violation_error_message="An accepted account says why it was accepted.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation.source}: {self.field} = {self.value_text}"

    def get_absolute_url(self) -> str:
        # The record's page lists its disputed facts' accounts.
        record = self.record
        if record is None:
            return reverse("negotiations:disputes")
        return record.get_absolute_url()

    @property
    def fact(self) -> Fact:
        return fact(self.content_type.model, self.field)

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None

    def save(self, *args, **kwargs):
        self.value_text = canonical(self.value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "value_text"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if not self.content_type_id or self.field not in FACT_NAMES:
            return  # the fields' own checks say so
        try:
            found = fact(self.content_type.model, self.field)
        except LookupError:
            raise ValidationError(
                {"field": f"A {self.content_type.name} has no fact “{self.field}”."}
            ) from None
        if self.content_type_id and self.object_id is not None and self.record is None:
            raise ValidationError({"object_id": "No such record."})
        try:
            self.value = found.clean(self.value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from error
        if self.citation_id and (
            self.citation.content_type_id != self.content_type_id
            or self.citation.object_id != self.object_id
        ):
            raise ValidationError({"citation": "The citation must be one of this record's."})
