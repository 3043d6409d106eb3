"""A record's disputed facts as its JSON carries them (`disputed_fields`), with the accounts."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from negotiations.api.fields import RefSerializer, api_links
from negotiations.disputes.selectors import FactAccounts, facts_of_accounts
from negotiations.models import Citation, Source


class AccountSummarySerializer(serializers.Serializer):
    """One account of a disputed fact: the value, its source, grade and verbatim excerpt."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    value = serializers.JSONField(help_text="As the record's field is written.")
    accepted = serializers.BooleanField(help_text="Accepted as the record's value.")
    accepted_reason = serializers.CharField()
    citation = serializers.IntegerField()
    source = RefSerializer()
    source_reliability = serializers.ChoiceField(choices=Source.Reliability.choices)
    credibility = serializers.ChoiceField(choices=Citation.Credibility.choices)
    grade = serializers.CharField(help_text='Admiralty grade, source then information: "B2".')
    excerpt = serializers.CharField()
    attribution = serializers.ChoiceField(choices=Citation.Attribution.choices)


class DisputedFactSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The record's field the accounts disagree on.")
    state = serializers.ChoiceField(
        choices=["open", "settled"], help_text="Settled: an analyst accepted one account."
    )
    summary = serializers.CharField(help_text='"disputed, 2 accounts".')
    accounts = AccountSummarySerializer(many=True)


def disputed_json(facts: dict[str, FactAccounts], request=None) -> list[dict]:
    """The disputed facts of one record as `disputed_fields` lists them (plain dicts: a page of
    records may carry many)."""
    account_url = api_links("account", request)
    source_url = api_links("source", request)
    found = []
    for name, fact in facts.items():
        if not fact.disputed:
            continue
        accounts = []
        for account in fact.accounts:
            citation = account.citation
            source = citation.source
            accounts.append(
                {
                    "id": account.pk,
                    "url": account_url(account.pk),
                    "value": account.value,
                    "accepted": account.accepted,
                    "accepted_reason": account.accepted_reason,
                    "citation": citation.pk,
                    "source": {"id": source.pk, "url": source_url(source.pk), "name": source.title},
                    "source_reliability": source.reliability,
                    "credibility": citation.credibility,
                    "grade": citation.grade,
                    "excerpt": citation.excerpt,
                    "attribution": citation.attribution,
                }
            )
        found.append(
            {"field": name, "state": fact.state, "summary": fact.summary, "accounts": accounts}
        )
    return found


@extend_schema_field(DisputedFactSerializer(many=True))
class DisputedFieldsField(serializers.Field):
    """The record's disputed facts, open and settled, each with every account; [] if none.
    Reads the record's prefetched accounts (CitedQuerySet.with_accounts)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record) -> list[dict]:
        facts = facts_of_accounts(record._meta.model_name, record.accounts.all())
        return disputed_json(facts, self.context.get("request"))
