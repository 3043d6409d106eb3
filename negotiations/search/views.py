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
    ("Options", lambda: m.Option.objects.select_related("issue"), "description"),
    (
        "Stances on options",
        lambda: m.OptionStance.objects.select_related("party", "option__issue"),
        "stated_position",
    ),
    ("Statements", lambda: m.Statement.objects.select_related("person", "meeting"), "text"),
    ("Developments", lambda: m.Development.objects.all(), "summary"),
    ("Sources", lambda: m.Source.objects.all(), "text"),
    ("Citations", lambda: m.Citation.objects.with_records(), "excerpt"),
]
PER_KIND = 10
# Citations often quote the same words of a source for several records: one result each, read
# from up to this many matching citations.
CITATIONS_READ = PER_KIND * 5


def search(request: HttpRequest) -> HttpResponse:
    """Every kind of record matching `q`, grouped by kind, the matches highlighted."""
    form = SearchForm(request.GET)
    problems = query_problems(request, known=form.fields, form=form)
    query = "" if problems else form.cleaned_data["q"]
    groups = []
    if query:
        for label, queryset, field in SEARCHED:
            found = search_filter(queryset(), query)
            if found.model is m.Citation:
                read = list(found[:CITATIONS_READ])
                results = citations_by_excerpt(read)
                more = len(results) > PER_KIND or len(read) == CITATIONS_READ
            else:
                results = list(found[: PER_KIND + 1])
                more = len(results) > PER_KIND
            groups.append(
                {"label": label, "results": results[:PER_KIND], "more": more, "field": field}
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


def citations_by_excerpt(citations: list[m.Citation]) -> list[m.Citation]:
    """One citation per excerpt of a source, in the order they come, each with `backs`: the
    records that excerpt backs by kind, as (kind label, records); records since deleted are
    left out."""
    backed: dict[tuple[int, str], dict[type, list]] = {}
    firsts: dict[tuple[int, str], m.Citation] = {}
    for citation in citations:
        key = (citation.source_id, citation.excerpt)
        firsts.setdefault(key, citation)
        record = citation.content_object
        if record is not None:
            backed.setdefault(key, {}).setdefault(type(record), []).append(record)
    for key, first in firsts.items():
        first.backs = [
            (
                model._meta.verbose_name_plural if len(records) > 1 else model._meta.verbose_name,
                records,
            )
            for model, records in backed.get(key, {}).items()
        ]
    return list(firsts.values())
