"""What every record shares: timestamps, change history, and dates with a precision."""

import datetime
from collections.abc import Iterable
from typing import Self

from django.contrib.contenttypes.fields import GenericRelation
from django.db import connections, models, router, transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords


class DatePrecision(models.TextChoices):
    """How precisely a date is known (like ACLED's time_precision)."""

    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    UNKNOWN = "unknown", "Not reported"


def last_possible_day(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The latest day a date given at `precision` can mean ("week of 1 Dec" → 7 Dec, "December"
    → 31 Dec), or None when the date is not reported."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.WEEK:
        return value + datetime.timedelta(days=6)
    if precision == DatePrecision.MONTH:
        following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return value


def precision_check(prefix: str, model: str) -> list[models.CheckConstraint]:
    """Constraints tying `<prefix>` (a date) to `<prefix>_precision`.

    The precision must be a known value, and a date is stored exactly when it is known
    at some precision: "unknown" means the date is empty, never a guess.
    """
    date, precision = prefix, f"{prefix}_precision"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{precision}__in": DatePrecision.values}),
            name=f"{model}_{precision}_valid",
            violation_error_message=f"Unknown {precision.replace('_', ' ')}.",
        ),
        models.CheckConstraint(
            condition=(
                Q(**{precision: DatePrecision.UNKNOWN, f"{date}__isnull": True})
                | (~Q(**{precision: DatePrecision.UNKNOWN}) & Q(**{f"{date}__isnull": False}))
            ),
            name=f"{model}_{date}_matches_precision",
            violation_error_message=(
                f"Give a {date.replace('_', ' ')} exactly when its precision is not “not reported”."
            ),
        ),
    ]


def status_check(
    field: str, choices: type[models.TextChoices], model: str
) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"{model}_{field}_valid",
        violation_error_message=f"Unknown {field.replace('_', ' ')}.",
    )


def positive_check(field: str, *, name: str, message: str) -> models.CheckConstraint:
    """`field` is empty or above zero (a count or a number the sources may not give)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": 0}),
        name=name,
        violation_error_message=message,
    )


def field_indexes(model: str, *fields: str) -> list[models.Index]:
    """One index on each field, named `<model>_<field>_idx`: what lists filter and order by."""
    return [models.Index(fields=[field], name=f"{model}_{field}_idx") for field in fields]


class RevisionConflict(Exception):
    """The record is no longer at the revision the writer saw (`current` None: it is gone)."""

    def __init__(self, *, record: models.Model, expected: int | None, current: int | None):
        self.record, self.expected, self.current = record, expected, current
        super().__init__(
            f"{record._meta.label} {record.pk} is at revision {current}, not {expected}."
        )


def revisions_current(model: type[models.Model], pks: Iterable, *, lock: bool = True) -> dict:
    """Each record's revision now (a read), its row locked until the transaction ends when
    `lock` and inside one: the check before a write, for the admin's forms and actions."""
    rows = model._base_manager.filter(pk__in=list(pks))
    if lock and connections[router.db_for_write(model)].in_atomic_block:
        rows = rows.select_for_update()
    return dict(rows.values_list("pk", "revision"))


def revision_check(model: type[models.Model], pk, expected: int, *, lock: bool = True) -> None:
    """Raise RevisionConflict unless the stored record is at `expected` (changes nothing)."""
    current = revisions_current(model, [pk], lock=lock).get(pk)
    if current != expected:
        raise RevisionConflict(record=model(pk=pk), expected=expected, current=current)


class TrackedModel(models.Model):
    """Abstract base: created/updated timestamps, history with the user, citations."""

    # Defaults rather than auto_now so fixtures (raw saves) need no timestamps.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # Not "version": framework points have a `version` (the framework version they belong to).
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one on every change; the API's ETag."
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    # Fields whose text goes into the search index (negotiations.search.index); empty: not indexed.
    indexed_fields: tuple[str, ...] = ()
    # Paths to the indexed records that give this one its context: search also finds the record
    # when one of them matches (a position by its issue's title, a statement by its speaker).
    search_context: tuple[str, ...] = ()
    # The foreign keys (select_related paths) __str__ reads, and those get_absolute_url reads
    # besides: lists of records name and link them without a query each (negotiations.models.kinds).
    name_related: tuple[str, ...] = ()
    url_related: tuple[str, ...] = ()
    # Many-to-many fields whose changes the history records too (read by simple-history).
    _history_m2m_fields: tuple[str, ...] = ()

    # Set by revision_claim(), cleared by the save that writes the claimed number.
    _revision_claimed = False

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "revision"}
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # The claim and the write are one transaction; a record the service layer claimed is
        # written with that number, any other change of a stored record claims its own.
        try:
            with transaction.atomic(using=using, savepoint=False):
                if not self._state.adding and not self._revision_claimed:
                    self.revision_claim()
                super().save(*args, **kwargs)
        finally:
            self._revision_claimed = False  # a failed save claims afresh when tried again

    def revision_claim(self, *, expected: int | None = None) -> int:
        """Move the record to its next revision; the one place a revision number changes.

        The check and the increment are one UPDATE (… SET revision = revision + 1 WHERE pk = ?
        [AND revision = expected]), so of two writers expecting the same revision exactly one
        wins, on SQLite (the UPDATE takes the write lock first) and PostgreSQL (the row lock)
        alike. Raises RevisionConflict when no row was updated. The number goes on from the
        stored one, whatever the instance holds (a reverted historic copy goes on from today's).
        Call inside a transaction: the save that follows writes the claimed number.
        """
        using = self._state.db or router.db_for_write(type(self), instance=self)
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        with transaction.atomic(using=using, savepoint=False):
            matching = rows if expected is None else rows.filter(revision=expected)
            if not matching.update(revision=F("revision") + 1):
                current = rows.values_list("revision", flat=True).first()
                raise RevisionConflict(record=self, expected=expected, current=current)
            if expected is None:
                claimed = rows.values_list("revision", flat=True).get()
            else:
                claimed = expected + 1
        self.revision = claimed
        self._revision_claimed = True
        return claimed


def related_count(model: type[models.Model], field: str) -> Coalesce:
    """How many `model` rows point at each record by `field`, counted for each row a query
    returns (an index lookup of `field` each): where a Count() join would group every related
    row before a page is cut, and a list's total would join them all again."""
    rows = model._default_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


class CitedQuerySet(models.QuerySet):
    """Named filters every cited record has; each model's QuerySet builds on it."""

    def with_citations(self) -> Self:
        """Prefetch the records' citations with their sources, in one query: what a record's
        Sources (on its page, in the API, in the exports) shows."""
        # The model's own relation names Citation, which this module cannot import.
        citation = self.model._meta.get_field("citations").related_model
        return self.prefetch_related(Prefetch("citations", queryset=citation.objects.with_source()))

    def with_citation_summaries(self) -> Self:
        """with_citations() reading only what an embedded citation shows (the API's lists)."""
        citation = self.model._meta.get_field("citations").related_model
        return self.prefetch_related(Prefetch("citations", queryset=citation.objects.summaries()))

    def with_accounts(self) -> Self:
        """Prefetch the competing accounts of the records' facts with their citations and
        sources, in one query: what `disputed_fields` and a record page's disputes show."""
        account = self.model._meta.get_field("accounts").related_model
        return self.prefetch_related(Prefetch("accounts", queryset=account.objects.with_citation()))


class CitedModel(TrackedModel):
    """A record that makes claims, and so carries citations of its sources."""

    citations = GenericRelation("negotiations.Citation")
    # The competing accounts of its facts (negotiations.models.accounts), deleted with it.
    accounts = GenericRelation("negotiations.Account")

    objects = CitedQuerySet.as_manager()

    class Meta:
        abstract = True
