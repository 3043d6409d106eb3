from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from negotiations import models as m
from negotiations.forms import SearchForm
from negotiations.search import search_filter

from .queries import query_problems


def home(request: HttpRequest) -> HttpResponse:
    """What is happening now."""
    context = {
        "upcoming": m.Meeting.objects.upcoming().select_related("place").order_by("date", "id")[:5],
        "latest": m.Meeting.objects.held()
        .select_related("place")
        .order_by("-sequence", "-date", "-id")[:5],
        "issues": m.StickingIssue.objects.exclude(status=m.StickingIssue.Status.RESOLVED)
        .annotate(position_count=Count("positions"))
        .order_by("title"),
        "versions": m.FrameworkVersion.objects.in_force()
        .with_point_counts()
        .select_related("framework")
        .order_by("framework__title", "date", "id"),
        "developments": m.Development.objects.prefetch_related("parties").order_by("-date", "-id")[
            :5
        ],
    }
    return render(request, "negotiations/home.html", context)


# Kinds the search page lists, in order: (label, records with what their links need, the field
# whose text is shown).
SEARCHED = [
    ("Meetings", lambda: m.Meeting.objects.select_related("place"), "summary"),
    ("People", lambda: m.Person.objects.all(), "name"),
    ("Parties", lambda: m.Party.objects.all(), "name"),
    (
        "Framework points",
        lambda: m.FrameworkPoint.objects.select_related("version__framework"),
        "text",
    ),
    ("Sticking issues", lambda: m.StickingIssue.objects.all(), "description"),
    (
        "Positions",
        lambda: m.Position.objects.select_related("party", "issue", "point__version__framework"),
        "stated_position",
    ),
    ("Statements", lambda: m.Statement.objects.select_related("person", "meeting"), "text"),
    ("Developments", lambda: m.Development.objects.all(), "summary"),
    ("Sources", lambda: m.Source.objects.all(), "text"),
    ("Citations", lambda: m.Citation.objects.with_records(), "excerpt"),
]
PER_KIND = 10


def search(request: HttpRequest) -> HttpResponse:
    """Every kind of record matching `q`, grouped by kind, the matches highlighted."""
    form = SearchForm(request.GET)
    problems = query_problems(request, known=form.fields, form=form)
    query = "" if problems else form.cleaned_data["q"]
    groups = []
    if query:
        for label, queryset, field in SEARCHED:
            found = search_filter(queryset(), query)
            results = list(found[: PER_KIND + 1])
            groups.append(
                {
                    "label": label,
                    "results": results[:PER_KIND],
                    "more": len(results) > PER_KIND,
                    "field": field,
                }
            )
    return render(
        request,
        "negotiations/search.html",
        {
            "query": query,
            "groups": groups,
            "total": sum(len(g["results"]) for g in groups),
            "problems": problems,
        },
        status=400 if problems else 200,
    )


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every claim that cites the source, with its excerpt and attribution."""
    source = get_object_or_404(m.Source, pk=pk)
    if problems := query_problems(request, known=[]):
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    page = Paginator(
        m.Citation.objects.filter(source=source)
        .with_records()
        .order_by("content_type__model", "object_id", "id"),
        100,
    ).get_page(request.GET.get("page"))
    return render(request, "negotiations/source_detail.html", {"source": source, "page": page})
