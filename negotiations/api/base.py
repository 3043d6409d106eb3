"""The base serializer: links, embedded citations, and writes through the service layer."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict

from negotiations.api.disputes import DisputedFieldsField
from negotiations.api.fields import (
    HtmlLinkField,
    LocalTimeField,
    PreciseDateDisplayField,
    RefField,
    SelfLinkField,
    api_links,
)
from negotiations.models import Citation, Source
from negotiations.services import record_save


class CitationSummaryListSerializer(serializers.ListSerializer):
    """A record's citations, each read straight from its prefetched row: a list of 20
    records embeds a thousand citations, and DRF's walk of the eight fields of each (an
    attribute lookup and a call a field) cost more than the rest of the page. The fields below
    still decide what a citation shows (and the schema), and each prints its value."""

    def to_representation(self, data):
        citations = data.all() if isinstance(data, models.manager.BaseManager) else data
        fields = self.child.fields
        source_url = api_links("source", self.context.get("request"))
        columns = [
            (name, fields[name].to_representation)
            for name in ("excerpt", "attribution", "credibility", "note")
        ]
        title = fields["source_title"].to_representation
        reliability = fields["source_reliability"].to_representation
        rows = []
        for citation in citations:
            source = citation.source  # select_related (with_source)
            row = {
                "id": citation.pk,
                "source": {"id": source.pk, "url": source_url(source.pk), "name": str(source)},
                "source_title": title(source.title),
                "source_reliability": reliability(source.reliability),
            }
            for name, show in columns:
                value = getattr(citation, name)
                row[name] = None if value is None else show(value)
            rows.append(row)
        return rows


class CitationSummarySerializer(serializers.ModelSerializer):
    """A citation: the source, its verbatim excerpt and how it is attributed."""

    source = RefField(read_only=True)
    source_title = serializers.CharField(source="source.title", read_only=True)
    source_reliability = serializers.ChoiceField(
        source="source.reliability", choices=Source.Reliability.choices, read_only=True
    )

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "source_title",
            "source_reliability",
            "excerpt",
            "attribution",
            "credibility",
            "note",
        ]
        list_serializer_class = CitationSummaryListSerializer


# What the browsable API's HTML forms post besides the record's fields.
FORM_KEYS = {"csrfmiddlewaretoken", "_method", "_content", "_content_type"}

# Every record starts with these; cited records end with their citations.
BASE_FIELDS = ["id", "url", "html_url", "revision", "created_at", "updated_at"]


# Every record: id, API link, revision (the ETag), timestamps, citations. Writes go through
# the service layer, whose full_clean() makes named database constraints answer as 400s with
# messages rather than as IntegrityErrors. (Comments, not docstrings: the schema would show them.)
class TrackedSerializer(serializers.ModelSerializer):
    serializer_related_field = RefField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: LocalTimeField,
    }
    url = SelfLinkField()
    html_url = HtmlLinkField()

    # "<date>_display" in Meta.fields is that precise date as it prints (see precise_date).
    def build_unknown_field(self, field_name, model_class):
        date_field = field_name.removesuffix("_display")
        if date_field != field_name and hasattr(model_class, f"{date_field}_precision"):
            return PreciseDateDisplayField, {"date_field": date_field}
        return super().build_unknown_field(field_name, model_class)

    # A write must say something, and only in names the record has: a misspelt field would
    # otherwise be dropped silently and the write "succeed" (read-only fields, as a GET
    # returns them, may be sent back and are ignored).
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields) - FORM_KEYS)
            if unknown:
                raise serializers.ValidationError({name: ["No such field."] for name in unknown})
            writable = [name for name, field in self.fields.items() if not field.read_only]
            if not any(name in data for name in writable):
                raise serializers.ValidationError(
                    {
                        api_settings.NON_FIELD_ERRORS_KEY: [
                            "No fields to write were sent; this record takes: "
                            + ", ".join(writable)
                            + "."
                        ]
                    }
                )
        return super().to_internal_value(data)

    def create(self, validated_data):
        fields, m2m = split_m2m(self.Meta.model, validated_data)
        with model_errors_as_400(self):
            record = self.Meta.model()
            return record_save(record=record, fields=fields, m2m=m2m, by=self.user())

    def update(self, instance, validated_data):
        fields, m2m = split_m2m(self.Meta.model, validated_data)
        with model_errors_as_400(self):
            return record_save(
                record=instance, fields=fields, m2m=m2m, expected=self.expected(), by=self.user()
            )

    def user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def expected(self) -> int | None:
        # The If-Match revision, set by the view (negotiations.api.conditional); None: any.
        return self.context.get("expected_revision")


class CitedSerializer(TrackedSerializer):
    citations = CitationSummarySerializer(many=True, read_only=True)
    # Shown by the kinds with facts (negotiations.models.accounts.FACTS): `DISPUTED` in fields.
    disputed_fields = DisputedFieldsField()


def split_m2m(model: type[models.Model], data: Mapping) -> tuple[dict, dict]:
    """The validated data as the record's own fields and its many-to-many links."""
    names = {field.name for field in model._meta.many_to_many}
    fields = {name: value for name, value in data.items() if name not in names}
    return fields, {name: value for name, value in data.items() if name in names}


@contextmanager
def model_errors_as_400(serializer: serializers.Serializer) -> Iterator[None]:
    """The service's full_clean refusal as DRF's 400, with the same field messages (kept with
    the serializer, as is_valid() keeps its errors, so the browsable API's form shows them)."""
    try:
        yield
    except DjangoValidationError as error:
        detail = ReturnDict(_as_api_errors(error), serializer=serializer)
        raise serializers.ValidationError(detail) from error


def _as_api_errors(error: DjangoValidationError) -> dict:
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail
