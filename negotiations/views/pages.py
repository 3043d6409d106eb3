from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from negotiations import models as m
from negotiations.views.queries import query_problems


def home(request: HttpRequest) -> HttpResponse:
    """What is happening now."""
    context = {
        "upcoming": m.Meeting.objects.upcoming().select_related("place").order_by("date", "id")[:5],
        "latest": m.Meeting.objects.held()
        .select_related("place")
        .order_by("-sequence", "-date", "-id")[:5],
        "issues": m.StickingIssue.objects.unresolved()
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
