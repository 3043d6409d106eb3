"""Filter fields every list shares, the HTML pages' and the API's alike: ids and times,
validated (never a whole table as a dropdown)."""

import datetime

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(filters.Filter):
    """A whole number, validated as one. (django-filter's NumberFilter takes decimals such as
    1e999999, whose conversion to an integer for the query would run for minutes.)"""

    field_class = forms.IntegerField


class IdFilter(WholeNumberFilter):
    """A related record's id: a whole number, validated, rendered as a plain input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, in UTC: databases refuse some offsets (+16:00 in PostgreSQL), and
    some times do not exist in UTC (year 1 east of Greenwich)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError("This time is out of range.") from error


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField
