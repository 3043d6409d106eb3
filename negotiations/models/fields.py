"""Field declarations several models share, written once."""

from typing import Any

from django.db import models

from negotiations.models.base import DatePrecision


def precise_date(**date_options: Any) -> tuple[models.DateField, models.CharField]:
    """A date the sources may give or not, and how precisely they give it.

    Assign both at once: `date, date_precision = precise_date()`; precision_check() holds
    the two together in the database.
    """
    return (
        models.DateField(null=True, blank=True, **date_options),
        models.CharField(
            max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
        ),
    )


def optional_link(to: Any, *, on_delete: Any, **options: Any) -> models.ForeignKey:
    """A foreign key the sources may leave empty (an unnamed holder, a point not given)."""
    return models.ForeignKey(to, on_delete=on_delete, null=True, blank=True, **options)
