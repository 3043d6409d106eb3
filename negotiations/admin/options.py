"""The negotiation space: the options on each sticking issue and the parties' stances on them."""

from django.contrib import admin

from negotiations.admin.base import CitedAdmin, CountColumn, Inline, dated
from negotiations.admin.imports import BulkImportMixin
from negotiations.models import Option, OptionStance


class OptionInline(Inline):
    model = Option
    fields = ["title", "description"]
    show_change_link = True  # its stances, points and citations are edited on its own form


class OptionStanceInline(Inline):
    select_related = ("party", "option__issue")
    model = OptionStance
    fields = ["party", "stance", "condition", "stated_position", "as_of", "as_of_precision"]


@admin.register(Option)
class OptionAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["title", "issue", CountColumn("stances", "Stances")]
    list_filter = ["issue"]
    list_select_related = ["issue"]
    search_fields = ["title", "description", "issue__title"]
    inlines = [OptionStanceInline]


@admin.register(OptionStance)
class OptionStanceAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["party", "stance", "option", "as_of_display"]
    list_filter = ["stance", "party", "option__issue"]
    list_select_related = ["party", "option__issue"]
    search_fields = ["stated_position", "condition", "party__name", "option__title"]
    as_of_display = dated("as_of", "As of")
