"""Sticking issues and the positions parties take on them."""

from django.contrib import admin

from negotiations.admin.base import CitedAdmin, CountColumn, Inline, dated
from negotiations.admin.imports import BulkImportMixin
from negotiations.admin.options import OptionInline
from negotiations.models import (
    Position,
    StickingIssue,
)


class PositionInline(Inline):
    select_related = ("party", "issue", "point")
    model = Position
    fields = ["party", "stance", "stated_position", "as_of", "as_of_precision"]


@admin.register(StickingIssue)
class StickingIssueAdmin(CitedAdmin):
    list_display = [
        "title",
        "status",
        "priority",
        CountColumn("positions", "Positions"),
        CountColumn("options", "Options"),
    ]
    list_filter = ["status", "priority"]
    search_fields = ["title", "description"]
    inlines = [OptionInline, PositionInline]


@admin.register(Position)
class PositionAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["party", "stance", "issue", "point", "as_of_display"]
    list_filter = ["stance", "party", "issue"]
    search_fields = ["stated_position", "party__name", "issue__title", "point__title"]
    as_of_display = dated("as_of", "As of")
