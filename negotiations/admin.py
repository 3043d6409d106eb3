"""The admin in which analysts edit the records, with history and revert on every model."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .dates import format_precise_date
from .models import (
    Citation,
    Delegation,
    DelegationMember,
    Development,
    Framework,
    FrameworkPoint,
    FrameworkVersion,
    Meeting,
    Party,
    Person,
    Place,
    PointLineage,
    Position,
    Role,
    Source,
    Statement,
    StickingIssue,
    Topic,
    VersionMeeting,
)


class CitationInline(GenericTabularInline):
    model = Citation
    fields = ["source", "excerpt", "attribution", "note"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class Inline(admin.TabularInline):
    """A tabular inline that loads, with its rows, what each row's name needs."""

    select_related: tuple[str, ...] = ()
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class TrackedAdmin(SimpleHistoryAdmin):
    """History (with revert) and read-only timestamps for every model."""

    readonly_fields = ["created_at", "updated_at"]
    history_list_display = ["history_change_reason"]


class CitedAdmin(TrackedAdmin):
    """Adds the record's citations as an inline; subclasses list their own inlines first."""

    inlines = [CitationInline]


def related_filter(*related: str):
    """A related-field filter whose choices load in one query, with what their names need."""

    class SelectRelatedFilter(admin.RelatedFieldListFilter):
        def field_choices(self, field, request, model_admin):
            queryset = field.related_model._default_manager.select_related(*related)
            ordering = self.field_admin_ordering(field, request, model_admin)
            if ordering:
                queryset = queryset.order_by(*ordering)
            return [(obj.pk, str(obj)) for obj in queryset]

    return SelectRelatedFilter


def dated(field: str, description: str = "Date"):
    """A list_display column printing a date at its precision."""

    @admin.display(description=description, ordering=field)
    def column(self, obj) -> str:
        return format_precise_date(getattr(obj, field), getattr(obj, f"{field}_precision"))

    return column


# --- Parties and people ----------------------------------------------------------------------


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
    autocomplete_fields = ["party"]


@admin.register(Party)
class PartyAdmin(CitedAdmin):
    list_display = ["name", "short_name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(CitedAdmin):
    list_display = ["name", "slug", "role_count"]
    list_filter = ["roles__party", "delegations__meeting"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=Count("roles"))

    @admin.display(description="Roles", ordering="role_count")
    def role_count(self, obj) -> int:
        return obj.role_count


@admin.register(Role)
class RoleAdmin(CitedAdmin):
    list_display = ["title", "person", "party", "body", "start", "end", "has_ended"]
    list_filter = ["has_ended", "party"]
    search_fields = ["title", "body", "person__name", "party__name"]
    autocomplete_fields = ["person", "party"]
    list_select_related = ["person", "party"]
    start = dated("start_date", "Start")
    end = dated("end_date", "End")


# --- Places, meetings, delegations -----------------------------------------------------------


@admin.register(Place)
class PlaceAdmin(CitedAdmin):
    list_display = ["__str__", "venue", "locality", "region", "country_code"]
    list_filter = ["country_code"]
    search_fields = ["venue", "locality", "region"]


class DelegationInline(Inline):
    select_related = ("party", "meeting")
    model = Delegation
    fields = ["party", "notes"]
    autocomplete_fields = ["party"]
    show_change_link = True  # members are edited on the delegation's own page


class VersionMeetingInline(Inline):
    select_related = ("version__framework", "meeting")
    model = VersionMeeting
    fields = ["version", "meeting", "kind"]
    autocomplete_fields = ["version", "meeting"]


class StatementInline(Inline):
    select_related = ("person",)
    model = Statement
    fields = ["person", "text", "date", "date_precision", "context"]
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(CitedAdmin):
    list_display = ["title", "when", "status", "place", "duration_minutes", "sequence"]
    list_filter = ["status", "date_precision"]
    search_fields = ["title", "summary", "characterisation"]
    autocomplete_fields = ["place"]
    list_select_related = ["place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DelegationInline, VersionMeetingInline, StatementInline, CitationInline]
    when = dated("date")


class DelegationMemberInline(Inline):
    select_related = ("person", "delegation__party", "delegation__meeting")
    model = DelegationMember
    fields = ["person", "role"]
    autocomplete_fields = ["person"]


@admin.register(Delegation)
class DelegationAdmin(CitedAdmin):
    list_display = ["__str__", "meeting", "party", "member_count"]
    list_filter = ["party"]
    search_fields = ["party__name", "meeting__title", "members__name"]
    autocomplete_fields = ["meeting", "party"]
    list_select_related = ["meeting", "party"]
    inlines = [DelegationMemberInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count


@admin.register(DelegationMember)
class DelegationMemberAdmin(TrackedAdmin):
    list_display = ["person", "role", "delegation"]
    list_filter = ["role"]
    search_fields = [
        "person__name",
        "delegation__party__name",
        "delegation__meeting__title",
    ]
    autocomplete_fields = ["delegation", "person"]
    list_select_related = ["person", "delegation__party", "delegation__meeting"]


# --- Frameworks ------------------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(TrackedAdmin):
    list_display = ["name", "slug"]
    list_filter = [("points__version", related_filter("framework"))]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class FrameworkVersionInline(Inline):
    select_related = ("framework",)
    model = FrameworkVersion
    fk_name = "framework"
    fields = ["label", "declared_points", "status", "date", "date_precision"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(CitedAdmin):
    list_display = ["title", "slug"]
    list_filter = ["versions__status"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FrameworkVersionInline, CitationInline]


class FrameworkPointInline(Inline):
    model = FrameworkPoint
    fields = ["number", "title", "status"]
    show_change_link = True


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(CitedAdmin):
    list_display = ["label", "framework", "status", "points", "when", "supersedes"]
    list_filter = ["status", "framework"]
    search_fields = ["label", "framework__title"]
    autocomplete_fields = ["framework", "supersedes", "authors"]
    list_select_related = ["framework", "supersedes__framework"]
    prepopulated_fields = {"slug": ["label"]}
    inlines = [FrameworkPointInline, VersionMeetingInline, CitationInline]
    when = dated("date")

    def get_queryset(self, request):
        return super().get_queryset(request).with_point_counts()

    @admin.display(description="Points known")
    def points(self, obj) -> str:
        declared = obj.declared_points if obj.declared_points is not None else "?"
        return f"{obj.known_points} of {declared}"


@admin.register(VersionMeeting)
class VersionMeetingAdmin(TrackedAdmin):
    list_display = ["version", "kind", "meeting"]
    list_filter = ["kind"]
    search_fields = ["version__label", "meeting__title"]
    autocomplete_fields = ["version", "meeting"]
    list_select_related = ["version__framework", "meeting"]


class LineageBackInline(Inline):
    select_related = ("from_point", "to_point")
    model = PointLineage
    fk_name = "to_point"
    fields = ["from_point", "kind", "note"]
    autocomplete_fields = ["from_point"]
    verbose_name = "derivation from an earlier point"
    verbose_name_plural = "derived from (lineage)"


@admin.register(FrameworkPoint)
class FrameworkPointAdmin(CitedAdmin):
    list_display = ["__str__", "version", "number", "status", "topic_list"]
    list_filter = ["status", ("version", related_filter("framework")), "topics"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["version", "topics"]
    list_select_related = ["version__framework"]
    inlines = [LineageBackInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="Topics")
    def topic_list(self, obj) -> str:
        return ", ".join(topic.name for topic in obj.topics.all())


@admin.register(PointLineage)
class PointLineageAdmin(CitedAdmin):
    list_display = ["__str__", "kind", "from_point", "to_point"]
    list_filter = ["kind"]
    search_fields = ["from_point__title", "to_point__title", "note"]
    autocomplete_fields = ["from_point", "to_point"]
    list_select_related = ["from_point", "to_point"]


# --- Sticking issues and positions -----------------------------------------------------------


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
    inlines = [PositionInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_count=Count("positions"))

    @admin.display(description="Positions", ordering="position_count")
    def position_count(self, obj) -> int:
        return obj.position_count


@admin.register(Position)
class PositionAdmin(CitedAdmin):
    list_display = ["party", "stance", "issue", "point", "as_of_display"]
    list_filter = ["stance", "party", "issue"]
    search_fields = ["stated_position", "party__name", "issue__title", "point__title"]
    autocomplete_fields = ["party", "issue", "point"]
    list_select_related = ["party", "issue", "point"]
    as_of_display = dated("as_of", "As of")


# --- Statements and developments -------------------------------------------------------------


@admin.register(Statement)
class StatementAdmin(CitedAdmin):
    list_display = ["__str__", "person", "meeting", "when"]
    list_filter = ["date_precision"]
    search_fields = ["text", "context", "person__name"]
    autocomplete_fields = ["person", "meeting"]
    list_select_related = ["person", "meeting"]
    when = dated("date")


@admin.register(Development)
class DevelopmentAdmin(CitedAdmin):
    list_display = ["title", "kind", "when", "party_list"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["parties"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    when = dated("date")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties")

    @admin.display(description="Parties")
    def party_list(self, obj) -> str:
        return ", ".join(party.name for party in obj.parties.all())


# --- Sources and citations -------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(TrackedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "publisher",
        "dateline",
        "published_date",
        "kind",
        "citation_count",
    ]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="Citations", ordering="citation_count")
    def citation_count(self, obj) -> int:
        return obj.citation_count


@admin.register(Citation)
class CitationAdmin(TrackedAdmin):
    list_display = ["__str__", "cited_record", "content_type", "attribution"]
    list_filter = [
        "attribution",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "source",
    ]
    search_fields = ["excerpt", "note", "source__title"]
    autocomplete_fields = ["source"]
    list_select_related = ["source", "content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_records()

    @admin.display(description="Record")
    def cited_record(self, obj) -> str:
        return str(obj.content_object)
