import itertools
from html import escape

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from negotiations import bidi
from negotiations.models import Meeting, Party, TimelineEntry
from negotiations.timeline.display import timeline_rows
from negotiations.timeline.filters import TimelineFilterSet
from negotiations.timeline.picture import TimelineMark, timeline_svg
from negotiations.timeline.selectors import timeline_entries, timeline_records
from negotiations.views.queries import query_problems

PAGE_SIZE = 50
# An entry's sort key (negotiations.timeline.selectors.ordering_key), as the page links give it.
SORT_KEY = RegexValidator(
    r"^\d{4}-\d{2}-\d{2}\|\d{20}\|[a-z]+\|\d{20}$", "Use the Earlier and Later links' keys."
)


class PageKeyForm(forms.Form):
    """Where a page starts: after (or before) an entry's sort key, as the page links give it."""

    after = forms.CharField(required=False, max_length=80, validators=[SORT_KEY])
    before = forms.CharField(required=False, max_length=80, validators=[SORT_KEY])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("after") and cleaned.get("before"):
            raise forms.ValidationError("Give after or before, not both.")
        return cleaned


def timeline(request: HttpRequest) -> HttpResponse:
    """Meetings, developments, statements and stances in date order, grouped by month, filterable.

    Paged by key, as the API is: a page is one range of an index whatever the table's size
    (a page number would need a count of every entry)."""
    filterset = TimelineFilterSet(request.GET, queryset=timeline_entries())
    keys = PageKeyForm(request.GET)
    problems = query_problems(
        request, known=[*filterset.filters, *keys.fields], form=filterset.form, numbered=False
    )
    if not keys.is_valid():
        problems += [
            f"{field}: {error}" for field, errors in keys.errors.items() for error in errors
        ]
    entries, previous_key, next_key = [], None, None
    if not problems:
        entries, previous_key, next_key = key_page(
            filterset.qs, after=keys.cleaned_data["after"], before=keys.cleaned_data["before"]
        )
    # The page shows no development's parties (the API lists them).
    rows = timeline_rows(entries, timeline_records(entries, development_parties=False))
    months = [
        (month, list(group))
        for month, group in itertools.groupby(rows, key=lambda row: month_label(row["entry"]))
    ]
    marks = [
        TimelineMark(
            label=entry.title,
            kind=entry.kind,
            status=entry.status,
            date=entry.date,
            precision=entry.date_precision,
            href=row["href"],
        )
        for entry, row in zip(entries, rows, strict=True)
    ]
    query = request.GET.copy()
    for name in keys.fields:
        query.pop(name, None)
    return render(
        request,
        "negotiations/timeline.html",
        {
            "filterset": filterset,
            "months": months,
            "previous_key": previous_key,
            "next_key": next_key,
            "picture": timeline_svg(marks),
            "party_options": party_options(request.GET.get("party", "")),
            "kinds": TimelineEntry.Kind.choices,
            "statuses": Meeting.Status.choices,
            "selected": {
                "party": request.GET.get("party", ""),
                "kind": request.GET.getlist("kind"),
                "status": request.GET.getlist("status"),
                "date_after": request.GET.get("date_after", ""),
                "date_before": request.GET.get("date_before", ""),
            },
            "query": "",
            "filter_query": query.urlencode(),
            "problems": problems,
        },
        status=400 if problems else 200,
    )


def party_options(selected: str) -> SafeString:
    """The party filter's <option>s, by slug, the chosen one (by slug or id) selected: built
    here in one pass, as the template's loop cost a dozen lookups a party (200 at scale 1),
    with html.escape (format_html's lazy-string wrapping cost as much again)."""
    parties = Party.objects.order_by("name").values_list("pk", "slug", "name")
    return SafeString(
        "".join(
            f'<option value="{escape(slug)}"{" selected" if selected in (slug, str(pk)) else ""}>'
            f"{escape(bidi.isolate(name))}</option>"
            for pk, slug, name in parties
        )
    )


def key_page(entries: QuerySet, *, after: str, before: str) -> tuple[list, str | None, str | None]:
    """A page of `entries` after or before a key (the first page without either), with the
    keys its Earlier and Later links start from (None: nothing that way)."""
    if before:
        rows = list(entries.filter(cursor_key__lt=before).order_by("-cursor_key")[: PAGE_SIZE + 1])
        more_before, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE][::-1]
        more_after = True  # the entry the key named, at least
    else:
        if after:
            entries = entries.filter(cursor_key__gt=after)
        rows = list(entries.order_by("cursor_key")[: PAGE_SIZE + 1])
        more_after, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        more_before = bool(after)
    if not rows:
        return [], None, None
    return (
        rows,
        rows[0].cursor_key if more_before else None,
        rows[-1].cursor_key if more_after else None,
    )


def month_label(entry) -> str:
    """The month an entry is listed under: an undated round of talks sits with the next dated
    one (its "not later than"), so the process keeps its order; other undated entries go last."""
    if entry.sort_date.year == 9999:
        return "Date not reported"
    month = entry.sort_date.strftime("%B %Y")
    return month if entry.date else f"By {month} (dates not reported)"
