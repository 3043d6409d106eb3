from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse

from negotiations.models import (
    Delegation,
    DelegationMember,
    Party,
    Person,
    Position,
    Role,
    Statement,
)
from negotiations.views.records import record_page


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A person's roles over time, delegations and statements."""
    memberships = DelegationMember.objects.select_related(
        "delegation__meeting", "delegation__party"
    ).order_by("delegation__meeting__sequence", "delegation__meeting__date")
    related = [
        Prefetch(
            "roles",
            Role.objects.select_related("party").with_accounts().order_by("start_date", "id"),
        ),
        Prefetch("delegation_memberships", memberships),
        Prefetch("statements", Statement.objects.select_related("meeting").with_accounts()),
    ]
    return record_page(request, Person, slug, *related, name="person")


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A party's people, delegations and positions."""
    members = Prefetch("memberships", DelegationMember.objects.select_related("person"))
    delegations = Delegation.objects.select_related("meeting").prefetch_related(members)
    positions = Position.objects.select_related("issue", "point__version__framework")
    related = [
        Prefetch("roles", Role.objects.select_related("person").order_by("title", "id")),
        Prefetch("delegations", delegations),
        Prefetch("positions", positions.order_by("as_of", "id")),
    ]
    return record_page(request, Party, slug, *related, name="party")
