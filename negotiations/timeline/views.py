import itertools

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from negotiations.models import Meeting, Party, TimelineEntry
from negotiations.timeline.filters import TimelineFilterSet
from negotiations.timeline.picture import TimelineMark, timeline_svg
from negotiations.timeline.selectors import timeline_entries, timeline_records
from negotiations.views.queries import query_problems

PAGE_SIZE = 50


def timeline(request: HttpRequest) -> HttpResponse:
    """Meetings, developments and statements in date order, grouped by month, filterable."""
    filterset = TimelineFilterSet(request.GET, queryset=timeline_entries())
    problems = query_problems(request, known=filterset.filters, form=filterset.form)
    entries = timeline_entries().none() if problems else filterset.qs.order_by("cursor_key")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    records = timeline_records(page.object_list)
    items = [
        {"entry": entry, "record": records[(entry.kind, entry.object_id)]}
        for entry in page.object_list
    ]
    months = [
        (month, list(group))
        for month, group in itertools.groupby(items, key=lambda item: month_label(item["entry"]))
    ]
    marks = [
        TimelineMark(
            label=item["entry"].title,
            kind=item["entry"].kind,
            status=item["entry"].status,
            date=item["entry"].date,
            precision=item["entry"].date_precision,
            href=item["record"].get_absolute_url(),
        )
        for item in items
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "negotiations/timeline.html",
        {
            "filterset": filterset,
            "page": page,
            "months": months,
            "picture": timeline_svg(marks),
            "parties": Party.objects.order_by("name").values_list("pk", "name"),
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


def month_label(entry) -> str:
    """The month an entry is listed under: an undated round of talks sits with the next dated
    one (its "not later than"), so the process keeps its order; other undated entries go last."""
    if entry.sort_date.year == 9999:
        return "Date not reported"
    month = entry.sort_date.strftime("%B %Y")
    return month if entry.date else f"By {month} (dates not reported)"
