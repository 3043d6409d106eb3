"""Settling a disputed fact: accept one account as the record's value, or re-open the fact.

Adding, changing and deleting accounts are plain record writes (records.record_save); these
are the writes of more than one record.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from negotiations.models import Account
from negotiations.services.records import record_save
from negotiations.services.scope import write_service


def _accepted_of_fact(account: Account) -> list[Account]:
    """The fact's accepted accounts (at most one), rows locked until the write commits."""
    return list(
        Account.objects.select_for_update()
        .filter(
            content_type_id=account.content_type_id,
            object_id=account.object_id,
            field=account.field,
            accepted_at__isnull=False,
        )
        .exclude(pk=account.pk)
    )


@write_service
def account_accept(
    *,
    account: Account,
    by: AbstractBaseUser | None,
    reason: str,
    expected: int | None = None,
) -> Account:
    """Write `account`'s value to its record and mark it accepted, with `reason`; the fact's
    other accounts stay, one accepted before is released.

    `expected`: the record's revision the analyst saw; RevisionConflict (412 in the API) if the
    record has changed since, and nothing is written.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this account is accepted."})
    record = account.record
    if record is None:
        raise ValidationError({"account": "The account's record is gone."})
    fact = account.fact
    summary = f"Accepted {account.citation.source}'s account of {fact.name}: {reason}"
    record_save(
        record=record,
        fields=fact.columns(account.value),
        expected=expected,
        by=by,
        reason=summary,
    )
    for other in _accepted_of_fact(account):
        record_save(
            record=other,
            fields={"accepted_at": None, "accepted_reason": ""},
            by=by,
            reason=f"Another account was accepted: {reason}",
        )
    return record_save(
        record=account,
        fields={"accepted_at": timezone.now(), "accepted_reason": reason},
        by=by,
        reason=summary,
    )


@write_service
def account_reopen(
    *, account: Account, by: AbstractBaseUser | None, reason: str, expected: int | None = None
) -> Account:
    """Release `account`'s acceptance: the fact is open again; the record keeps its value."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the fact is re-opened."})
    if account.accepted_at is None:
        raise ValidationError({"account": "This account is not accepted."})
    return record_save(
        record=account,
        fields={"accepted_at": None, "accepted_reason": ""},
        expected=expected,
        by=by,
        reason=f"Re-opened: {reason}",
    )
