"""Parties, people and their roles."""

from django.contrib import admin

from negotiations.admin.base import CitedAdmin, CountColumn, Inline, dated
from negotiations.admin.imports import BulkImportMixin
from negotiations.models import (
    Party,
    Person,
    Role,
)


class RoleInline(Inline):
    select_related = ("person", "party")
    model = Role
    fields = [
        "title",
        "party",
        "body",
        "start_date",
        "start_date_precision",
        "end_date",
        "end_date_precision",
        "has_ended",
    ]


@admin.register(Party)
class PartyAdmin(CitedAdmin):
    list_display = ["name", "short_name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]


@admin.register(Person)
class PersonAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["name", "slug", CountColumn("roles", "Roles")]
    list_filter = ["roles__party", "delegations__meeting"]
    search_fields = ["name", "slug"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["title", "person", "party", "body", "start", "end", "has_ended"]
    list_filter = ["has_ended", "party"]
    search_fields = ["title", "body", "person__name", "party__name"]
    start = dated("start_date", "Start")
    end = dated("end_date", "End")
