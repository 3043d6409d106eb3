"""Disputes as the pages show them: values in words, the accounts side by side."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from negotiations.dates import format_precise_date
from negotiations.disputes.selectors import FactAccounts, facts_of_accounts, place_names
from negotiations.models import Account
from negotiations.models.accounts import Fact
from negotiations.text import duration_words


def value_display(fact: Fact, value, places: dict | None = None) -> str:
    """A fact's value as a page prints it ("30 Nov 2025", "4 hours", "Held", "Miami")."""
    if value is None:
        return "not reported"
    if fact.precise:
        return format_precise_date(datetime.date.fromisoformat(value["date"]), value["precision"])
    field = fact.model_field
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if fact.name == "place":
        place = (places or {}).get(value)
        return str(place) if place is not None else f"place {value}"
    if fact.name == "duration_minutes":
        return duration_words(value)
    if fact.name.endswith("date"):
        return datetime.date.fromisoformat(value).strftime("%-d %b %Y")
    return str(value)


@dataclass
class AccountView:
    account: Account
    value: str  # in words

    @property
    def citation(self):
        return self.account.citation


@dataclass
class DisputeView:
    """One disputed fact of one record, ready for a page."""

    record: object
    facts: FactAccounts
    current: str  # the record's value, in words
    accounts: list[AccountView]

    @property
    def fact(self) -> Fact:
        return self.facts.fact

    @property
    def label(self) -> str:
        return self.fact.label.capitalize()

    @property
    def anchor(self) -> str:
        """The id of the dispute's block on a record page."""
        return f"dispute-{self.record._meta.model_name}-{self.record.pk}-{self.fact.name}"


def dispute_views(pairs: Sequence[tuple[object, FactAccounts]]) -> list[DisputeView]:
    """One view per (record, disputed fact), in the given order (the /disputes/ page's rows)."""
    places = place_names(facts for _, facts in pairs)
    views = []
    for record, facts in pairs:
        fact = facts.fact
        accounts = [AccountView(a, value_display(fact, a.value, places)) for a in facts.accounts]
        current = value_display(fact, fact.of_record(record), places | _own_place(record, fact))
        views.append(DisputeView(record, facts, current, accounts))
    return views


def _own_place(record, fact: Fact) -> dict:
    if fact.name == "place" and getattr(record, "place_id", None):
        return {record.place_id: record.place}
    return {}


def record_disputes(record) -> dict[str, DisputeView]:
    """Fact name → DisputeView for `record`'s disputed facts, from its accounts as a view read
    them (a plain list, `account_list`) or prefetched (CitedQuerySet.with_accounts); a
    disputed place costs one query to name the places."""
    accounts = getattr(record, "account_list", None)
    if accounts is None:
        accounts = record.accounts.all()
    facts = facts_of_accounts(record._meta.model_name, accounts)
    pairs = [(record, fact) for fact in facts.values() if fact.disputed]
    return {view.fact.name: view for view in dispute_views(pairs)}
