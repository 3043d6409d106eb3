from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from negotiations.links import pk_links
from negotiations.models import Citation, Option, Party, Position, StickingIssue
from negotiations.space.selectors import open_ground_counts
from negotiations.space.views import matrix_query, space_context
from negotiations.views.queries import query_problems

# Issues per page of the board: its columns are the parties with a position on these issues.
BOARD_PAGE_SIZE = 25


def source_links(positions: Iterable[Position]) -> None:
    """Each position's `source_link`: its first citation's place on its source's page (as
    Citation.get_absolute_url gives it), or None: in one query of three columns, where a
    prefetch of the citations built a manager, a filter and two records for each position."""
    positions = list(positions)
    for position in positions:
        position.source_link = None
    cited = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(Position),
        object_id__in=[position.pk for position in positions],
    ).order_by("object_id", "id")
    first: dict[int, str] = {}
    source_url = pk_links("negotiations:source-detail")
    for object_id, pk, source_id in cited.values_list("object_id", "id", "source_id"):
        first.setdefault(object_id, f"{source_url(source_id)}#citation-{pk}")
    for position in positions:
        position.source_link = first.get(position.pk)


def latest_positions(positions) -> dict[int, Position]:
    """Each party's latest stance: dated positions by date, undated ones count as oldest."""
    latest: dict[int, Position] = {}
    for position in sorted(positions, key=lambda p: (p.as_of is not None, p.as_of or 0, p.pk)):
        latest[position.party_id] = position
    return latest


def issue_board(request: HttpRequest) -> HttpResponse:
    """Sticking issues against parties: each cell the party's latest stance, a page at a time."""
    if problems := query_problems(request, known=[]):
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    page = Paginator(
        StickingIssue.objects.prefetch_related("positions").order_by("title", "pk"),
        BOARD_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    issues = list(page.object_list)
    source_links(position for issue in issues for position in issue.positions.all())
    party_ids = {position.party_id for issue in issues for position in issue.positions.all()}
    parties = list(Party.objects.filter(pk__in=party_ids).order_by("name"))
    open_ground = open_ground_counts(issues)
    rows = []
    for issue in issues:
        latest = latest_positions(issue.positions.all())
        rows.append(
            {
                "issue": issue,
                "cells": [latest.get(party.pk) for party in parties],
                "open_ground": open_ground[issue.pk],
            }
        )
    return render(
        request,
        "negotiations/issue_board.html",
        {"parties": parties, "rows": rows, "page": page, "filter_query": ""},
    )


def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The issue's options by parties (as of `?as_of=`, moved since `?since=`), its history of
    positions, related points and meetings."""
    positions = (
        Position.objects.select_related("party")
        .with_citations()
        .with_accounts()
        .prefetch_related(Prefetch("options", Option.objects.select_related("issue")))
        .order_by("as_of", "id")
    )
    related = [
        Prefetch("positions", positions),
        "related_points__version__framework",
        "related_meetings",
    ]
    records = StickingIssue.objects.with_citations().prefetch_related(*related)
    issue = get_object_or_404(records, slug=slug)
    form, problems = matrix_query(request)
    context = {"issue": issue, "form": form, "problems": problems}
    if not problems:
        context |= space_context(issue, form)
    return render(
        request, "negotiations/issue_detail.html", context, status=400 if problems else 200
    )
