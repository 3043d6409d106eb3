"""/api/v1/options/, /api/v1/option-stances/ and /api/v1/sticking-issues/{id}/matrix/."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from negotiations import models as m
from negotiations.api.base import BASE_FIELDS, CitationSummarySerializer, CitedSerializer
from negotiations.api.fields import RefSerializer, api_url, precise_date, ref
from negotiations.api.filters import TrackedFilterSet, date_range
from negotiations.api.queries import StrictQueryMixin
from negotiations.api.viewsets import TrackedViewSet
from negotiations.dates import format_precise_date
from negotiations.filters import IdFilter, PartyFilter
from negotiations.space.selectors import Cell, Direction, Matrix, Move, Row, issue_matrix

Stance = m.OptionStance.Stance


class OptionSerializer(CitedSerializer):
    class Meta:
        model = m.Option
        fields = [*BASE_FIELDS, "issue", "title", "description", "points", "citations"]


class OptionStanceSerializer(CitedSerializer):
    class Meta:
        model = m.OptionStance
        fields = [
            *BASE_FIELDS,
            "option",
            "party",
            "stance",
            "condition",
            "stated_position",
            *precise_date("as_of"),
            "citations",
        ]


class OptionFilterSet(TrackedFilterSet):
    issue = IdFilter(field_name="issue")
    point = IdFilter(field_name="points", distinct=True)

    class Meta:
        model = m.Option
        fields = []


class OptionStanceFilterSet(TrackedFilterSet):
    option = IdFilter(field_name="option")
    issue = IdFilter(field_name="option__issue")
    party = PartyFilter(field_name="party")
    stance = filters.ChoiceFilter(choices=Stance.choices)
    as_of_after, as_of_before = date_range("as_of").values()

    class Meta:
        model = m.OptionStance
        fields = []


class OptionViewSet(TrackedViewSet):
    queryset = (
        m.Option.objects.select_related("issue")
        .with_citation_summaries()
        .prefetch_related("points")
    )
    serializer_class = OptionSerializer
    filterset_class = OptionFilterSet
    ordering_fields = [*TrackedViewSet.ordering_fields, "title"]


class OptionStanceViewSet(TrackedViewSet):
    queryset = m.OptionStance.objects.select_related(
        "party", "option__issue"
    ).with_citation_summaries()
    serializer_class = OptionStanceSerializer
    filterset_class = OptionStanceFilterSet
    ordering_fields = [*TrackedViewSet.ordering_fields, "as_of", "stance"]


# The matrix as JSON: read-only serializers over the selector's dataclasses, so the schema
# says what each key holds.


class MatrixStanceSerializer(serializers.Serializer):
    """A recorded stance as a cell shows it."""

    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    stance = serializers.ChoiceField(choices=Stance.choices)
    condition = serializers.CharField()
    stated_position = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    as_of_precision = serializers.CharField()
    as_of_display = serializers.SerializerMethodField()
    citations = CitationSummarySerializer(source="citation_list", many=True, read_only=True)

    def get_url(self, stance) -> str:
        return api_url(stance, self.context.get("request"))

    def get_as_of_display(self, stance) -> str:
        return format_precise_date(stance.as_of, stance.as_of_precision)


class MatrixMoveSerializer(serializers.Serializer):
    option = serializers.SerializerMethodField()
    party = serializers.SerializerMethodField()
    direction = serializers.ChoiceField(choices=list(Direction.LABELS.items()))
    before = MatrixStanceSerializer(allow_null=True, help_text="null: unknown on `since`.")
    after = MatrixStanceSerializer(allow_null=True, help_text="null: unknown on `as_of`.")

    @extend_schema_field(RefSerializer)
    def get_option(self, move: Move) -> dict:
        return ref(move.option, self.context.get("request"))

    @extend_schema_field(RefSerializer)
    def get_party(self, move: Move) -> dict:
        return ref(move.party, self.context.get("request"))


class MatrixCellSerializer(serializers.Serializer):
    party = serializers.IntegerField(source="party.pk", help_text="The party's id (`parties`).")
    value = serializers.ChoiceField(
        choices=Stance.choices, help_text="unknown: no stance is recorded, or one says unknown."
    )
    stance = MatrixStanceSerializer(allow_null=True, help_text="null: none recorded.")
    moved = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=list(Direction.LABELS), allow_null=True))
    def get_moved(self, cell: Cell) -> str | None:
        """How the stance moved since `since` (softened, hardened, stated, unknown); null
        when it did not, or when no `since` was asked for."""
        return cell.moved.direction if cell.moved else None


class MatrixRowSerializer(serializers.Serializer):
    option = serializers.SerializerMethodField()
    open_ground = serializers.BooleanField(help_text="No party's stance is unacceptable.")
    agreed = serializers.BooleanField(
        help_text="Every party's stance is known and acceptable, with or without conditions."
    )
    unknown_count = serializers.IntegerField(help_text="Parties whose stance is unknown.")
    ruled_out_by = serializers.SerializerMethodField()
    cells = MatrixCellSerializer(many=True)

    @extend_schema_field(RefSerializer)
    def get_option(self, row: Row) -> dict:
        return ref(row.option, self.context.get("request"))

    @extend_schema_field(RefSerializer(many=True))
    def get_ruled_out_by(self, row: Row) -> list[dict]:
        request = self.context.get("request")
        return [ref(party, request) for party in row.ruled_out_by]


class MatrixSerializer(serializers.Serializer):
    """Options by parties: each party's latest stance on each option as of `as_of`."""

    issue = serializers.SerializerMethodField()
    as_of = serializers.DateField(allow_null=True, help_text="null: today.")
    since = serializers.DateField(allow_null=True)
    parties = serializers.SerializerMethodField()
    options = MatrixRowSerializer(source="rows", many=True)
    open_ground = serializers.SerializerMethodField()
    moves = MatrixMoveSerializer(many=True, help_text="Stances that moved since `since`.")

    @extend_schema_field(RefSerializer)
    def get_issue(self, matrix: Matrix) -> dict:
        return ref(matrix.issue, self.context.get("request"))

    @extend_schema_field(RefSerializer(many=True))
    def get_parties(self, matrix: Matrix) -> list[dict]:
        request = self.context.get("request")
        return [ref(party, request) for party in matrix.parties]

    @extend_schema_field(RefSerializer(many=True))
    def get_open_ground(self, matrix: Matrix) -> list[dict]:
        """The options no party rules out."""
        request = self.context.get("request")
        return [ref(row.option, request) for row in matrix.open_rows]


class MatrixQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="The matrix on this date.")
    since = serializers.DateField(required=False, help_text="Show what moved since this date.")

    def validate(self, attrs):
        as_of, since = attrs.get("as_of"), attrs.get("since")
        if as_of and since and since > as_of:
            raise serializers.ValidationError({"since": ["“since” comes after “as_of”."]})
        return attrs


class MatrixView(StrictQueryMixin, APIView):
    """The issue's options by parties: each party's current stance on each option (as of
    `as_of`), the options no party rules out, and with `since` the stances that moved."""

    queryset = m.StickingIssue.objects.all()  # for the permission check
    extra_query_params = ("as_of", "since")

    @extend_schema(
        responses=MatrixSerializer,
        parameters=[
            OpenApiParameter(
                "issue", OpenApiTypes.STR, OpenApiParameter.PATH, description="Its id or slug."
            ),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="The matrix on this date."),
            OpenApiParameter("since", OpenApiTypes.DATE, description="What moved since then."),
        ],
    )
    def get(self, request, issue: str):
        lookup = {"pk": int(issue)} if issue.isdigit() else {"slug": issue}
        found = m.StickingIssue.objects.filter(**lookup).first()
        if found is None:
            raise NotFound()
        query = MatrixQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matrix = issue_matrix(issue=found, **query.validated_data)
        return Response(MatrixSerializer(matrix, context={"request": request}).data)
