"""Refusals that are security events: logged (negotiations.security), then answered as usual."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import csrf, defaults

from negotiations.security import lockout_detail, lockout_retry_after, log_security_event


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: a page or admin view refused (Django's PermissionDenied)."""
    log_security_event(
        "permission_denied", request=request, status=403, detail=str(exception) or None
    )
    return defaults.permission_denied(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: Django's own 403 page, after logging the event."""
    log_security_event("csrf_failed", request=request, status=403, detail=reason)
    return csrf.csrf_failure(request, reason=reason)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """settings.AXES_LOCKOUT_CALLABLE: the 429 page for the admin login. (The API's token
    endpoint answers its own 429 JSON: negotiations/api/errors.py.)"""
    response = render(
        request, "negotiations/locked_out.html", {"detail": lockout_detail()}, status=429
    )
    response["Retry-After"] = str(lockout_retry_after())
    return response
