"""Sticking issues and the positions parties take on them."""

from django.contrib import admin

from negotiations.admin.base import CitedAdmin, CountColumn, Inline, dated
from negotiations.admin.imports import BulkImportMixin
from negotiations.imports import PositionResource
from negotiations.models import (
    Position,
    StickingIssue,
)


class PositionInline(Inline):
    select_related = ("party", "issue", "point")
    model = Position
    fields = ["party", "stance", "stated_position", "as_of", "as_of_precision"]
    autocomplete_fields = ["party"]


@admin.register(StickingIssue)
class StickingIssueAdmin(CitedAdmin):
    list_display = ["title", "status", "priority", "position_count"]
    list_filter = ["status", "priority"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["related_points", "related_meetings"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PositionInline]
    position_count = CountColumn("positions", "Positions")


@admin.register(Position)
class PositionAdmin(BulkImportMixin, CitedAdmin):
    resource_classes = [PositionResource]
    list_display = ["party", "stance", "issue", "point", "as_of_display"]
    list_filter = ["stance", "party", "issue"]
    search_fields = ["stated_position", "party__name", "issue__title", "point__title"]
    autocomplete_fields = ["party", "issue", "point"]
    as_of_display = dated("as_of", "As of")
