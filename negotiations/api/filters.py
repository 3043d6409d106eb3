"""The API's FilterSets for the record lists, built from the shared filter fields."""

from django.db.models import Q
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from negotiations import models as m
from negotiations.filters import IdFilter, PartyFilter, UtcDateTimeFilter, WholeNumberFilter
from negotiations.search.index import search_filter


class TrackedFilterSet(filters.FilterSet):
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601)"
    )


def date_range(field: str = "date") -> dict[str, filters.DateFilter]:
    return {
        f"{field}_after": filters.DateFilter(field_name=field, lookup_expr="gte"),
        f"{field}_before": filters.DateFilter(field_name=field, lookup_expr="lte"),
    }


def filterset(model, fields: list[str], **declared) -> type[TrackedFilterSet]:
    """A FilterSet for `model` with `updated_since`, the given exact filters and `declared`."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (TrackedFilterSet,), {"Meta": meta, **declared})


class MeetingFilterSet(TrackedFilterSet):
    # "With this party" is the models' named filter, as on the pages and the timeline.
    party = PartyFilter(method=lambda meetings, _, party: meetings.involving(party))
    person = IdFilter(field_name="delegations__members", distinct=True)
    place = IdFilter(field_name="place")
    version = IdFilter(field_name="framework_versions", distinct=True)
    issue = IdFilter(field_name="sticking_issues", distinct=True)
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = m.Meeting
        fields = ["status", "date_precision", "slug"]


PartyFilterSet = filterset(m.Party, ["kind", "slug"])
PersonFilterSet = filterset(
    m.Person,
    ["slug"],
    party=PartyFilter(field_name="roles__party", distinct=True),
    meeting=IdFilter(field_name="delegations__meeting", distinct=True),
)
RoleFilterSet = filterset(
    m.Role,
    ["has_ended", "title"],
    person=IdFilter(field_name="person"),
    party=PartyFilter(field_name="party"),
    **date_range("start_date"),
)
PlaceFilterSet = filterset(m.Place, ["country_code", "locality", "region"])
DelegationFilterSet = filterset(
    m.Delegation,
    [],
    meeting=IdFilter(field_name="meeting"),
    party=PartyFilter(field_name="party"),
    person=IdFilter(field_name="members", distinct=True),
)
FrameworkFilterSet = filterset(m.Framework, ["slug"])
FrameworkVersionFilterSet = filterset(
    m.FrameworkVersion,
    ["status", "slug"],
    framework=IdFilter(field_name="framework"),
    party=PartyFilter(field_name="authors", distinct=True),
    meeting=IdFilter(field_name="meetings", distinct=True),
    **date_range(),
)
TopicFilterSet = filterset(m.Topic, ["slug"])
PointFilterSet = filterset(
    m.FrameworkPoint,
    ["status"],
    number=WholeNumberFilter(field_name="number", min_value=0, max_value=32767),
    version=IdFilter(field_name="version"),
    topic=filters.CharFilter(field_name="topics__slug", label="Topic slug", distinct=True),
    issue=IdFilter(field_name="sticking_issues", distinct=True),
)


class PointLineageFilterSet(TrackedFilterSet):
    from_point = IdFilter(field_name="from_point")
    to_point = IdFilter(field_name="to_point")
    point = IdFilter(method="filter_point", label="A point at either end")
    version = IdFilter(method="filter_version", label="A version at either end")

    class Meta:
        model = m.PointLineage
        fields = ["kind"]

    def filter_point(self, queryset, name, point):
        return queryset.filter(Q(from_point=point) | Q(to_point=point))

    def filter_version(self, queryset, name, version):
        return queryset.filter(Q(from_point__version=version) | Q(to_point__version=version))


StickingIssueFilterSet = filterset(
    m.StickingIssue,
    ["status", "priority", "slug"],
    point=IdFilter(field_name="related_points", distinct=True),
    meeting=IdFilter(field_name="related_meetings", distinct=True),
    party=PartyFilter(field_name="positions__party", distinct=True),
)
PositionFilterSet = filterset(
    m.Position,
    ["stance"],
    party=PartyFilter(field_name="party"),
    issue=IdFilter(field_name="issue"),
    point=IdFilter(field_name="point"),
    version=IdFilter(field_name="point__version"),
    **date_range("as_of"),
)
StatementFilterSet = filterset(
    m.Statement,
    [],
    person=IdFilter(field_name="person"),
    meeting=IdFilter(field_name="meeting"),
    party=PartyFilter(method=lambda statements, _, party: statements.by_party(party)),
    **date_range(),
)
DevelopmentFilterSet = filterset(
    m.Development,
    ["kind", "slug"],
    party=PartyFilter(method=lambda developments, _, party: developments.involving(party)),
    **date_range(),
)
SourceFilterSet = filterset(
    m.Source, ["kind", "reliability", "publisher"], **date_range("published_date")
)
CitationFilterSet = filterset(
    m.Citation,
    ["attribution", "credibility"],
    source=IdFilter(field_name="source"),
    record_kind=filters.CharFilter(field_name="content_type__model", label="Kind of record"),
    record_id=IdFilter(field_name="object_id"),
)


class FullTextSearchFilter:
    """`?search=`: full-text on PostgreSQL's stored vectors, word matching on SQLite."""

    search_param = "search"

    def filter_queryset(self, request, queryset, view):
        query = request.query_params.get(self.search_param, "")[:200]
        return search_filter(queryset, query)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": (
                    "Full-text search in names, titles, texts and excerpts. PostgreSQL: web "
                    'search syntax with stemming ("exact phrase", or, -word); SQLite: every '
                    "word must occur."
                ),
                "schema": {"type": "string"},
            }
        ]


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=`: a field the list cannot be ordered by is a 400 naming the choices, not
    silently the default order. The schema gives the choices as a pattern."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        invalid = [term for term in fields if term and term not in valid]
        if invalid:
            choices = ", ".join(name for name, _ in self.get_valid_fields(queryset, view))
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(repr(term[:40]) for term in invalid)}. "
                        f"Choose from {choices} (comma-separated; a leading - reverses)."
                    ]
                }
            )
        return valid

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, list | tuple):
            term = f"-?({'|'.join(fields)})"
            parameters[0]["schema"]["pattern"] = f"^{term}(,{term})*$"
            parameters[0]["description"] = (
                f"Order by {', '.join(fields)}: comma-separated, a leading - reverses."
            )
        return parameters
