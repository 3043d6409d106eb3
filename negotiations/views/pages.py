from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from negotiations import models as m
from negotiations.models.base import related_count


def home(request: HttpRequest) -> HttpResponse:
    """What is happening now."""
    context = {
        "upcoming": m.Meeting.objects.upcoming().select_related("place").order_by("date", "id")[:5],
        "latest": m.Meeting.objects.held()
        .select_related("place")
        .order_by("-sequence", "-date", "-id")[:5],
        "issues": m.StickingIssue.objects.unresolved()
        .annotate(position_count=related_count(m.Position, "issue"))
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
