"""What every admin page shares: history with revert, citations, precise dates."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from simple_history.admin import SimpleHistoryAdmin

from negotiations.dates import format_precise_date
from negotiations.models import Citation


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
