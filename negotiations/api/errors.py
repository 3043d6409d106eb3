"""Errors the API answers with: conditional-request failures, database conflicts and the login
lockout; refusals and conflicts are logged as security events (negotiations/security.py)."""

from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
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
    return response


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
