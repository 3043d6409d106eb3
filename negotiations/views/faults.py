"""Server errors: the database being unreachable is a 503 the client may retry, never a traceback.

Django calls `server_error` (handler500) for any exception no view handled, with the exception
still in sys.exc_info(). It must not touch the database: that may be what failed.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

# How long a client should wait before retrying while the database is away.
RETRY_AFTER_SECONDS = 30

UNAVAILABLE = (
    "The tracker's database cannot be reached just now. Nothing was changed; try again in a moment."
)
FAILED = "Something went wrong on our side. It has been logged; try again later."


def database_unavailable(error: BaseException | None) -> bool:
    # OperationalError: refused, dropped or timed out (a pool timeout too); InterfaceError: a
    # connection the server closed, used again.
    return isinstance(error, OperationalError | InterfaceError)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or (
        "application/json" in request.headers.get("Accept", "")
        and "text/html" not in request.headers.get("Accept", "")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    detail = UNAVAILABLE if unavailable else FAILED
    if wants_json(request):
        response = JsonResponse({"detail": detail}, status=status)
    else:
        # No RequestContext: its context processors could reach for the session, in the database.
        html = loader.render_to_string(
            "503.html" if unavailable else "500.html", {"request": request, "detail": detail}
        )
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
