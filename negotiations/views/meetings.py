from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiations.models import (
    Account,
    Citation,
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
        .annotate(**neighbour_ids())
        .prefetch_related(
            Prefetch(
                "delegations",
                # Delegation's ordering within one meeting, without its join to the meeting.
                queryset=Delegation.objects.select_related("party")
                .order_by("party__name")
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
                # VersionMeeting's ordering within one meeting, without its join to the meeting.
                queryset=VersionMeeting.objects.select_related("version__framework").order_by(
                    "version_id"
                ),
            ),
        ),
        slug=slug,
    )
    read_sources(meeting, meeting.statements.all())
    previous, following = meeting_neighbours(meeting)
    return render(
        request,
        "negotiations/meeting_detail.html",
        {"meeting": meeting, "previous": previous, "next": following},
    )


def read_sources(meeting: Meeting, statements) -> None:
    """The citations (`citation_list`, Citation.objects.attach) and the accounts of the facts
    (`account_list`) of the meeting and its statements, as plain lists, in one query each: a
    generic relation's prefetch builds a related manager and a filter for every record."""
    records = [meeting, *statements]
    Citation.objects.attach(records)
    citations = {citation.pk: citation for record in records for citation in record.citation_list}
    kinds = ContentType.objects.get_for_models(Meeting, Statement)
    by_key = {(kinds[type(record)].pk, record.pk): record for record in records}
    of = Q(content_type=kinds[Meeting], object_id=meeting.pk)
    if statements:
        of |= Q(content_type=kinds[Statement], object_id__in=[s.pk for s in statements])
    for record in records:
        record.account_list = []
    for account in Account.objects.filter(of).order_by("field", "id"):
        # An account quotes a citation of its record, read above: no join to read it again.
        if account.citation_id in citations:
            account.citation = citations[account.citation_id]
        by_key[account.content_type_id, account.object_id].account_list.append(account)


def neighbour_ids() -> dict[str, Subquery]:
    """`previous_id` and `next_id`: the meetings just before and after, in the timeline's
    order (the order of the process), each an index lookup of the meeting's row and the next
    one along, read with the meeting."""
    meetings = TimelineEntry.objects.filter(kind="meeting")
    key = Subquery(
        meetings.filter(object_id=OuterRef(OuterRef("pk"))).order_by().values("sort_key")
    )
    before = meetings.filter(sort_key__lt=key).order_by("-sort_key")
    after = meetings.filter(sort_key__gt=key).order_by("sort_key")
    return {
        "previous_id": Subquery(before.values("object_id")[:1]),
        "next_id": Subquery(after.values("object_id")[:1]),
    }


def meeting_neighbours(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The meetings `previous_id` and `next_id` (neighbour_ids()) name, with what the page's
    links show: one query, none for a meeting alone in the process."""
    ids = [pk for pk in (meeting.previous_id, meeting.next_id) if pk is not None]
    found = Meeting.objects.only("title", "slug").order_by().in_bulk(ids) if ids else {}
    return found.get(meeting.previous_id), found.get(meeting.next_id)
