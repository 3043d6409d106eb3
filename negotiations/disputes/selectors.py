"""Reading disputes: the accounts of a page of records by fact, and the list of disputed facts.

A fact is disputed when two or more of its accounts give different values; it is settled when
one of them is accepted (and stays a dispute: "settled, 1 of 2 accounts accepted").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from negotiations.models import Account, Place
from negotiations.models.accounts import FACTS, Fact, fact
from negotiations.models.kinds import kind_of


@dataclass
class FactAccounts:
    """One fact of one record and every account of it, oldest first."""

    fact: Fact
    accounts: list[Account] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.fact.name

    @property
    def values(self) -> set[str]:
        return {account.value_text for account in self.accounts}

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1

    @property
    def accepted(self) -> Account | None:
        return next((account for account in self.accounts if account.accepted), None)

    @property
    def settled(self) -> bool:
        return self.accepted is not None

    @property
    def state(self) -> str:
        """ "open" or "settled" for a disputed fact; "agreed" when every account agrees."""
        if not self.disputed:
            return "agreed"
        return "settled" if self.settled else "open"

    @property
    def summary(self) -> str:
        """ "disputed, 2 accounts" or "settled, 1 of 2 accounts accepted"."""
        count = len(self.accounts)
        if self.settled:
            return f"settled, 1 of {count} accounts accepted"
        return f"disputed, {count} accounts"


def facts_of_accounts(kind: str, accounts: Iterable[Account]) -> dict[str, FactAccounts]:
    """Fact name → its accounts, from the accounts of one record of `kind`."""
    facts: dict[str, FactAccounts] = {}
    for account in accounts:
        found = facts.get(account.field)
        if found is None:
            found = facts[account.field] = FactAccounts(fact(kind, account.field))
        found.accounts.append(account)
    return facts


def record_accounts(records: Sequence) -> dict[int, dict[str, FactAccounts]]:
    """Record id → fact name → its accounts, for `records` of one kind: one query, whatever
    the number of records and accounts."""
    if not records or records[0]._meta.model_name not in FACTS:
        return {}
    by_record: dict[int, list[Account]] = {}
    for account in Account.objects.of_records(records).with_citation():
        by_record.setdefault(account.object_id, []).append(account)
    kind = records[0]._meta.model_name
    return {pk: facts_of_accounts(kind, accounts) for pk, accounts in by_record.items()}


def place_names(facts: Iterable[FactAccounts]) -> dict[int, Place]:
    """The places the accounts of `facts` name, by id (one query, none if no place fact)."""
    ids = {a.value for f in facts if f.name == "place" for a in f.accounts}
    return Place.objects.in_bulk(ids) if ids else {}


@dataclass(frozen=True)
class DisputeFilters:
    kind: str | None = None
    party: int | None = None
    state: str | None = None  # "open", "settled" or None for both
    since: datetime.date | None = None
    until: datetime.date | None = None


# The records of each kind with a given party: what a dispute's party filter reads.
PARTY_PATHS = {
    "meeting": "delegations__party",
    "frameworkversion": "authors",
    "position": "party",
    "role": "party",
    "statement": "person__roles__party",
    "development": "parties",
}


def disputes(filters: DisputeFilters) -> QuerySet:
    """The disputed facts, newest account first: one row each (content_type, object_id,
    field, accounts, values, settled, latest), an aggregate over the accounts' fact index."""
    accounts = Account.objects.all()
    if filters.kind:
        accounts = accounts.filter(content_type__model=filters.kind)
    if filters.party is not None:
        involving = Q()
        for kind, path in PARTY_PATHS.items():
            if filters.kind and filters.kind != kind:
                continue
            model = ContentType.objects.get_by_natural_key("negotiations", kind).model_class()
            records = model._default_manager.filter(**{path: filters.party}).values("pk")
            involving |= Q(content_type__model=kind, object_id__in=records)
        accounts = accounts.filter(involving)
    rows = accounts.disputes()
    if filters.state == "open":
        rows = rows.filter(settled__isnull=True)
    elif filters.state == "settled":
        rows = rows.filter(settled__isnull=False)
    if filters.since:
        rows = rows.filter(latest__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(latest__date__lte=filters.until)
    return rows.order_by("-latest", "content_type", "object_id", "field")


def dispute_facts(rows: Sequence[dict]) -> list[tuple[object, FactAccounts]]:
    """The records and accounts of a page of dispute rows, in the rows' order: one query for
    the accounts, one per kind of record on the page."""
    if not rows:
        return []
    wanted = Q()
    for row in rows:
        wanted |= Q(
            content_type=row["content_type"], object_id=row["object_id"], field=row["field"]
        )
    by_fact: dict[tuple, FactAccounts] = {}
    for account in Account.objects.filter(wanted).with_citation():
        key = (account.content_type_id, account.object_id, account.field)
        kind = account.content_type.model
        by_fact.setdefault(key, FactAccounts(fact(kind, account.field))).accounts.append(account)
    records: dict[tuple[int, int], object] = {}
    by_type: dict[int, set[int]] = {}
    for content_type, object_id, _ in by_fact:
        by_type.setdefault(content_type, set()).add(object_id)
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = kind_of(model).live_related
        for record in model._default_manager.select_related(*related).filter(pk__in=ids):
            records[content_type_id, record.pk] = record
    found = []
    for row in rows:
        key = (row["content_type"], row["object_id"], row["field"])
        record = records.get(key[:2])
        if record is not None and key in by_fact:
            found.append((record, by_fact[key]))
    return found


def disputed_names(records: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
    """(kind, id) → the names of its disputed facts, for records of any kinds: one query (none
    for no records). What the timeline and the comparison flag."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in records:
        if kind in FACTS:
            by_kind.setdefault(kind, set()).add(pk)
    if not by_kind:
        return {}
    wanted, kinds = Q(), {}
    for kind, ids in by_kind.items():
        content_type = ContentType.objects.get_by_natural_key("negotiations", kind)  # cached
        kinds[content_type.pk] = kind
        wanted |= Q(content_type=content_type, object_id__in=sorted(ids))
    found: dict[tuple[str, int], list[str]] = {}
    rows = Account.objects.filter(wanted).disputes()
    for row in rows.order_by("content_type", "object_id", "field"):
        found.setdefault((kinds[row["content_type"]], row["object_id"]), []).append(row["field"])
    return found
