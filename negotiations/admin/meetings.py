"""Places, meetings, delegations and their members."""

from django.contrib import admin

from negotiations.admin.base import (
    CitedAdmin,
    CountColumn,
    Inline,
    TrackedAdmin,
    dated,
)
from negotiations.admin.frameworks import VersionMeetingInline
from negotiations.admin.imports import BulkImportMixin
from negotiations.models import (
    Delegation,
    DelegationMember,
    Meeting,
    Place,
    Statement,
)


@admin.register(Place)
class PlaceAdmin(CitedAdmin):
    list_display = ["__str__", "venue", "locality", "region", "country_code"]
    list_filter = ["country_code"]
    search_fields = ["venue", "locality", "region"]


class DelegationInline(Inline):
    select_related = ("party", "meeting")
    model = Delegation
    fields = ["party", "notes"]
    show_change_link = True  # members are edited on the delegation's own page


class StatementInline(Inline):
    select_related = ("person",)
    model = Statement
    fields = ["person", "text", "date", "date_precision", "context"]


@admin.register(Meeting)
class MeetingAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["title", "when", "status", "place", "duration_minutes", "sequence"]
    list_filter = ["status", "date_precision"]
    search_fields = ["title", "summary", "characterisation"]
    date_hierarchy = "date"
    inlines = [DelegationInline, VersionMeetingInline, StatementInline]
    when = dated("date")


class DelegationMemberInline(Inline):
    select_related = ("person", "delegation__party", "delegation__meeting")
    model = DelegationMember
    fields = ["person", "role"]


@admin.register(Delegation)
class DelegationAdmin(CitedAdmin):
    list_display = ["__str__", "meeting", "party", CountColumn("memberships", "Members")]
    list_filter = ["party"]
    search_fields = ["party__name", "meeting__title", "members__name"]
    inlines = [DelegationMemberInline]


@admin.register(DelegationMember)
class DelegationMemberAdmin(TrackedAdmin):
    list_display = ["person", "role", "delegation"]
    list_filter = ["role"]
    search_fields = [
        "person__name",
        "delegation__party__name",
        "delegation__meeting__title",
    ]
    list_select_related = ["person", "delegation__party", "delegation__meeting"]
