"""The composite resources: the timeline, the version comparison, and deletions for mirrors."""

from django.apps import apps
from django.db.models import CharField, F, Value
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from negotiations import models as m
from negotiations.lineage import ComparisonError, version_compare
from negotiations.models.base import TrackedModel
from negotiations.timeline import timeline_entries, timeline_records

from .csv import CSVListMixin
from .fields import PreciseDateDisplayField, RefField, RefSerializer, api_url, ref
from .filters import TimelineFilterSet
from .pagination import PagePagination, TimelineCursorPagination
from .queries import StrictQueryMixin

# --- Timeline --------------------------------------------------------------------------------


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.TimelineEntry.Kind.choices)
    id = serializers.IntegerField(source="object_id")
    url = serializers.SerializerMethodField()
    date = serializers.DateField(allow_null=True)
    date_precision = serializers.CharField()
    date_display = PreciseDateDisplayField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="A meeting's status; empty for other kinds.")
    parties = serializers.SerializerMethodField()
    place = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()

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
            parties = [delegation.party for delegation in record.delegations.all()]
        elif entry.kind == "development":
            parties = list(record.parties.all())
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

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_meeting(self, entry) -> dict | None:
        record = self._record(entry)
        return self._ref(record.meeting) if entry.kind == "statement" and record.meeting else None


class TimelineView(StrictQueryMixin, CSVListMixin, generics.ListAPIView):
    """Meetings, developments and statements merged in date order (undated last)."""

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
        context = {**self.get_serializer_context(), "records": timeline_records(page)}
        data = TimelineEntrySerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def csv_serialize(self, entries):
        context = {**self.get_serializer_context(), "records": timeline_records(entries)}
        return TimelineEntrySerializer(entries, many=True, context=context).data


# --- Comparing two framework versions --------------------------------------------------------


class DiffOpSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "delete", "insert"])
    text = serializers.CharField()


class ComparedPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    number = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    status = serializers.CharField()

    def get_url(self, point) -> str:
        return api_url(point, self.context.get("request"))


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.PointLineage.Kind.choices)
    from_points = ComparedPointSerializer(many=True)
    to_points = ComparedPointSerializer(many=True)
    diff = DiffOpSerializer(many=True, allow_null=True, help_text="Word-level, for rewordings.")
    note = serializers.CharField()


class VersionSideSerializer(serializers.Serializer):
    version = RefField(read_only=True)
    declared = serializers.IntegerField(allow_null=True, help_text="Points the version declares.")
    known = serializers.IntegerField(help_text="Points the sources give.")
    unknown = serializers.IntegerField(allow_null=True, help_text="Declared but not yet known.")


class ComparisonSerializer(serializers.Serializer):
    older = VersionSideSerializer()
    newer = VersionSideSerializer()
    changes = ChangeSerializer(many=True)
    untraced_older = ComparedPointSerializer(many=True)
    untraced_newer = ComparedPointSerializer(many=True)


class CompareView(StrictQueryMixin, APIView):
    """How the newer of two consecutive versions derives from the older, point by point."""

    queryset = m.FrameworkVersion.objects.all()  # for the permission check

    @extend_schema(responses=ComparisonSerializer)
    def get(self, request, pk: int, other_pk: int):
        versions = m.FrameworkVersion.objects.select_related("framework", "supersedes")
        first = get_object_or_404(versions, pk=pk)
        second = get_object_or_404(versions, pk=other_pk)
        older, newer = (second, first) if first.supersedes_id == second.pk else (first, second)
        try:
            comparison = version_compare(older=older, newer=newer)
        except ComparisonError as error:
            raise ValidationError({"detail": str(error)}) from error
        return Response(ComparisonSerializer(comparison, context={"request": request}).data)


# --- Deletions, for mirrors ------------------------------------------------------------------


class DeletionSerializer(serializers.Serializer):
    kind = serializers.CharField(
        source="record_kind", help_text="The record's model name, e.g. meeting."
    )
    id = serializers.IntegerField()
    deleted_at = serializers.DateTimeField()


class DeletionsView(StrictQueryMixin, generics.ListAPIView):
    """Ids and kinds of records deleted since a time (from the change history)."""

    serializer_class = DeletionSerializer
    pagination_class = PagePagination
    extra_query_params = ("since",)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                OpenApiParameter.QUERY,
                required=True,
                description="ISO 8601 time; deletions at or after it.",
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request data
            return m.Meeting.history.none()
        raw = self.request.query_params.get("since")
        if not raw:
            raise ValidationError({"since": ["This parameter is required."]})
        try:
            since = serializers.DateTimeField().to_internal_value(raw)
        except serializers.ValidationError as error:
            raise ValidationError({"since": error.detail}) from error
        deleted = [
            model.history.filter(history_type="-", history_date__gte=since)
            .values(
                "id",
                deleted_at=F("history_date"),
                record_kind=Value(model._meta.model_name, output_field=CharField()),
            )
            .order_by()  # a part of a UNION cannot be ordered on its own
            for model in apps.get_app_config("negotiations").get_models()
            if issubclass(model, TrackedModel)
        ]
        return deleted[0].union(*deleted[1:], all=True).order_by("-deleted_at", "record_kind", "id")
