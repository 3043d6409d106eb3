from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from negotiations.models import (
    Delegation,
    DelegationMember,
    Party,
    Person,
    Position,
    Role,
    Statement,
)


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A person's roles over time, delegations and statements."""
    person = get_object_or_404(
        Person.objects.with_citations().prefetch_related(
            Prefetch(
                "roles", queryset=Role.objects.select_related("party").order_by("start_date", "id")
            ),
            Prefetch(
                "delegation_memberships",
                queryset=DelegationMember.objects.select_related(
                    "delegation__meeting", "delegation__party"
                ).order_by("delegation__meeting__sequence", "delegation__meeting__date"),
            ),
            Prefetch("statements", queryset=Statement.objects.select_related("meeting")),
        ),
        slug=slug,
    )
    return render(request, "negotiations/person_detail.html", {"person": person})


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A party's people, delegations and positions."""
    party = get_object_or_404(
        Party.objects.with_citations().prefetch_related(
            Prefetch(
                "roles", queryset=Role.objects.select_related("person").order_by("title", "id")
            ),
            Prefetch(
                "delegations",
                queryset=Delegation.objects.select_related("meeting").prefetch_related(
                    Prefetch(
                        "memberships", queryset=DelegationMember.objects.select_related("person")
                    )
                ),
            ),
            Prefetch(
                "positions",
                queryset=Position.objects.select_related(
                    "issue", "point__version__framework"
                ).order_by("as_of", "id"),
            ),
        ),
        slug=slug,
    )
    return render(request, "negotiations/party_detail.html", {"party": party})
