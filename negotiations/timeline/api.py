"""The timeline resource: meetings, developments, statements and stances in one dated list."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import generics, serializers

from negotiations import models as m
from negotiations.api.fields import PreciseDateDisplayField, RefSerializer, api_url, ref
from negotiations.api.pagination import TimelineCursorPagination
from negotiations.api.queries import StrictQueryMixin
from negotiations.disputes.selectors import disputed_names
from negotiations.exports.csv import CSVListMixin
from negotiations.timeline.filters import TimelineFilterSet
from negotiations.timeline.selectors import timeline_entries, timeline_records, timeline_sources


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.TimelineEntry.Kind.choices)
    id = serializers.IntegerField(source="object_id")
    url = serializers.SerializerMethodField()
    date = serializers.DateField(allow_null=True)
    date_precision = serializers.CharField()
    date_display = PreciseDateDisplayField()
    title = serializers.CharField()
    status = serializers.CharField(
        help_text="A meeting's status, a stance's value on its option; empty for other kinds."
    )
    parties = serializers.SerializerMethodField()
    place = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()
    option = serializers.SerializerMethodField()
    disputed = serializers.SerializerMethodField()

    def _record(self, entry):
        return self.context["records"].get((entry.kind, entry.object_id))

    def _ref(self, record) -> dict | None:
        if record is None:
            return None
        return ref(record, self.context.get("request"))

    def get_url(self, entry) -> str:
        return api_url(self._record(entry), self.context.get("request"))

    @extend_schema_field(RefSerializer(many=True))
    def get_parties(self, entry) -> list[dict]:
        record = self._record(entry)
        if entry.kind == "meeting":
            parties = [delegation.party for delegation in record.delegation_list]
        elif entry.kind == "development":
            parties = record.party_list
        elif entry.kind == "optionstance":
            parties = [record.party]
        else:
            parties = []
        return [self._ref(party) for party in parties]

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_place(self, entry) -> dict | None:
        record = self._record(entry)
        return self._ref(record.place) if entry.kind == "meeting" and record.place else None

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_person(self, entry) -> dict | None:
        return self._ref(self._record(entry).person) if entry.kind == "statement" else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_disputed(self, entry) -> list[str]:
        """The record's facts that sources give differently: see its `disputed_fields`."""
        return self.context.get("disputed", {}).get((entry.kind, entry.object_id), [])

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_meeting(self, entry) -> dict | None:
        record = self._record(entry)
        return self._ref(record.meeting) if entry.kind == "statement" and record.meeting else None

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_option(self, entry) -> dict | None:
        """A stance's option; null for other kinds."""
        return self._ref(self._record(entry).option) if entry.kind == "optionstance" else None


class TimelineView(StrictQueryMixin, CSVListMixin, generics.ListAPIView):
    """Meetings, developments, statements and parties' stances on the options, merged in date
    order (undated last)."""

    serializer_class = TimelineEntrySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TimelineFilterSet
    pagination_class = TimelineCursorPagination

    def get_queryset(self):
        return timeline_entries()

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            return super().list(request, *args, **kwargs)  # the whole list, streamed
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {
            **self.get_serializer_context(),
            "records": timeline_records(page),
            "disputed": disputed_names((entry.kind, entry.object_id) for entry in page),
        }
        data = TimelineEntrySerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def csv_header(self):  # (`list` here is the view's method, not the type)
        return [*super().csv_header(), "sources"]

    def csv_serialize(self, entries):
        # The CSV also names each entry's sources (a spreadsheet has no link to follow).
        context = {
            **self.get_serializer_context(),
            "records": timeline_records(entries),
            "disputed": disputed_names((entry.kind, entry.object_id) for entry in entries),
        }
        rows = TimelineEntrySerializer(entries, many=True, context=context).data
        sources = timeline_sources(entries)
        return [
            {**row, "sources": sources.get((entry.kind, entry.object_id), [])}
            for entry, row in zip(entries, rows, strict=True)
        ]
