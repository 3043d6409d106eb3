"""A delegation and its team (the members, each with a role), written together."""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from negotiations.models import Delegation, DelegationMember
from negotiations.services.records import record_delete, record_save
from negotiations.services.scope import write_service


def delegation_members_check(members: list[dict]) -> None:
    """Refuse a team ({"person", "role"} each) that breaks a rule of the whole team.

    The database holds these rules too (one head, each person once), but row by row; checked
    on the whole list first, the answer names the rule rather than the row that hit it.
    """
    people = [member["person"].pk for member in members]
    if len(people) != len(set(people)):
        raise ValidationError("A person appears twice in the delegation.")
    if sum(member["role"] == DelegationMember.Role.HEAD for member in members) > 1:
        raise ValidationError("A delegation has one head.")


@write_service
def delegation_set_members(
    *,
    delegation: Delegation,
    members: list[dict],
    by: AbstractBaseUser | None = None,
) -> None:
    """Make the delegation's team exactly `members` ({"person", "role"}), keeping history."""
    try:
        delegation_members_check(members)
    except ValidationError as error:
        raise ValidationError({"members": error.messages}) from error
    wanted = {member["person"].pk: member["role"] for member in members}
    current = {membership.person_id: membership for membership in delegation.memberships.all()}
    changes = []
    for person_id, membership in current.items():
        if person_id not in wanted:
            record_delete(record=membership, by=by)
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
        record_save(record=membership, by=by)


@write_service
def delegation_create(
    *,
    fields: Mapping[str, object],
    members: list[dict] | None = None,
    m2m: Mapping[str, Iterable] | None = None,
    by: AbstractBaseUser | None,
) -> Delegation:
    """A new delegation with `fields`, and its team when `members` is given."""
    delegation = record_save(record=Delegation(**fields), by=by, m2m=m2m)
    if members is not None:
        delegation_set_members(delegation=delegation, members=members, by=by)
    return delegation


@write_service
def delegation_update(
    *,
    delegation: Delegation,
    fields: Mapping[str, object],
    members: list[dict] | None = None,
    m2m: Mapping[str, Iterable] | None = None,
    expected: int | None = None,
    by: AbstractBaseUser | None,
) -> Delegation:
    """Change the delegation's `fields`; `members`, when given, replaces the whole team."""
    for name, value in fields.items():
        setattr(delegation, name, value)
    record_save(record=delegation, expected=expected, by=by, m2m=m2m)
    if members is not None:
        delegation_set_members(delegation=delegation, members=members, by=by)
    return delegation
