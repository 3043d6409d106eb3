from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import FrameworkVersion, Meeting, StickingIssue


def home(request: HttpRequest) -> HttpResponse:
    """A plain landing page until the analyst pages arrive: what is in the tracker."""
    context = {
        "meetings": Meeting.objects.select_related("place"),
        "versions": FrameworkVersion.objects.with_point_counts().select_related("framework"),
        "issues": StickingIssue.objects.all(),
    }
    return render(request, "negotiations/home.html", context)
