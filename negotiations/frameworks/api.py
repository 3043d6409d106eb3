"""Comparing two framework versions, point by point."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from negotiations import models as m
from negotiations.api.fields import RefField, api_url
from negotiations.api.queries import StrictQueryMixin
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


class ComparisonSerializer(serializers.Serializer):
    older = VersionSideSerializer()
    newer = VersionSideSerializer()
    changes = ChangeSerializer(many=True)
    untraced_older = ComparedPointSerializer(many=True)
    untraced_newer = ComparedPointSerializer(many=True)


class CompareView(StrictQueryMixin, APIView):
    """How the newer of two consecutive versions derives from the older, point by point."""

    queryset = m.FrameworkVersion.objects.all()  # for the permission check

    @extend_schema(responses=ComparisonSerializer)
    def get(self, request, pk: int, other_pk: int):
        versions = m.FrameworkVersion.objects.select_related("framework", "supersedes")
        first = get_object_or_404(versions, pk=pk)
        second = get_object_or_404(versions, pk=other_pk)
        older, newer = (second, first) if first.supersedes_id == second.pk else (first, second)
        try:
            comparison = version_compare(older=older, newer=newer)
        except ComparisonError as error:
            raise ValidationError({"detail": str(error)}) from error
        return Response(ComparisonSerializer(comparison, context={"request": request}).data)
