"""Frameworks, their versions and points, and point lineage."""

from django.contrib import admin

from negotiations import models as m
from negotiations.admin.base import (
    CitedAdmin,
    Inline,
    TrackedAdmin,
    dated,
    related_filter,
)
from negotiations.admin.imports import BulkImportMixin


class VersionMeetingInline(Inline):
    select_related = ("version__framework", "meeting")
    model = m.VersionMeeting
    fields = ["version", "meeting", "kind"]


@admin.register(m.Topic)
class TopicAdmin(TrackedAdmin):
    list_display = ["name", "slug"]
    list_filter = [("points__version", related_filter("framework"))]
    search_fields = ["name", "slug"]


class FrameworkVersionInline(Inline):
    select_related = ("framework",)
    model = m.FrameworkVersion
    fk_name = "framework"
    fields = [
        "label",
        "declared_points",
        "declared_points_basis",
        "status",
        "date",
        "date_precision",
    ]
    show_change_link = True


@admin.register(m.Framework)
class FrameworkAdmin(CitedAdmin):
    list_display = ["title", "slug"]
    list_filter = ["versions__status"]
    search_fields = ["title", "description"]
    inlines = [FrameworkVersionInline]


class FrameworkPointInline(Inline):
    model = m.FrameworkPoint
    fields = ["number", "title", "status"]
    show_change_link = True


@admin.register(m.FrameworkVersion)
class FrameworkVersionAdmin(CitedAdmin):
    list_display = ["label", "framework", "status", "points", "when", "supersedes"]
    list_filter = ["status", "framework"]
    search_fields = ["label", "summary", "framework__title"]
    list_select_related = ["framework", "supersedes__framework"]
    prepopulated_fields = {"slug": ["label"]}
    inlines = [FrameworkPointInline, VersionMeetingInline]
    when = dated("date")

    def get_queryset(self, request):
        return super().get_queryset(request).with_point_counts()

    @admin.display(description="Points known")
    def points(self, obj) -> str:
        return f"{obj.known_points} of {obj.declared_points_label or '?'}"


@admin.register(m.VersionMeeting)
class VersionMeetingAdmin(TrackedAdmin):
    list_display = ["version", "kind", "meeting"]
    list_filter = ["kind"]
    search_fields = ["version__label", "meeting__title"]
    list_select_related = ["version__framework", "meeting"]


class LineageBackInline(Inline):
    select_related = ("from_point", "to_point")
    model = m.PointLineage
    fk_name = "to_point"
    fields = ["from_point", "kind", "note"]
    verbose_name = "derivation from an earlier point"
    verbose_name_plural = "derived from (lineage)"


@admin.register(m.FrameworkPoint)
class FrameworkPointAdmin(BulkImportMixin, CitedAdmin):
    list_display = ["__str__", "version", "number", "status", "topic_list"]
    list_filter = ["status", ("version", related_filter("framework")), "topics"]
    search_fields = ["title", "text"]
    list_select_related = ["version__framework"]
    inlines = [LineageBackInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="Topics")
    def topic_list(self, obj) -> str:
        return ", ".join(topic.name for topic in obj.topics.all())


@admin.register(m.PointLineage)
class PointLineageAdmin(CitedAdmin):
    list_display = ["__str__", "kind", "from_point", "to_point"]
    list_filter = ["kind"]
    search_fields = ["from_point__title", "to_point__title", "note"]
