"""The search page: every kind of record matching the words, grouped by kind."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from negotiations import models as m
from negotiations.search.forms import SearchForm
from negotiations.search.index import search_filter
from negotiations.views.queries import query_problems

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
