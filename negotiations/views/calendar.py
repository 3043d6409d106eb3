from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from negotiations.ical import calendar_meetings, meetings_calendar
from negotiations.models import Party

from .queries import query_problems


@require_safe
def meetings_ics(request: HttpRequest) -> HttpResponse:
    """The meetings as an iCalendar feed to subscribe to; `?party=<slug or id>` narrows it to
    the meetings where that party has a delegation."""
    if problems := query_problems(request, known=["party"]):
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    party = None
    value = request.GET.get("party", "").strip()
    if value:
        if len(value) > 200 or not slug_re.fullmatch(value):
            return HttpResponseBadRequest(
                "party must be a party's slug or id.", content_type="text/plain; charset=utf-8"
            )
        if value.isdigit() and len(value) < 19:  # an id, else a slug of digits
            party = Party.objects.filter(pk=int(value)).first()
        party = party or get_object_or_404(Party, slug=value)
    name = "Peace negotiations: meetings" + (f" with {party.name}" if party else "")
    calendar = meetings_calendar(
        meetings=calendar_meetings(party=party),
        host=request.get_host().split(":")[0],
        absolute_url=request.build_absolute_uri,
        name=name,
    )
    filename = f"meetings-{party.slug}.ics" if party else "meetings.ics"
    return HttpResponse(
        calendar.to_ical(),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
