"""The base serializer: links, embedded citations, and the model's own validation on writes."""

import copy
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.settings import api_settings

from negotiations.api.fields import HtmlLinkField, LocalTimeField, RefField, SelfLinkField
from negotiations.models import Citation


class CitationSummarySerializer(serializers.ModelSerializer):
    """A citation: the source, its verbatim excerpt and how it is attributed."""

    source = RefField(read_only=True)
    source_title = serializers.CharField(source="source.title", read_only=True)

    class Meta:
        model = Citation
        fields = ["id", "source", "source_title", "excerpt", "attribution", "note"]


# What the browsable API's HTML forms post besides the record's fields.
FORM_KEYS = {"csrfmiddlewaretoken", "_method", "_content", "_content_type"}

# Every record starts with these; cited records end with their citations.
BASE_FIELDS = ["id", "url", "html_url", "revision", "created_at", "updated_at"]


# Every record: id, API link, revision (the ETag), timestamps, citations. Writes run the
# model's full_clean(), so named database constraints answer as 400s with messages rather
# than as IntegrityErrors. (Comments, not docstrings: the schema would show them.)
class TrackedSerializer(serializers.ModelSerializer):
    serializer_related_field = RefField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: LocalTimeField,
    }
    url = SelfLinkField()
    html_url = HtmlLinkField()

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

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        concrete = {field.name for field in model._meta.concrete_fields}
        record = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name in concrete:  # many-to-many and reverse relations are saved later
                setattr(record, name, value)
        try:
            record.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(_as_api_errors(error)) from error
        return attrs


class CitedSerializer(TrackedSerializer):
    citations = CitationSummarySerializer(many=True, read_only=True)


def _as_api_errors(error: DjangoValidationError) -> dict:
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail
