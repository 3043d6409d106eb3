"""What every record shares: timestamps, change history, and dates with a precision."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class DatePrecision(models.TextChoices):
    """How precisely a date is known (like ACLED's time_precision)."""

    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    UNKNOWN = "unknown", "Not reported"


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
    # Many-to-many fields whose changes the history records too (read by simple-history).
    _history_m2m_fields: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        if not self._state.adding:
            self.revision += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "revision"}
        super().save(*args, **kwargs)


class CitedModel(TrackedModel):
    """A record that makes claims, and so carries citations of its sources."""

    citations = GenericRelation("negotiations.Citation")

    class Meta:
        abstract = True
