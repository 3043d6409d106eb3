"""Writes with more than one step. Each validates before saving and runs in one transaction."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from negotiations.models import Delegation, DelegationMember, FrameworkVersion
from negotiations.models.base import TrackedModel


@transaction.atomic
def version_supersede(
    *, old: FrameworkVersion, new: FrameworkVersion, by: AbstractBaseUser | None = None
) -> FrameworkVersion:
    """Record that `new` replaces `old`: link them and mark `old` superseded, both in history."""
    old.status = FrameworkVersion.Status.SUPERSEDED
    new.supersedes = old
    for version in (old, new):
        version.full_clean()
        version._history_user = by  # django-simple-history records this user on the change
    old.save()
    new.save()
    return new


@transaction.atomic
def delegation_set_members(
    *,
    delegation: Delegation,
    members: list[dict],
    by: AbstractBaseUser | None = None,
) -> None:
    """Make the delegation's team exactly `members` ({"person", "role"}), keeping history."""
    wanted = {member["person"].pk: member["role"] for member in members}
    current = {membership.person_id: membership for membership in delegation.memberships.all()}
    changes = []
    for person_id, membership in current.items():
        if person_id not in wanted:
            membership._history_user = by
            membership.delete()
        elif membership.role != wanted[person_id]:
            membership.role = wanted[person_id]
            changes.append(membership)
    for member in members:
        if member["person"].pk not in current:
            changes.append(
                DelegationMember(
                    delegation=delegation, person=member["person"], role=member["role"]
                )
            )
    # Whoever stops being head is saved before whoever becomes head: "one head" holds throughout.
    changes.sort(key=lambda membership: membership.role == DelegationMember.Role.HEAD)
    for membership in changes:
        membership._history_user = by
        membership.full_clean(validate_constraints=False)  # the database checks "one head"
        membership.save()


@transaction.atomic
def records_set_status(
    *, records: Iterable[TrackedModel], status: str, by: AbstractBaseUser | None, reason: str
) -> int:
    """Give each record `status`, each change in the history with `by` and `reason`.

    Every record is validated first: if one is refused, none is changed.
    """
    records = list(records)
    for record in records:
        record.status = status
        record.full_clean()
    for record in records:
        record._history_user = by
        record._change_reason = reason
        record.save()
    return len(records)
