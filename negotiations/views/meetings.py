from django.db.models import Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiations.models import (
    Delegation,
    DelegationMember,
    Meeting,
    Statement,
    TimelineEntry,
    VersionMeeting,
)


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("place")
        .with_citations()
        .with_accounts()
        .prefetch_related(
            Prefetch(
                "delegations",
                queryset=Delegation.objects.select_related("party")
                .with_citations()
                .prefetch_related(
                    Prefetch(
                        "memberships",
                        queryset=DelegationMember.objects.select_related("person").order_by(
                            "role", "person__name"
                        ),
                    ),
                ),
            ),
            Prefetch(
                "statements", queryset=Statement.objects.select_related("person").with_accounts()
            ),
            Prefetch(
                "version_links",
                queryset=VersionMeeting.objects.select_related("version__framework"),
            ),
        ),
        slug=slug,
    )
    previous, following = meeting_neighbours(meeting)
    return render(
        request,
        "negotiations/meeting_detail.html",
        {"meeting": meeting, "previous": previous, "next": following},
    )


def meeting_neighbours(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The meetings just before and after, in the timeline's order (the order of the process):
    one query each, an index lookup of the meeting's row and the next one along."""
    meetings = TimelineEntry.objects.filter(kind="meeting")
    key = meetings.filter(object_id=meeting.pk).values("sort_key")
    before = meetings.filter(sort_key__lt=Subquery(key)).order_by("-sort_key")
    after = meetings.filter(sort_key__gt=Subquery(key)).order_by("sort_key")
    return tuple(
        Meeting.objects.filter(pk=Subquery(neighbour.values("object_id")[:1])).first()
        for neighbour in (before, after)
    )
