"""The timeline's filters: one definition for the HTML timeline and the API's."""

import datetime

from django.db.models import F
from django_filters import rest_framework as filters

from negotiations import models as m
from negotiations.filters import PartyFilter


class TimelineFilterSet(filters.FilterSet):
    """Filters for the merged timeline of meetings, developments, statements and stances."""

    party = PartyFilter(method="filter_party")
    kind = filters.MultipleChoiceFilter(choices=m.TimelineEntry.Kind.choices)
    status = filters.MultipleChoiceFilter(
        choices=m.Meeting.Status.choices, label="Meeting status (other kinds are left out)"
    )
    date_after = filters.DateFilter(field_name="date", method="filter_date_after")
    date_before = filters.DateFilter(field_name="date", method="filter_date_before")

    class Meta:
        model = m.TimelineEntry
        fields = []

    def filter_party(self, queryset, name, party):
        # A meeting's delegations, a development's parties, the parties of a statement's
        # speaker: the table's party links. Their copy of the sort key orders the page, so a
        # party's timeline is one range of the (party, sort_key) index.
        return queryset.filter(party_links__party=party).annotate(
            cursor_key=F("party_links__sort_key")
        )

    # A dated entry sorts by its own date, so its sort key starts with it: the bound on the
    # key (implied by the one on the date) lets the page read a range of the index.
    def filter_date_after(self, queryset, name, value):
        return queryset.filter(date__gte=value, cursor_key__gte=value.isoformat())

    def filter_date_before(self, queryset, name, value):
        queryset = queryset.filter(date__lte=value)
        if value < datetime.date.max:
            after = value + datetime.timedelta(days=1)
            queryset = queryset.filter(cursor_key__lt=after.isoformat())
        return queryset
