from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiations.models import Delegation, DelegationMember, Meeting, Statement, VersionMeeting
from negotiations.timeline.selectors import timeline_entries


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("place")
        .with_citations()
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
            Prefetch("statements", queryset=Statement.objects.select_related("person")),
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
    """The meetings just before and after, in the timeline's order (the order of the process)."""
    meetings = timeline_entries().filter(kind="meeting")
    key = meetings.filter(object_id=meeting.pk).values("sort_key")
    before = meetings.filter(sort_key__lt=key).order_by("-sort_key").first()
    after = meetings.filter(sort_key__gt=key).order_by("sort_key").first()
    found = Meeting.objects.in_bulk([entry.object_id for entry in (before, after) if entry])
    return (
        found.get(before.object_id) if before else None,
        found.get(after.object_id) if after else None,
    )
