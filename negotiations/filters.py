"""Filter fields every list shares, the HTML pages' and the API's alike: ids and times,
validated (never a whole table as a dropdown)."""

import datetime

from django import forms
from django.core.validators import slug_re
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


class PartyField(forms.CharField):
    """A party named by its id ("3") or its slug ("ukraine"), cleaned to its id, so every list
    filters by party the way the calendar and the party pages name one. A slug costs one
    lookup; an unknown slug is refused by name, an unknown id matches nothing (as before)."""

    default_error_messages = {
        "invalid": "Enter a party's id or slug.",
        "unknown": "No party has the slug “%(slug)s”.",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        if value.isascii() and value.isdigit():
            party_id = int(value)
            if not 1 <= party_id <= MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return party_id
        if not slug_re.match(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        from negotiations.models import Party  # the filters load before the app's models

        party_id = Party.objects.filter(slug=value).values_list("pk", flat=True).first()
        if party_id is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"slug": value}
            )
        return party_id


@extend_schema_field(OpenApiTypes.STR)
class PartyFilter(filters.Filter):
    """A party, by id or slug (PartyField): what every list's `party` filter takes."""

    field_class = PartyField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Party id or slug")
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
