"""The change history as a JSON list: the same rows as the /changes/ page."""

from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError

from negotiations.api.pagination import PagePagination
from negotiations.api.queries import StrictQueryMixin
from negotiations.history.changes import (
    HISTORY_TYPES,
    Change,
    change_rows,
    changes_load,
    deletion_rows,
    editors_visible,
)
from negotiations.history.forms import ChangeFilterForm
from negotiations.models.kinds import tracked_kinds


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as in the record's JSON.")
    label = serializers.CharField()
    old = serializers.CharField(help_text="Before the change; related records by name.")
    new = serializers.CharField(help_text="After the change; empty when cleared.")


class RecordChangeSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="The record's model name, e.g. meeting.")
    kind_label = serializers.CharField()
    history_id = serializers.IntegerField(help_text="Unique within the kind.")
    record_id = serializers.IntegerField(source="object_id")
    record_name = serializers.CharField(source="name", help_text="The name at this change.")
    change_type = serializers.ChoiceField(choices=sorted(set(HISTORY_TYPES.values())))
    at = serializers.DateTimeField()
    user = serializers.CharField(
        allow_null=True,
        help_text="Who made the change (username), for signed-in requests only; null when not "
        "recorded and for anonymous requests.",
    )
    reason = serializers.CharField(help_text="The change reason, when one was given.")
    record_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    history_url = serializers.SerializerMethodField()
    fields = FieldChangeSerializer(many=True)

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_record_url(self, change: Change) -> str | None:
        """The record's JSON; null once it is deleted, and for the links the API shows inside
        other records only (delegation members, version meetings)."""
        if change.record is None:
            return None
        try:
            path = reverse(tracked_kinds()[change.kind].api_detail, args=[change.object_id])
        except NoReverseMatch:
            return None
        return self._absolute(path)

    def get_html_url(self, change: Change) -> str | None:
        """The record's page; null once it is deleted."""
        return self._absolute(change.html_url) if change.html_url else None

    def get_history_url(self, change: Change) -> str:
        """The record's history page, this change anchored."""
        return self._absolute(f"{change.history_url}#{change.guid}")


class ChangesView(StrictQueryMixin, generics.GenericAPIView):
    """Every change to every record (who, when, which fields, before and after), newest first."""

    serializer_class = RecordChangeSerializer
    pagination_class = PagePagination
    permission_classes = [permissions.AllowAny]  # read-only: the view answers GET only
    filter_backends = []  # ChangeFilterForm reads the query (its fields are documented below)
    extra_query_params = tuple(ChangeFilterForm.base_fields)

    def get_queryset(self):
        # The browsable API asks for one (for its filter form, which it then leaves empty);
        # `get` builds the rows from the filters itself. Lazy: never read here.
        return change_rows()

    @extend_schema(
        responses=RecordChangeSerializer(many=True),  # a page of them, not one
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=sorted(tracked_kinds())),
            OpenApiParameter("record", OpenApiTypes.INT, description="A record id (with kind)."),
            OpenApiParameter(
                "user",
                OpenApiTypes.STR,
                description="A username. Signed-in requests only: anonymous ones get a 400.",
            ),
            OpenApiParameter(
                "since", OpenApiTypes.DATETIME, description="ISO 8601; changes at or after it."
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        visible = editors_visible(request)
        form = ChangeFilterForm(request.query_params, editors_visible=visible)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        rows = change_rows(scopes=form.scopes(), user=data["user"], since=data["since"])
        page = self.paginate_queryset(rows)
        serializer = self.get_serializer(changes_load(page, show_editors=visible), many=True)
        response = self.get_paginated_response(serializer.data)
        # The answer depends on who asks: a shared cache must not hand names to anyone else.
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response


# Deletions, for mirrors
class DeletionSerializer(serializers.Serializer):
    # From the change rows (negotiations.history.changes.deletion_rows).
    kind = serializers.CharField(
        source="kind_name", help_text="The record's model name, e.g. meeting."
    )
    id = serializers.IntegerField(source="record_id")
    deleted_at = serializers.DateTimeField(source="at")


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
            return change_rows(scopes={})
        raw = self.request.query_params.get("since")
        if not raw:
            raise ValidationError({"since": ["This parameter is required."]})
        try:
            since = serializers.DateTimeField().to_internal_value(raw)
        except serializers.ValidationError as error:
            raise ValidationError({"since": error.detail}) from error
        return deletion_rows(since=since)
