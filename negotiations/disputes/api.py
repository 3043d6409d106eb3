"""/api/v1/accounts/: the competing accounts of the records' facts, and settling a dispute."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from negotiations import models as m
from negotiations.api.base import BASE_FIELDS, TrackedSerializer, model_errors_as_400
from negotiations.api.errors import PreconditionFailed
from negotiations.api.fields import RefField, ref
from negotiations.api.filters import TrackedFilterSet
from negotiations.api.serializers import RecordRefSerializer
from negotiations.api.viewsets import TrackedViewSet
from negotiations.filters import IdFilter
from negotiations.models.accounts import FACT_NAMES, FACTS
from negotiations.models.base import RevisionConflict
from negotiations.models.kinds import kind
from negotiations.services import account_accept, account_reopen


def _same_fact() -> dict:
    return {
        "content_type": OuterRef("content_type"),
        "object_id": OuterRef("object_id"),
        "field": OuterRef("field"),
    }


def with_fact_state(accounts):
    """Each account with how many different values its fact's accounts give (`fact_values`)
    and whether one of them is accepted (`fact_settled`): two subqueries on the fact index."""
    values = (
        m.Account.objects.filter(**_same_fact())
        .order_by()
        .values("field")
        .annotate(n=Count("value_text", distinct=True))
        .values("n")
    )
    accepted = m.Account.objects.filter(**_same_fact(), accepted_at__isnull=False)
    return accounts.annotate(fact_values=Subquery(values), fact_settled=Exists(accepted))


class AccountSerializer(TrackedSerializer):
    """One source's account of one fact of one record (`record_kind` + `record_id`), with the
    record's citation that reports it."""

    record_kind = serializers.ChoiceField(choices=sorted(FACTS), write_only=True)
    record_id = serializers.IntegerField(
        source="object_id", min_value=1, max_value=2**63 - 1, write_only=True
    )
    record = serializers.SerializerMethodField()
    value = serializers.JSONField(
        help_text="The value the source gives, as the record's field is written; a date with "
        'its precision as {"date": "2025-11-30", "precision": "day"}.'
    )
    source = RefField(source="citation.source", read_only=True)
    grade = serializers.CharField(source="citation.grade", read_only=True)
    excerpt = serializers.CharField(source="citation.excerpt", read_only=True)
    attribution = serializers.CharField(source="citation.attribution", read_only=True)
    accepted = serializers.BooleanField(read_only=True)
    disputed = serializers.SerializerMethodField()
    settled = serializers.SerializerMethodField()

    class Meta:
        model = m.Account
        fields = [
            *BASE_FIELDS,
            "record",
            "record_kind",
            "record_id",
            "field",
            "value",
            "citation",
            "source",
            "grade",
            "excerpt",
            "attribution",
            "accepted",
            "accepted_at",
            "accepted_reason",
            "disputed",
            "settled",
        ]

    @extend_schema_field(RecordRefSerializer)
    def get_record(self, account) -> dict:
        data = ref(account.record, self.context.get("request"))
        return {**data, "kind": account.content_type.model}

    def _fact_state(self, account) -> tuple[int, bool]:
        if not hasattr(account, "fact_values"):  # a write's answer
            account = with_fact_state(m.Account.objects.filter(pk=account.pk)).get()
        return account.fact_values or 0, account.fact_settled

    def get_disputed(self, account) -> bool:
        """Its fact's accounts give two or more different values."""
        return self._fact_state(account)[0] > 1

    def get_settled(self, account) -> bool:
        """One account of its fact is accepted."""
        return self._fact_state(account)[1]

    def validate(self, attrs):
        kind = attrs.pop("record_kind", None)
        if kind is not None or "object_id" in attrs:
            kind = kind or self.instance.content_type.model
            model = ContentType.objects.get_by_natural_key("negotiations", kind).model_class()
            object_id = attrs.get("object_id", getattr(self.instance, "object_id", None))
            if object_id is None:
                raise serializers.ValidationError({"record_id": "Name the record."})
            if not model.objects.filter(pk=object_id).exists():
                raise serializers.ValidationError({"record_id": f"No {kind} with id {object_id}."})
            attrs["content_type"] = ContentType.objects.get_for_model(model)
        elif self.instance is None:
            raise serializers.ValidationError({"record_kind": "Name the record's kind."})
        return super().validate(attrs)


class SettleSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why; kept in the history.")
    record_revision = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The record's revision the analyst saw: 412 if it has changed since.",
    )


class AccountFilterSet(TrackedFilterSet):
    record_kind = filters.ChoiceFilter(
        field_name="content_type__model", choices=[(k, k) for k in sorted(FACTS)]
    )
    record_id = IdFilter(field_name="object_id")
    field = filters.ChoiceFilter(choices=[(name, name) for name in FACT_NAMES])
    source = IdFilter(field_name="citation__source")
    disputed = filters.BooleanFilter(method="filter_disputed", label="Its fact is disputed")
    settled = filters.BooleanFilter(method="filter_settled", label="Its fact is settled")
    accepted = filters.BooleanFilter(field_name="accepted_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = m.Account
        fields = []

    def filter_disputed(self, accounts, name, disputed: bool):
        condition = Q(fact_values__gt=1)
        return accounts.filter(condition) if disputed else accounts.exclude(condition)

    def filter_settled(self, accounts, name, settled: bool):
        return accounts.filter(fact_settled=settled)


class AccountViewSet(TrackedViewSet):
    queryset = with_fact_state(
        m.Account.objects.with_citation().order_by(*m.Account._meta.ordering)
    ).prefetch_related(
        GenericPrefetch(
            "record",
            [
                kind(name).model._default_manager.select_related(*kind(name).live_related)
                for name in FACTS
            ],
        )
    )
    serializer_class = AccountSerializer
    filterset_class = AccountFilterSet
    ordering_fields = [*TrackedViewSet.ordering_fields, "field"]

    def _settle(self, request, service):
        account = self.get_object()
        form = SettleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            with model_errors_as_400(form):
                service(
                    account=account,
                    by=request.user,
                    reason=form.validated_data["reason"],
                    expected=form.validated_data.get("record_revision"),
                )
        except RevisionConflict as error:
            raise PreconditionFailed(
                f"The record has changed since you read it (it is at revision "
                f"{error.current}, not {error.expected}): read it again, then decide."
            ) from error
        account = self.get_queryset().get(pk=account.pk)
        return Response(self.get_serializer(account).data)

    @extend_schema(request=SettleSerializer, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept this account as its record's value: the value is written to the record (the
        history keeps the reason), a previously accepted account of the fact is released, and
        every account stays. 412 if `record_revision` is no longer the record's."""
        return self._settle(request, account_accept)

    @extend_schema(request=SettleSerializer, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Release this accepted account: the fact is open again; the record keeps its value."""
        return self._settle(request, _reopen)


def _reopen(*, account, by, reason, expected):
    # `record_revision` speaks of the record, which a re-opening does not write.
    return account_reopen(account=account, by=by, reason=reason)
