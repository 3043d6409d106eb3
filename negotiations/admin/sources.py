"""Sources and citations."""

from django.contrib import admin
from django.db import models

from negotiations.admin.base import CountColumn, TrackedAdmin
from negotiations.models import (
    Citation,
    Source,
)


@admin.register(Source)
class SourceAdmin(TrackedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "publisher",
        "dateline",
        "published_date",
        "kind",
        "reliability",
        CountColumn("citations", "Citations"),
    ]
    list_filter = ["kind", "reliability"]
    search_fields = ["title", "publisher", "text"]


@admin.register(Citation)
class CitationAdmin(TrackedAdmin):
    list_display = ["__str__", "cited_record", "content_type", "attribution", "grade"]
    list_filter = [
        "attribution",
        "credibility",
        "source__reliability",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "source",
    ]
    search_fields = ["excerpt", "note", "source__title"]
    list_select_related = ["source", "content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_records()

    @admin.display(description="Grade")
    def grade(self, obj) -> str:
        return obj.grade

    @admin.display(description="Record")
    def cited_record(self, obj) -> str:
        return str(obj.content_object)
