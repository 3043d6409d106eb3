"""One serializer per resource. Related records read as {id, url, name} and write as ids."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from negotiations import models as m
from negotiations.api.base import (
    BASE_FIELDS,
    CitedSerializer,
    TrackedSerializer,
    model_errors_as_400,
    split_m2m,
)
from negotiations.api.fields import (
    RefField,
    RefSerializer,
    RelatedCountField,
    api_url,
    precise_date,
    ref,
)
from negotiations.models.base import CitedModel
from negotiations.models.kinds import cited_models
from negotiations.services import (
    delegation_create,
    delegation_members_check,
    delegation_update,
)

CITED = ["citations"]


class PartySerializer(CitedSerializer):
    class Meta:
        model = m.Party
        fields = [*BASE_FIELDS, "slug", "name", "short_name", "kind", *CITED]


class PersonSerializer(CitedSerializer):
    other_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )

    class Meta:
        model = m.Person
        fields = [*BASE_FIELDS, "slug", "name", "other_names", *CITED]


class RoleSerializer(CitedSerializer):
    class Meta:
        model = m.Role
        fields = [
            *BASE_FIELDS,
            "person",
            "party",
            "body",
            "title",
            *precise_date("start_date"),
            *precise_date("end_date"),
            "has_ended",
            *CITED,
        ]


class PlaceSerializer(CitedSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = m.Place
        fields = [
            *BASE_FIELDS,
            "name",
            "venue",
            "locality",
            "region",
            "country_code",
            "latitude",
            "longitude",
            *CITED,
        ]


class MemberSerializer(serializers.ModelSerializer):
    person = RefField(queryset=m.Person.objects.all())

    class Meta:
        model = m.DelegationMember
        fields = ["person", "role"]


class DelegationSummarySerializer(serializers.ModelSerializer):
    """A delegation inside its meeting: party, head and members by name."""

    url = serializers.SerializerMethodField()
    party = RefField(read_only=True)
    head = serializers.SerializerMethodField()
    members = MemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = m.Delegation
        fields = ["id", "url", "party", "head", "members"]

    def get_url(self, delegation) -> str:
        return api_url(delegation, self.context.get("request"))

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_head(self, delegation) -> dict | None:
        for membership in delegation.memberships.all():  # prefetched
            if membership.role == m.DelegationMember.Role.HEAD:
                return ref(membership.person, self.context.get("request"))
        return None


class MeetingSerializer(CitedSerializer):
    delegations = DelegationSummarySerializer(many=True, read_only=True)
    framework_versions = RefField(many=True, read_only=True)

    class Meta:
        model = m.Meeting
        fields = [
            *BASE_FIELDS,
            "slug",
            "title",
            *precise_date(),
            "end_date",
            "start_time",
            "duration_minutes",
            "status",
            "place",
            "summary",
            "characterisation",
            "sequence",
            "delegations",
            "framework_versions",
            *CITED,
        ]
        extra_kwargs = {
            "duration_minutes": {"max_value": 60 * 24 * 60},
            "sequence": {"max_value": 100_000},
        }


class DelegationSerializer(CitedSerializer):
    """A delegation; `members` replaces the whole team when given."""

    members = MemberSerializer(source="memberships", many=True, required=False, max_length=200)
    head = serializers.SerializerMethodField()

    class Meta:
        model = m.Delegation
        fields = [*BASE_FIELDS, "meeting", "party", "head", "members", "notes", *CITED]

    get_head = DelegationSummarySerializer.get_head

    def validate_members(self, members: list[dict]) -> list[dict]:
        # PATCH makes nested fields optional too; a member still needs a person.
        if any("person" not in member for member in members):
            raise serializers.ValidationError("Each member needs a person.")
        for member in members:
            member.setdefault("role", m.DelegationMember.Role.MEMBER)
        # The service's rules of the whole team, answered beside the other fields' errors.
        try:
            delegation_members_check(members)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return members

    def create(self, validated_data):
        members = validated_data.pop("memberships", None)
        fields, m2m = split_m2m(m.Delegation, validated_data)
        with model_errors_as_400(self):
            return delegation_create(fields=fields, members=members, m2m=m2m, by=self.user())

    def update(self, instance, validated_data):
        members = validated_data.pop("memberships", None)
        fields, m2m = split_m2m(m.Delegation, validated_data)
        with model_errors_as_400(self):
            return delegation_update(
                delegation=instance,
                fields=fields,
                members=members,
                m2m=m2m,
                expected=self.expected(),
                by=self.user(),
            )


class FrameworkSerializer(CitedSerializer):
    versions = RefField(many=True, read_only=True)

    class Meta:
        model = m.Framework
        fields = [*BASE_FIELDS, "slug", "title", "description", "versions", *CITED]


class PointSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = m.FrameworkPoint
        fields = ["id", "url", "number", "title", "status"]

    def get_url(self, point) -> str:
        return api_url(point, self.context.get("request"))


class VersionMeetingSerializer(serializers.ModelSerializer):
    meeting = RefField(read_only=True)

    class Meta:
        model = m.VersionMeeting
        fields = ["meeting", "kind"]


class FrameworkVersionSerializer(CitedSerializer):
    known_points = RelatedCountField("points")
    superseded_by = RefField(read_only=True, allow_null=True)
    points = PointSummarySerializer(many=True, read_only=True)
    meetings = VersionMeetingSerializer(source="meeting_links", many=True, read_only=True)

    class Meta:
        model = m.FrameworkVersion
        fields = [
            *BASE_FIELDS,
            "slug",
            "framework",
            "label",
            "declared_points",
            "known_points",
            *precise_date(),
            "status",
            "authors",
            "supersedes",
            "superseded_by",
            "meetings",
            "points",
            *CITED,
        ]
        extra_kwargs = {"declared_points": {"max_value": 1000}}


class TopicSerializer(TrackedSerializer):
    class Meta:
        model = m.Topic
        fields = [*BASE_FIELDS, "slug", "name"]


class FrameworkPointSerializer(CitedSerializer):
    class Meta:
        model = m.FrameworkPoint
        fields = [*BASE_FIELDS, "version", "number", "title", "text", "topics", "status", *CITED]
        extra_kwargs = {"number": {"max_value": 1000}}


class PointLineageSerializer(CitedSerializer):
    """How a point of a newer version derives from one of the version it supersedes: "new"
    has only `to_point`, "dropped" only `from_point`, every other kind both."""

    class Meta:
        model = m.PointLineage
        fields = [*BASE_FIELDS, "from_point", "to_point", "kind", "note", *CITED]


class StickingIssueSerializer(CitedSerializer):
    class Meta:
        model = m.StickingIssue
        fields = [
            *BASE_FIELDS,
            "slug",
            "title",
            "description",
            "status",
            "priority",
            "related_points",
            "related_meetings",
            *CITED,
        ]


class PositionSerializer(CitedSerializer):
    class Meta:
        model = m.Position
        fields = [
            *BASE_FIELDS,
            "party",
            "issue",
            "point",
            "stance",
            "stated_position",
            *precise_date("as_of"),
            *CITED,
        ]


class StatementSerializer(CitedSerializer):
    class Meta:
        model = m.Statement
        fields = [*BASE_FIELDS, "person", "meeting", *precise_date(), "text", "context", *CITED]


class DevelopmentSerializer(CitedSerializer):
    class Meta:
        model = m.Development
        fields = [
            *BASE_FIELDS,
            "slug",
            "title",
            "kind",
            *precise_date(),
            "parties",
            "summary",
            *CITED,
        ]


class SourceSerializer(TrackedSerializer):
    citation_count = RelatedCountField("citations")
    link = serializers.URLField(source="url", max_length=500, required=False, allow_blank=True)

    class Meta:
        model = m.Source
        fields = [
            *BASE_FIELDS,
            "title",
            "publisher",
            "dateline",
            "published_date",
            "link",
            "kind",
            "text",
            "citation_count",
        ]


class RecordRefSerializer(RefSerializer):
    kind = serializers.CharField()


def citable_kinds() -> dict[str, type[CitedModel]]:
    return {model._meta.model_name: model for model in cited_models()}


class CitationSerializer(TrackedSerializer):
    """A citation and the record it backs (`record_kind` + `record_id`)."""

    record_kind = serializers.ChoiceField(choices=sorted(citable_kinds()), write_only=True)
    record_id = serializers.IntegerField(
        source="object_id", min_value=1, max_value=2**63 - 1, write_only=True
    )
    record = serializers.SerializerMethodField()

    class Meta:
        model = m.Citation
        fields = [
            *BASE_FIELDS,
            "source",
            "record",
            "record_kind",
            "record_id",
            "excerpt",
            "attribution",
            "note",
        ]

    @extend_schema_field(RecordRefSerializer)
    def get_record(self, citation) -> dict:
        record = citation.content_object
        data = ref(record, self.context.get("request"))
        return {**data, "kind": citation.content_type.model}

    def validate(self, attrs):
        kind = attrs.pop("record_kind", None)
        if kind is not None or "object_id" in attrs:
            kind = kind or self.instance.content_type.model
            model = citable_kinds()[kind]
            object_id = attrs.get("object_id", getattr(self.instance, "object_id", None))
            if not model.objects.filter(pk=object_id).exists():
                raise serializers.ValidationError({"record_id": f"No {kind} with id {object_id}."})
            attrs["content_type"] = ContentType.objects.get_for_model(model)
        return super().validate(attrs)
