"""ETags from each record's revision number; If-Match on writes, If-None-Match on reads."""

import re

from django.db import transaction
from django.db.models import F
from django.utils.http import http_date
from rest_framework import status
from rest_framework.response import Response

from negotiations.api.errors import PreconditionFailed, PreconditionRequired

ETAG_RE = re.compile(r'^\s*(?:W/)?"v(\d{1,18})"\s*$')


def etag_for(record) -> str:
    return f'"v{record.revision}"'


def parse_etags(header: str) -> list[int | str]:
    """The versions an If-Match / If-None-Match header names ("*" matches any)."""
    versions: list[int | str] = []
    for part in header.split(","):
        if part.strip() == "*":
            versions.append("*")
        elif match := ETAG_RE.match(part):
            versions.append(int(match.group(1)))
    return versions


class ConditionalMixin:
    """For a ModelViewSet: ETag and Last-Modified on reads, and safe concurrent writes.

    PUT, PATCH and DELETE need If-Match (428 without it, 412 when stale). The version check and
    the claim of the next version are one UPDATE, so of two writers holding the same ETag
    exactly one wins; the loser's transaction changes nothing.
    """

    def get_object(self):
        # update() checks the ETag before DRF's own update reads the record: read it once.
        if getattr(self, "_object", None) is None:
            self._object = super().get_object()
        return self._object

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            versions = parse_etags(if_none_match)
            if "*" in versions or instance.revision in versions:
                response = Response(status=status.HTTP_304_NOT_MODIFIED)
                return self._with_validators(response, instance)
        response = Response(self.get_serializer(instance).data)
        return self._with_validators(response, instance)

    def update(self, request, *args, **kwargs):
        expected = self._expected_version()  # 428 before anything else
        if expected not in ("*", self.get_object().revision):
            raise PreconditionFailed()  # stale: say so before judging the body
        return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            self._claim(instance, self._expected_version())
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # The write and the answer that shows it are one transaction: a write whose answer fails
    # (a 500 while serializing the saved record) leaves nothing behind. The answer is built
    # here (the serializer keeps it for the response); the transaction starts with the write,
    # so SQLite takes its write lock first rather than upgrading a read lock (SQLITE_BUSY).
    # Not ATOMIC_REQUESTS: reads inside a transaction would all go to the primary.
    def perform_update(self, serializer):
        with transaction.atomic():
            self._claim(serializer.instance, self._expected_version())
            instance = serializer.save()  # save() moves the in-memory version to the claimed one
            # As DRF's update() does before answering: show the relations as just written.
            if getattr(instance, "_prefetched_objects_cache", None):
                instance._prefetched_objects_cache = {}
            serializer.data  # noqa: B018 (built and kept for the response)

    def perform_create(self, serializer):
        with transaction.atomic():
            self._written = serializer.save()
            serializer.data  # noqa: B018 (built and kept for the response)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_written", None)
        if instance is not None and response.status_code in (200, 201):
            self._with_validators(response, instance)
        return response

    def _expected_version(self) -> int | str:
        header = self.request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        versions = parse_etags(header)
        if not versions:
            raise PreconditionFailed()
        return versions[0]

    def _claim(self, instance, expected: int | str) -> None:
        rows = type(instance)._default_manager.filter(pk=instance.pk)
        if expected != "*":
            rows = rows.filter(revision=expected)
        if not rows.update(revision=F("revision") + 1):
            raise PreconditionFailed()
        # save() adds one to the in-memory revision: start it from the one before our claim.
        if expected == "*":
            manager = type(instance)._default_manager
            expected = manager.values_list("revision", flat=True).get(pk=instance.pk) - 1
        instance.revision = expected
        self._written = instance

    def _with_validators(self, response, instance):
        response["ETag"] = etag_for(instance)
        response["Last-Modified"] = http_date(instance.updated_at.timestamp())
        return response
