"""Errors the API answers with: conditional-request failures and database conflicts."""

from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "This change needs an If-Match header with the record's current ETag."
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record has changed since you read it (its ETag no longer matches). "
        "Read it again and reapply your change."
    )
    default_code = "precondition_failed"


def exception_handler(exc, context):
    """DRF's handler, plus 400/409 for values and writes the database refuses (never a 500)."""
    if isinstance(exc, ProtectedError | RestrictedError):
        names = sorted({type(obj)._meta.verbose_name for obj in exc.protected_objects})
        return Response(
            {"detail": f"Other records still refer to this one ({', '.join(names)})."},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DataError):
        # A value the database cannot hold that validation let through: still the client's.
        return Response(
            {"detail": "A value is out of range or malformed."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": "The change conflicts with existing records."},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
