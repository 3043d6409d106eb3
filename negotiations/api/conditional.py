"""ETags from each record's revision number; If-Match on writes, If-None-Match on reads."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags, quote_etag
from rest_framework import status
from rest_framework.response import Response

from negotiations.api.errors import PreconditionFailed, PreconditionRequired
from negotiations.models.base import RevisionConflict

# The entity-tag (quotes stripped) of a revision: "v<n>".
REVISION_TAG = re.compile(r"v(\d{1,18})")


def etag_for(record) -> str:
    return quote_etag(f"v{record.revision}")


def if_match_revision(header: str) -> int | None:
    """The revision the first usable tag of an If-Match header names; None for "*" (any).

    PreconditionFailed if it names no revision at all.
    """
    for tag in parse_etags(header):
        if tag == "*":
            return None
        if match := REVISION_TAG.fullmatch(tag.removeprefix("W/").strip('"')):
            return int(match.group(1))
    raise PreconditionFailed()


class ConditionalMixin:
    """For a ModelViewSet: ETag and Last-Modified on reads, and safe concurrent writes.

    PUT, PATCH and DELETE need If-Match (428 without it, 412 when stale). The service that
    writes claims the next revision against the If-Match one in a single UPDATE (the models'
    revision_claim), so of two writers holding the same ETag exactly one wins; the loser's
    transaction changes nothing. The serializer passes the expected revision on to the service.
    """

    def get_object(self):
        # update() checks the ETag before DRF's own update reads the record: read it once.
        if getattr(self, "_object", None) is None:
            self._object = super().get_object()
        return self._object

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        # Django's conditional-response rules decide; only their 304 applies to a read here
        # (If-Match and If-Unmodified-Since are for writes; no Last-Modified is compared).
        decided = get_conditional_response(request, etag=etag_for(instance))
        if decided is not None and decided.status_code == status.HTTP_304_NOT_MODIFIED:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(self.get_serializer(instance).data)
        return self._with_validators(response, instance)

    def update(self, request, *args, **kwargs):
        expected = self._expected_revision()  # 428 before anything else
        if expected is not None and expected != self.get_object().revision:
            raise PreconditionFailed()  # stale: say so before judging the body
        return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self._expected_revision()  # 428 before anything else
        with conflicts_as_412(), transaction.atomic():
            self.perform_destroy(instance)  # the service checks the If-Match revision
        return Response(status=status.HTTP_204_NO_CONTENT)

    # The write and the answer that shows it are one transaction: a write whose answer fails
    # (a 500 while serializing the saved record) leaves nothing behind. The answer is built
    # here (the serializer keeps it for the response); the service claims the revision before
    # any read, so SQLite takes its write lock first rather than upgrading a read lock
    # (SQLITE_BUSY). Not ATOMIC_REQUESTS: reads inside a transaction would all go to the primary.
    def perform_update(self, serializer):
        serializer.context["expected_revision"] = self._expected_revision()
        with conflicts_as_412(), transaction.atomic():
            instance = serializer.save()  # the service's claim moves the in-memory revision
            # As DRF's update() does before answering: show the relations as just written.
            if getattr(instance, "_prefetched_objects_cache", None):
                instance._prefetched_objects_cache = {}
            serializer.data  # noqa: B018 (built and kept for the response)
        self._written = instance

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

    def _expected_revision(self) -> int | None:
        """The If-Match revision (None for "*"): 428 without the header, 412 if it names none."""
        header = self.request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        return if_match_revision(header)

    def _with_validators(self, response, instance):
        response["ETag"] = etag_for(instance)
        response["Last-Modified"] = http_date(instance.updated_at.timestamp())
        return response


@contextmanager
def conflicts_as_412() -> Iterator[None]:
    """A RevisionConflict from the service layer is the API's 412 Precondition Failed."""
    try:
        yield
    except RevisionConflict as error:
        raise PreconditionFailed() from error
