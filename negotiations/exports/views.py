import datetime
import re

from django.conf import settings
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from negotiations.exports import limits
from negotiations.exports.ical import (
    DEFAULT_AFTER,
    DEFAULT_BEFORE,
    MAX_WINDOW,
    Window,
    calendar_meetings,
    left_out_titles,
    meetings_calendar,
)
from negotiations.models import Party
from negotiations.views.queries import query_problems

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TEXT = "text/plain; charset=utf-8"


def today() -> datetime.date:
    return timezone.localdate()


def window_of(request: HttpRequest) -> Window | str:
    """The window `?from=&to=` ask for (each YYYY-MM-DD, both included), or what is wrong.

    Neither: a year either side of today. One: two years from it (or up to it)."""
    given = {}
    for name in ("from", "to"):
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError
            given[name] = datetime.date.fromisoformat(value)
        except ValueError:
            return f"{name}: give a date as YYYY-MM-DD."
    span = DEFAULT_BEFORE + DEFAULT_AFTER
    try:
        if not given:
            first, last = today() - DEFAULT_BEFORE, today() + DEFAULT_AFTER
        else:
            first = given.get("from") or given["to"] - span
            last = given.get("to") or first + span
    except OverflowError:
        first, last = given.get("from", datetime.date.min), given.get("to", datetime.date.max)
    if first > last:
        return "from: must not be after to."
    if last - first > MAX_WINDOW:
        return f"to: the window may span at most {MAX_WINDOW.days} days; ask for several."
    return Window(first, last)


@require_safe
def meetings_ics(request: HttpRequest) -> HttpResponse:
    """The meetings as an iCalendar feed to subscribe to; `?party=<slug or id>` narrows it to
    the meetings where that party has a delegation, `?from=&to=` sets its window (by default a
    year either side of today). Streamed; limited per anonymous client (exports.limits)."""
    if problems := query_problems(request, known=["party", "from", "to"]):
        return HttpResponseBadRequest(" ".join(problems), content_type=TEXT)
    window = window_of(request)
    if isinstance(window, str):
        return HttpResponseBadRequest(window, content_type=TEXT)
    party = None
    value = request.GET.get("party", "").strip()
    if value:
        if len(value) > 200 or not slug_re.fullmatch(value):
            return HttpResponseBadRequest("party must be a party's slug or id.", content_type=TEXT)
        if value.isdigit() and len(value) < 19:  # an id, else a slug of digits
            party = Party.objects.filter(pk=int(value)).first()
        party = party or get_object_or_404(Party, slug=value)
    try:
        release = limits.limit_stream(request)
    except limits.Refused as refused:
        return HttpResponse(
            refused.message,
            status=429,
            content_type=TEXT,
            headers={"Retry-After": str(refused.retry_after)},
        )
    try:
        name = "Peace negotiations: meetings" + (f" with {party.name}" if party else "")
        chunks = meetings_calendar(
            meetings=calendar_meetings(party=party, window=window),
            uid_domain=settings.CALENDAR_UID_DOMAIN,
            stamp=timezone.now().replace(microsecond=0),
            absolute_url=request.build_absolute_uri,
            name=name,
            left_out=left_out_titles(party=party),
            window=window,
        )
        # The head and the first event (or the end) now: a query the database refuses is
        # still an error page, not a cut feed.
        first = [next(chunks), next(chunks)]
    except BaseException:
        release()
        raise
    filename = f"meetings-{party.slug}.ics" if party else "meetings.ics"
    return StreamingHttpResponse(
        limits.Released(_chain(first, chunks), release),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def _chain(first: list[bytes], rest):
    yield from first
    yield from rest
