"""Comparing two framework versions, point by point."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from negotiations import models as m
from negotiations.api.fields import RefField, api_url
from negotiations.api.queries import StrictQueryMixin
from negotiations.disputes.selectors import disputed_names
from negotiations.frameworks.compare import ComparisonError, version_compare


class DiffOpSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "delete", "insert"])
    text = serializers.CharField()


class ComparedPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    number = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    status = serializers.CharField()

    def get_url(self, point) -> str:
        return api_url(point, self.context.get("request"))


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.PointLineage.Kind.choices)
    from_points = ComparedPointSerializer(many=True)
    to_points = ComparedPointSerializer(many=True)
    diff = DiffOpSerializer(many=True, allow_null=True, help_text="Word-level, for rewordings.")
    note = serializers.CharField()


class VersionSideSerializer(serializers.Serializer):
    version = RefField(read_only=True)
    declared = serializers.IntegerField(allow_null=True, help_text="Points the version declares.")
    known = serializers.IntegerField(help_text="Points the sources give.")
    unknown = serializers.IntegerField(allow_null=True, help_text="Declared but not yet known.")
    disputed = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_disputed(self, side) -> list[str]:
        """The version's facts that sources give differently (its declared point count, say):
        see its `disputed_fields`."""
        return self.context.get("disputed", {}).get(("frameworkversion", side.version.pk), [])


class ComparisonSerializer(serializers.Serializer):
    older = VersionSideSerializer()
    newer = VersionSideSerializer()
    changes = ChangeSerializer(many=True)
    untraced_older = ComparedPointSerializer(many=True)
    untraced_newer = ComparedPointSerializer(many=True)


class CompareView(StrictQueryMixin, APIView):
    """How the newer of two consecutive versions derives from the older, point by point."""

    queryset = m.FrameworkVersion.objects.all()  # for the permission check

    @extend_schema(
        responses=ComparisonSerializer,
        parameters=[
            OpenApiParameter(
                "version",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="A version's id or slug.",
            ),
            OpenApiParameter(
                "other",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The other version's id, or its slug within the same framework.",
            ),
        ],
    )
    def get(self, request, version: str, other: str):
        versions = m.FrameworkVersion.objects.select_related("framework", "supersedes")
        first = _version(versions, version)
        # A second slug is looked up in the first version's framework, an id anywhere (so
        # versions of two frameworks are refused with the reason, not "not found").
        second = _version(versions, other, framework_id=first.framework_id)
        older, newer = (second, first) if first.supersedes_id == second.pk else (first, second)
        try:
            comparison = version_compare(older=older, newer=newer)
        except ComparisonError as error:
            raise ValidationError({"detail": str(error)}) from error
        disputed = disputed_names([(v._meta.model_name, v.pk) for v in (older, newer)])
        context = {"request": request, "disputed": disputed}
        return Response(ComparisonSerializer(comparison, context=context).data)


def _version(versions, key: str, framework_id: int | None = None) -> m.FrameworkVersion:
    """A version by id ("12") or by slug ("19-point-revision"); slugs are unique only within
    a framework, so a slug two frameworks share is refused, not guessed."""
    if key.isdigit():
        found = versions.filter(pk=int(key)).first()
        if found is None:
            raise NotFound()
        return found
    if framework_id is not None:
        versions = versions.filter(framework_id=framework_id)
    found = list(versions.filter(slug=key)[:2])
    if not found:
        raise NotFound()
    if len(found) > 1:
        raise ValidationError(
            {"detail": f"Several frameworks have a version “{key}”: name it by its id."}
        )
    return found[0]
