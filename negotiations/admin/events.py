"""Statements and developments."""

from django.contrib import admin

from negotiations.admin.base import CitedAdmin, dated
from negotiations.models import (
    Development,
    Statement,
)


@admin.register(Statement)
class StatementAdmin(CitedAdmin):
    list_display = ["__str__", "person", "meeting", "when"]
    list_filter = ["date_precision"]
    search_fields = ["text", "context", "person__name"]
    when = dated("date")


@admin.register(Development)
class DevelopmentAdmin(CitedAdmin):
    list_display = ["title", "kind", "when", "party_list"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "summary"]
    date_hierarchy = "date"
    when = dated("date")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties")

    @admin.display(description="Parties")
    def party_list(self, obj) -> str:
        return ", ".join(party.name for party in obj.parties.all())
