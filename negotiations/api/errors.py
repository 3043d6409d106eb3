"""Errors the API answers with: conditional-request failures, database conflicts and the login
lockout; refusals and conflicts are logged as security events (negotiations/security.py).

Every error body has one shape (the schema's `Error`, negotiations/api/schema.py): `detail`, a
string, for what is not about one field, and the messages per bad field or query parameter, each
a list of strings, nested fields and list items as dotted paths ("members.1.person")."""

from collections.abc import Mapping

from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict
from rest_framework.views import exception_handler as drf_exception_handler

from negotiations.security import lockout_detail, lockout_retry_after, log_security_event


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
    """DRF's handler, plus 400/409 for values and writes the database refuses (never a 500),
    429 for a locked-out sign-in, and a security-log line for 401/403/412/428."""
    request = context.get("request")
    if getattr(request, "axes_locked_out", False):
        # django-axes flags DRF's Request, which its middleware never sees: answer here, not
        # with the token endpoint's 400 "Unable to log in".
        return Response(
            {"detail": lockout_detail()},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(lockout_retry_after())},
        )
    response = _response_for(exc, context)
    if response is not None:
        _log_refusal(exc, context, response.status_code)
        response.data = _flat(response.data)
    return response


def error_body(data) -> dict:
    """DRF's error data (messages nested per field, item index and nested field) as the flat
    `Error` body: one dotted path per bad field with its messages, and `detail` for the rest.

    A nested serializer's own errors (its `non_field_errors`) belong to its path: "members", not
    "members.non_field_errors"; at the top, `non_field_errors` stays (the record as a whole)."""
    fields: dict[str, list[str]] = {}
    _collect(fields, "", data)
    general = [*fields.pop("", []), *fields.pop("detail", [])]
    return {"detail": " ".join(general), **fields} if general else fields


def _flat(data):
    body = error_body(data)
    # The browsable API shows a form's errors from the serializer it finds on the data.
    serializer = getattr(data, "serializer", None)
    return ReturnDict(body, serializer=serializer) if serializer is not None else body


def _collect(fields: dict[str, list[str]], path: str, value) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY and path:
                _collect(fields, path, item)
            else:
                _collect(fields, f"{path}.{key}" if path else str(key), item)
    elif isinstance(value, list | tuple):
        if any(isinstance(item, Mapping | list | tuple) for item in value):
            for index, item in enumerate(value):
                _collect(fields, f"{path}.{index}" if path else str(index), item)
        elif value:
            fields.setdefault(path, []).extend(str(item) for item in value)
    elif value is not None:
        fields.setdefault(path, []).append(str(value))


def _log_refusal(exc, context, status_code: int) -> None:
    request, view = context.get("request"), context.get("view")
    if isinstance(exc, PreconditionFailed | PreconditionRequired):
        queryset = getattr(view, "queryset", None)
        log_security_event(
            exc.default_code,
            request=request,
            status=status_code,
            model=queryset.model._meta.label_lower if queryset is not None else None,
            pk=getattr(view, "kwargs", {}).get("pk"),
            if_match=request.headers.get("If-Match") if request is not None else None,
        )
    elif status_code in (status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN):
        log_security_event(
            "permission_denied",
            request=request,
            status=status_code,
            reason=getattr(exc, "default_code", type(exc).__name__),
            detail=str(getattr(exc, "detail", exc)),
        )


def _response_for(exc, context):
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
