"""One serializer per resource. Related records read as {id, url, name} and write as ids."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router
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
from negotiations.api.disputes import disputed_json
from negotiations.api.fields import (
    PreciseDateDisplayField,
    RefField,
    RefSerializer,
    RelatedCountField,
    api_links,
    api_url,
    precise_date,
    ref,
)
from negotiations.disputes.selectors import facts_of_accounts
from negotiations.links import page_links
from negotiations.models.base import CitedModel
from negotiations.models.kinds import cited_models
from negotiations.models.named import SlugPage
from negotiations.services import (
    delegation_create,
    delegation_members_check,
    delegation_update,
)

CITED = ["citations"]
DISPUTED = ["disputed_fields"]  # the kinds with facts (negotiations.models.accounts.FACTS)


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
            *DISPUTED,
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


def meeting_embeds(
    meetings: list, request=None, *, citation_titles: bool = False
) -> dict[str, dict[int, list]]:
    """What a page of meetings embeds, read in one query per relation as plain rows (the
    querysets' prefetches would build a record, and a queryset, for each): each meeting's
    delegations (with their members), framework versions and citations, by meeting id, in the
    order the relations' own orderings give, as the serializers above show them.

    `citation_titles`: each citation as its source's title alone, which is all the CSV shows
    of it (negotiations.exports.csv), without reading every excerpt and note."""
    embeds: dict[str, dict[int, list]] = {"delegations": {}, "framework_versions": {}}
    embeds["citations"] = {}
    embeds["disputed_fields"] = {}
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return embeds

    # Each read goes where the router sends it, as a prefetch from the page's records would.
    def rows(model):
        return model.objects.using(router.db_for_read(model, instance=meetings[0]))

    person = _refs("person", request)
    party = _refs("party", request)
    version = _refs("frameworkversion", request)
    source = _refs("source", request)
    delegation_url = api_links("delegation", request)
    head_role = m.DelegationMember.Role.HEAD

    delegations: dict[int, dict] = {}
    # The delegations with their members in one query (a row per member, one with no member
    # for a delegation without any): Delegation's ordering within a meeting (its first keys are
    # the meeting's, without the join to the meetings ordering by them takes), then
    # DelegationMember's (by name) within a delegation.
    found = (
        rows(m.Delegation)
        .filter(meeting_id__in=ids)
        .order_by("meeting_id", "party__name", "id", "memberships__person__name")
    )
    for pk, meeting_id, party_id, party_name, person_id, person_name, role in found.values_list(
        "id",
        "meeting_id",
        "party_id",
        "party__name",
        "memberships__person_id",
        "memberships__person__name",
        "memberships__role",
    ):
        delegation = delegations.get(pk)
        if delegation is None:
            delegations[pk] = delegation = {
                "id": pk,
                "url": delegation_url(pk),
                "party": party(party_id, party_name),
                "head": None,
                "members": [],
            }
            embeds["delegations"].setdefault(meeting_id, []).append(delegation)
        if person_id is None:
            continue
        member = person(person_id, person_name)
        if role == head_role and delegation["head"] is None:
            delegation["head"] = member
        delegation["members"].append({"person": member, "role": role})

    # The versions in FrameworkVersion's order (a version linked twice shows twice, as the
    # many-to-many relation reads it).
    found = rows(m.VersionMeeting).filter(meeting_id__in=ids)
    ordering = [f"version__{name}" for name in m.FrameworkVersion._meta.ordering]
    for meeting_id, pk, framework_title, label in found.order_by(*ordering).values_list(
        "meeting_id", "version_id", "version__framework__title", "version__label"
    ):
        embeds["framework_versions"].setdefault(meeting_id, []).append(
            version(pk, f"{framework_title}: {label}")
        )

    accounts = rows(m.Account).filter(
        content_type=ContentType.objects.get_for_model(m.Meeting), object_id__in=ids
    )
    by_meeting: dict[int, list] = {}
    for account in accounts.with_citation():
        by_meeting.setdefault(account.object_id, []).append(account)
    for meeting_id, found in by_meeting.items():
        disputed = disputed_json(facts_of_accounts("meeting", found), request)
        if disputed:
            embeds["disputed_fields"][meeting_id] = disputed

    found = rows(m.Citation).filter(
        content_type=ContentType.objects.get_for_model(m.Meeting), object_id__in=ids
    )
    if citation_titles:
        for object_id, title in found.values_list("object_id", "source__title"):
            embeds["citations"].setdefault(object_id, []).append({"source_title": title})
        return embeds
    for (
        pk,
        object_id,
        source_id,
        title,
        reliability,
        excerpt,
        attribution,
        credibility,
        note,
    ) in found.values_list(
        "id",
        "object_id",
        "source_id",
        "source__title",
        "source__reliability",
        "excerpt",
        "attribution",
        "credibility",
        "note",
    ):
        embeds["citations"].setdefault(object_id, []).append(
            {
                "id": pk,
                "source": source(source_id, title),
                "source_title": title,
                "source_reliability": reliability,
                "excerpt": excerpt,
                "attribution": attribution,
                "credibility": credibility,
                "note": note,
            }
        )
    return embeds


def _refs(model_name: str, request=None):
    """{id, url, name} of a kind's records from their id and name (see fields.ref)."""
    url = api_links(model_name, request)
    return lambda pk, name: {"id": pk, "url": url(pk), "name": name}


EMBEDDED = object()  # a field that meeting_embeds read


class MeetingListSerializer(serializers.ListSerializer):
    """A page of meetings: what they embed read once for the page (meeting_embeds)."""

    def to_representation(self, data):
        meetings = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        embeds = meeting_embeds(
            meetings,
            self.context.get("request"),
            citation_titles=self.context.get("csv", False),
        )
        return [self.child.to_representation(meeting, embeds) for meeting in meetings]


class MeetingSerializer(CitedSerializer):
    delegations = DelegationSummarySerializer(many=True, read_only=True)
    framework_versions = RefField(many=True, read_only=True)
    date_passed = serializers.BooleanField(
        read_only=True,
        help_text="Still scheduled, but every day its date can mean is over: the outcome is "
        "not recorded yet.",
    )

    class Meta:
        model = m.Meeting
        list_serializer_class = MeetingListSerializer
        fields = [
            *BASE_FIELDS,
            "slug",
            "title",
            *precise_date(),
            "end_date",
            "start_time",
            "duration_minutes",
            "status",
            "date_passed",
            "place",
            "summary",
            "characterisation",
            "sequence",
            "delegations",
            "framework_versions",
            *CITED,
            *DISPUTED,
        ]
        extra_kwargs = {
            "duration_minutes": {"max_value": 60 * 24 * 60},
            "sequence": {"max_value": 100_000},
        }

    # The fields above decide what a meeting shows (and the schema, and what a write takes);
    # a meeting is read without DRF's walk of them, which costs more than the data for a page
    # of meetings with their teams. Each field's own to_representation still prints its value.
    EMBEDDED = ("delegations", "framework_versions", "citations", "disputed_fields")

    def to_representation(self, instance, embeds: dict | None = None) -> dict:
        if embeds is None:  # one meeting (a detail, a write's answer)
            embeds = meeting_embeds([instance], self.context.get("request"))
        data = {}
        pk = instance.pk
        for name, read, field in self._reading_plan():
            if read is None:  # one of the meeting's own columns
                value = getattr(instance, field.source)
                data[name] = None if value is None else field.to_representation(value)
            elif read is EMBEDDED:
                data[name] = embeds[name].get(pk, [])
            else:
                data[name] = read(instance)
        return data

    def _reading_plan(self) -> list[tuple[str, object, serializers.Field]]:
        """(name, how to read it, field) for each field shown, worked out once per request."""
        plan = getattr(self, "_plan", None)
        if plan is not None:
            return plan
        request = self.context.get("request")
        place_url = api_links("place", request)

        def place(meeting) -> dict | None:
            if meeting.place_id is None:
                return None
            place = meeting.place  # select_related
            return {"id": place.pk, "url": place_url(place.pk), "name": str(place)}

        special = {"place": place, **dict.fromkeys(self.EMBEDDED, EMBEDDED)}
        meeting_url = api_links("meeting", request)
        special["url"] = lambda meeting: meeting_url(meeting.pk)
        if m.Meeting.get_absolute_url is SlugPage.get_absolute_url:
            special["html_url"] = page_links(m.Meeting.page, request)
        self._plan = plan = []
        for name, field in self._shared_fields().items():
            if field.write_only:
                continue
            read = special.get(name)
            if read is None and field.source == "*":  # reads the record itself (displays)
                if not isinstance(field, PreciseDateDisplayField):
                    field = self.fields[name]  # may need the request: this request's copy
                read = field.to_representation
            elif read is None and "." in field.source:
                raise ValueError(f"{name}: a meeting's field reads one of its columns")
            plan.append((name, read, field))
        return plan

    @classmethod
    def _shared_fields(cls) -> dict[str, serializers.Field]:
        """The fields, built once for every request: what the plan reads through them (a
        column's value, a date as it prints) needs no request, and DRF's own `fields` are a
        deep copy of every declared field and a fresh build of every model field, each time
        (about 3 ms of a page of meetings). Bound to a serializer with an empty context."""
        fields = cls.__dict__.get("_fields_for_every_request")
        if fields is None:
            fields = dict(cls(context={}).fields)
            cls._fields_for_every_request = fields  # built twice by two threads at worst: alike
        return fields


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

    # A version embeds every point: read them without DRF's walk of five fields per point
    # (the framework-versions list spent half its time there). The fields above stay the
    # schema; the values are theirs (an int or null, plain strings).
    def to_representation(self, point) -> dict:
        return {
            "id": point.pk,
            "url": self.get_url(point),
            "number": point.number,
            "title": point.title,
            "status": point.status,
        }


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
            "declared_points_basis",
            "known_points",
            *precise_date(),
            "status",
            "summary",
            "authors",
            "supersedes",
            "superseded_by",
            "meetings",
            "points",
            *CITED,
            *DISPUTED,
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
            "options",
            *CITED,
            *DISPUTED,
        ]


class StatementSerializer(CitedSerializer):
    class Meta:
        model = m.Statement
        fields = [
            *BASE_FIELDS,
            "person",
            "meeting",
            *precise_date(),
            "text",
            "context",
            *CITED,
            *DISPUTED,
        ]


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
            *DISPUTED,
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
            "reliability",
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
            "credibility",
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
