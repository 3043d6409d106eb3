"""Security events as structured log lines, the client address they come from, and the login
lockout's wording (django-axes counts the failures; see README "Login lockout and security log").

Each event is one record on the "tracker.security" logger; settings.LOGGING formats it as one
JSON object per line, e.g.
    {"level": "WARNING", "logger": "tracker.security", "message": "login_failed",
     "event": "login_failed", "time": "...", "client_ip": "203.0.113.5", "user": "anonymous",
     "method": "POST", "path": "/admin/login/", "username": "alice"}
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger("tracker.security")

# Names a LogRecord already has: an event field of that name is renamed, never a crash.
_RECORD_ATTRIBUTES = {*logging.LogRecord("", 0, "", 0, "", (), None).__dict__, "message", "asctime"}
# Attacker-supplied strings (a typed username) are cut to this length in the log.
MAX_FIELD_LENGTH = 200


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request` (settings.AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT = 0 only REMOTE_ADDR counts: a client cannot choose its address by
    sending X-Forwarded-For. Behind N trusted proxies, each of which appends the address it saw
    (nginx's $proxy_add_x_forwarded_for), the client is the Nth entry from the right; anything
    to the left of it was written by the client and is ignored.
    """
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    remote_addr = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(forwarded) < count:
        # Fewer hops than proxies: the request did not come through them all.
        return remote_addr
    return forwarded[-count]


def _username(request: HttpRequest | None) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return user.get_username()


def _clip(value):
    if isinstance(value, str) and len(value) > MAX_FIELD_LENGTH:
        return value[:MAX_FIELD_LENGTH] + "…"
    return value


def log_security_event(
    event: str, *, request: HttpRequest | None = None, level: int = logging.WARNING, **fields
) -> None:
    """Log one security event: its name, the time, who and where from, plus `fields`.

    `request` may be Django's or DRF's. Field values must be JSON-friendly (str, int, None...);
    a field named like a LogRecord attribute ("name", "module"...) is logged as "field_<name>".
    """
    django_request = getattr(request, "_request", request)
    record = {
        "event": event,
        "time": timezone.now().isoformat(),
        "client_ip": client_ip(django_request) if django_request is not None else None,
        # Django's request.user: DRF copies the user it authenticated onto it.
        "user": _username(django_request),
        "method": getattr(django_request, "method", None),
        "path": _clip(getattr(django_request, "path", None)),
    }
    for key, value in fields.items():
        record[f"field_{key}" if key in _RECORD_ATTRIBUTES else key] = _clip(value)
    logger.log(level, event, extra=record)


def lockout_detail() -> str:
    """What a locked-out client is told, on the admin page and by the API."""
    # The same words whichever count ran out: this username's from here, or this address's.
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return (
        f"Too many failed sign-in attempts from your address: signing in is paused for "
        f"{minutes} minutes. Try again later, or ask an administrator to unlock it."
    )


def lockout_retry_after() -> int:
    """Seconds until a locked-out client may try again (the Retry-After header)."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds())


def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the username is logged.
    log_security_event(
        "login_failed",
        request=request,
        username=credentials.get("username"),
        failures=getattr(request, "axes_failures_since_start", None),
    )


def _on_login_succeeded(sender, request=None, user=None, **kwargs) -> None:
    log_security_event(
        "login_succeeded", request=request, level=logging.INFO, username=user.get_username()
    )


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    log_security_event(
        "lockout",
        request=request,
        username=username,
        failure_limit=settings.AXES_FAILURE_LIMIT,
        cooloff_seconds=lockout_retry_after(),
    )


def connect_signals() -> None:
    from axes.signals import user_locked_out

    user_login_failed.connect(_on_login_failed, dispatch_uid="security-login-failed")
    user_logged_in.connect(_on_login_succeeded, dispatch_uid="security-login-succeeded")
    user_locked_out.connect(_on_locked_out, dispatch_uid="security-lockout")
