"""The timeline's filters: one definition for the HTML timeline and the API's."""

from django.db.models import Q
from django_filters import rest_framework as filters

from negotiations import models as m
from negotiations.filters import IdFilter


class TimelineFilterSet(filters.FilterSet):
    """Filters for the merged timeline of meetings, developments and statements."""

    party = IdFilter(method="filter_party", label="Party id")
    kind = filters.MultipleChoiceFilter(choices=m.TimelineEntry.Kind.choices)
    status = filters.MultipleChoiceFilter(
        choices=m.Meeting.Status.choices, label="Meeting status (other kinds are left out)"
    )
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = m.TimelineEntry
        fields = []

    def filter_party(self, queryset, name, party):
        # What "with this party" means for each kind, as the API's lists filter it.
        return queryset.filter(
            Q(kind="meeting", object_id__in=m.Meeting.objects.involving(party).values("id"))
            | Q(
                kind="development",
                object_id__in=m.Development.objects.involving(party).values("id"),
            )
            | Q(kind="statement", object_id__in=m.Statement.objects.by_party(party).values("id"))
        )
