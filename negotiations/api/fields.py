"""Fields shared by every serializer: compact links to related records, self links, dates."""

import functools
from collections.abc import Callable

from django.urls import get_script_prefix, reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from negotiations.dates import format_precise_date
from negotiations.links import origin as _origin
from negotiations.links import record_link

_PK = 987654321987654321  # stands for the id while a link's pattern is reversed


@functools.cache
def _detail_path(model_name: str, script_prefix: str) -> str:
    """The detail path of a kind of record with "{pk}" for the id. Reversing a URL costs far
    more than formatting a string, and a list of 50 meetings links to thousands of records."""
    path = reverse(f"api:{model_name}-detail", kwargs={"pk": _PK})
    return path.replace(str(_PK), "{pk}", 1)


def api_url(record, request=None) -> str:
    path = _detail_path(record._meta.model_name, get_script_prefix()).format(pk=record.pk)
    return _origin(request) + path


def api_links(model_name: str, request=None) -> Callable[[object], str]:
    """The API URL of a kind's records by id, as api_url() builds it, with the origin and the
    path around the id found once: for the many records of one kind a list embeds."""
    head, _, tail = _detail_path(model_name, get_script_prefix()).partition("{pk}")
    head = _origin(request) + head
    return lambda pk: f"{head}{pk}{tail}"


def ref(record, request=None) -> dict:
    """A related record as the API shows it."""
    return {"id": record.pk, "url": api_url(record, request), "name": str(record)}


class RefSerializer(serializers.Serializer):
    """How a related record appears: its id, its API link and a compact name."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    name = serializers.CharField()


class RefField(serializers.PrimaryKeyRelatedField):
    """Reads as {id, url, name}; writes take the related record's id."""

    def __init__(self, **kwargs):
        # The browsable API's forms take an id too, never a dropdown of a whole table.
        kwargs.setdefault("style", {"base_template": "input.html"})
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False  # the name needs the record itself (the queryset select_related it)

    def to_representation(self, value) -> dict:
        return ref(value, self.context.get("request"))

    def get_choices(self, cutoff=None) -> dict:
        # The browsable API's write forms key their options by value: use the id, not the dict.
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.pk: self.display_value(item) for item in queryset}


class RefFieldExtension(OpenApiSerializerFieldExtension):
    target_class = RefField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return auto_schema.resolve_serializer(RefSerializer, direction).ref


@extend_schema_field(OpenApiTypes.URI)
class SelfLinkField(serializers.Field):
    """The record's own API URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return api_url(value, self.context.get("request"))


@extend_schema_field(OpenApiTypes.URI)
class HtmlLinkField(serializers.Field):
    """The record's page for people (or the page that shows it, with an anchor)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return self.link_for(self.context.get("request"))(value)

    link_for = staticmethod(record_link)


def precise_date(field: str = "date") -> list[str]:
    """A precise date as a serializer lists it: the date, its precision, how it prints
    (TrackedSerializer builds the `_display` field)."""
    return [field, f"{field}_precision", f"{field}_display"]


@extend_schema_field(OpenApiTypes.STR)
class PreciseDateDisplayField(serializers.Field):
    """A date printed at its precision: "week of 1 Dec 2025", "date not reported"."""

    def __init__(self, date_field: str = "date", **kwargs):
        self.date_field = date_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return format_precise_date(
            getattr(value, self.date_field), getattr(value, f"{self.date_field}_precision")
        )


# JSON Schema's "time" format is RFC 3339's, which needs a UTC offset; these times have none.
@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "description": "Local time of day, HH:MM[:SS[.ffffff]], no time zone.",
        "example": "14:30:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day without a zone (a meeting's local start time)."""


@extend_schema_field(OpenApiTypes.INT)
class RelatedCountField(serializers.Field):
    """How many related records: the list's annotation of the field's name when the queryset
    has it (one query for a whole page), otherwise counted (a record just created)."""

    def __init__(self, relation: str, **kwargs):
        self.relation = relation
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> int:
        count = getattr(value, self.field_name, None)
        return getattr(value, self.relation).count() if count is None else count
