"""Meetings as an iCalendar feed (RFC 5545), dated only as precisely as the sources allow.

A date known to the day is a day (or a timed event when the start time is known); to the week,
a seven-day span; to the month, the whole month. A meeting whose date is not reported is put on
the timeline's "not later than" bound (the first dated meeting later in the process), marked
transparent and "(date not reported)"; one with no such bound is left out rather than put on an
invented day. Every event says its precision in X-TRACKER-DATE-PRECISION.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from icalendar import Calendar, Event

from negotiations.dates import format_precise_date
from negotiations.models import Delegation, DelegationMember, Meeting, Party
from negotiations.models.base import DatePrecision

PRODID = "-//Peace-negotiation tracker//Meetings//EN"

STATUS = {
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.SCHEDULED: "TENTATIVE",
    Meeting.Status.POSTPONED: "CANCELLED",
    Meeting.Status.CANCELLED: "CANCELLED",
}

# How an undated meeting's bound reads, by status.
BOUND_VERB = {
    Meeting.Status.HELD: "held no later than",
    Meeting.Status.SCHEDULED: "due no later than",
}


# The window a feed covers unless asked otherwise, and the widest one a request may ask for:
# the cost of one feed grows with its meetings, so it is never the whole history by default.
DEFAULT_BEFORE = datetime.timedelta(days=365)
DEFAULT_AFTER = datetime.timedelta(days=365)
MAX_WINDOW = datetime.timedelta(days=5 * 365 + 1)
# A dated meeting's event starts at most a month before its date (a month's span starts on the
# 1st) and ends at least the day after it: the margin of the window's query.
MARGIN = datetime.timedelta(days=31)
CHUNK_SIZE = 200
UNDATED = Q(date__isnull=True) | Q(date_precision=DatePrecision.UNKNOWN)


@dataclass(frozen=True)
class Window:
    """The days a feed covers, both included."""

    first: datetime.date
    last: datetime.date

    def holds(self, start, end) -> bool:
        """Whether an event [start, end) (dates or date-times) has a day in the window."""
        start = start.date() if isinstance(start, datetime.datetime) else start
        if end is None:
            return self.first <= start <= self.last
        end = end.date() if isinstance(end, datetime.datetime) else end
        # An end at or before the start (a timed event within its first day) is that day.
        return start <= self.last and (end > self.first if end > start else start >= self.first)


def calendar_meetings(*, party: Party | None = None, window: Window | None = None) -> QuerySet:
    """The meetings of the feed, with everything an event shows, in a fixed number of queries
    per chunk of meetings.

    `bound_date` is the timeline's bound for an undated meeting (see migration 0003's view):
    the earliest date of a meeting later in the process. It is computed over all meetings, so a
    party's feed places its undated rounds exactly where the full feed does. `window` keeps the
    meetings that may fall in it (meeting_event() and Window.holds() decide exactly).
    """
    later = Meeting.objects.filter(sequence__gt=OuterRef("sequence"), date__isnull=False).order_by(
        "date", "sequence", "pk"
    )
    meetings = Meeting.objects.all() if party is None else Meeting.objects.involving(party)
    meetings = meetings.annotate(
        bound_date=Subquery(later.values("date")[:1]),
        bound_precision=Subquery(later.values("date_precision")[:1]),
    )
    if window is not None:
        dated = Q(date__lte=_shifted(window.last, MARGIN)) & (
            Q(date__gte=_shifted(window.first, -MARGIN)) | Q(end_date__gte=window.first)
        )
        meetings = meetings.filter(
            (~UNDATED & dated)
            | (UNDATED & Q(bound_date__gte=window.first, bound_date__lte=window.last))
        )
    return (
        meetings.select_related("place")
        .with_citations()
        .prefetch_related(
            Prefetch(
                "delegations",
                queryset=Delegation.objects.select_related("party").prefetch_related(
                    Prefetch(
                        "memberships",
                        queryset=DelegationMember.objects.select_related("person").order_by(
                            "role", "person__name"
                        ),
                    )
                ),
            ),
        )
        .order_by("sequence", "date", "title", "pk")
    )


def _shifted(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    """`day + delta`, held at the calendar's first or last day."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min


def left_out_titles(*, party: Party | None = None) -> list[str]:
    """The feed's undated meetings with no later dated round (no bound_date), in one query:
    those with no dated meeting after them in the process."""
    last_dated = Meeting.objects.filter(date__isnull=False).order_by("-sequence")
    meetings = Meeting.objects.all() if party is None else Meeting.objects.involving(party)
    return list(
        meetings.filter(UNDATED)
        .annotate(last_dated=Coalesce(Subquery(last_dated.values("sequence")[:1]), -1))
        .filter(sequence__gte=F("last_dated"))
        .order_by("sequence", "date", "title", "pk")
        .values_list("title", flat=True)
    )


def calendar_head(*, name: str, left_out: list[str], window: Window | None) -> bytes:
    """BEGIN:VCALENDAR and the calendar's properties, which RFC 5545 puts before its events."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    description = (
        "Rounds of talks, dated only as precisely as the sources report: a week or a month is "
        "an all-day span; an unreported date is placed on the date of the next dated round "
        "in the process and marked “(date not reported)”."
    )
    if window is not None:
        description += (
            f" Meetings from {window.first.isoformat()} to {window.last.isoformat()} "
            "(?from=YYYY-MM-DD&to=YYYY-MM-DD for others)."
        )
    if left_out:
        description += (
            f" Left out, with no reported date and no later dated round: {'; '.join(left_out)}."
        )
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-tracker-left-out", str(len(left_out)))
    head = calendar.to_ical()
    return head[: -len(END)] if head.endswith(END) else head


END = b"END:VCALENDAR\r\n"


def meetings_calendar(
    *,
    meetings: QuerySet[Meeting],
    uid_domain: str,
    stamp: datetime.datetime,
    absolute_url: Callable[[str], str],
    name: str,
    left_out: list[str],
    window: Window | None = None,
) -> Iterator[bytes]:
    """The feed, streamed: the calendar's head, then one VEVENT per placeable meeting in the
    window, read `CHUNK_SIZE` meetings at a time (memory stays flat however many there are).

    `stamp` is when the feed was made: with METHOD in the calendar, RFC 5545 (3.8.7.2) makes
    DTSTAMP that time; when the meeting last changed is LAST-MODIFIED."""
    yield calendar_head(name=name, left_out=left_out, window=window)
    for meeting in meetings.iterator(chunk_size=CHUNK_SIZE):
        event = meeting_event(
            meeting,
            uid_domain=uid_domain,
            stamp=stamp,
            url=absolute_url(meeting.get_absolute_url()),
        )
        if event is not None and (
            window is None or window.holds(event.decoded("dtstart"), _end(event))
        ):
            yield event.to_ical()
    yield END


def _end(event: Event):
    return event.decoded("dtend") if "dtend" in event else None


def meeting_event(
    meeting: Meeting, *, uid_domain: str, stamp: datetime.datetime, url: str
) -> Event | None:
    """A meeting as a VEVENT, or None when it cannot be placed without inventing a date.

    Its UID is the meeting's id at a fixed domain (settings.CALENDAR_UID_DOMAIN), never the
    request's host: a calendar subscribed through two names would otherwise hold each twice."""
    precision = meeting.date_precision
    undated = meeting.date is None or precision == DatePrecision.UNKNOWN
    bound = getattr(meeting, "bound_date", None)
    if undated and bound is None:
        return None

    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{uid_domain}")
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("sequence", meeting.revision)
    event.add("summary", f"{meeting.title} (date not reported)" if undated else meeting.title)
    event.add("status", STATUS.get(meeting.status, "TENTATIVE"))
    event.add("url", url)
    event.add("x-tracker-date-precision", "unknown" if undated else precision)
    event.add("x-tracker-status", meeting.status)
    if meeting.place is not None:
        event.add("location", str(meeting.place))
        if meeting.place.latitude is not None:
            event.add("geo", (float(meeting.place.latitude), float(meeting.place.longitude)))

    if undated:
        start, end = bound, bound + datetime.timedelta(days=1)
        event.add("transp", "TRANSPARENT")  # not a real booking of that day
    else:
        start, end = event_span(meeting)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("description", meeting_description(meeting, undated=undated))
    return event


def event_span(
    meeting: Meeting,
) -> tuple[datetime.date | datetime.datetime, datetime.date | datetime.datetime | None]:
    """DTSTART and DTEND (exclusive) of a dated meeting, at its precision.

    A start time has no time zone in the data: it is emitted as floating local time (RFC 5545
    3.3.5), the hour as reported, rather than guessing the venue's zone.
    """
    date, precision = meeting.date, meeting.date_precision
    last = meeting.end_date
    if precision == DatePrecision.DAY:
        if meeting.start_time is not None and (last is None or last == date):
            start = datetime.datetime.combine(date, meeting.start_time)
            if meeting.duration_minutes:
                return start, start + datetime.timedelta(minutes=meeting.duration_minutes)
            return start, None  # a start without a known length
        end = (last or date) + datetime.timedelta(days=1)
    elif precision == DatePrecision.WEEK:
        end = date + datetime.timedelta(days=7)
    else:  # a month: the whole of it
        date = date.replace(day=1)
        end = (date + datetime.timedelta(days=32)).replace(day=1)
    if last is not None:
        end = max(end, last + datetime.timedelta(days=1))
    return date, end


def meeting_description(meeting: Meeting, *, undated: bool) -> str:
    paragraphs = [date_note(meeting, undated=undated)]
    if meeting.date_passed:
        paragraphs.insert(0, "Date passed, outcome not recorded: still scheduled in the tracker.")
    paragraphs += [text for text in (meeting.summary, meeting.characterisation) if text]
    delegations = [delegation_line(delegation) for delegation in meeting.delegations.all()]
    if delegations:
        paragraphs.append("Delegations:\n" + "\n".join(delegations))
    sources = []
    for citation in meeting.citations.all():
        line = source_line(citation.source)
        if line not in sources:
            sources.append(line)
    if sources:
        paragraphs.append("Sources:\n" + "\n".join(sources))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def date_note(meeting: Meeting, *, undated: bool) -> str:
    if undated:
        verb = BOUND_VERB.get(meeting.status, "placed no later than")
        note = f"Date not reported; {verb} {meeting.bound_date.isoformat()}"
        bound_display = format_precise_date(meeting.bound_date, meeting.bound_precision)
        return f"{note} (the next dated round in the process: {bound_display})."
    if meeting.date_precision == DatePrecision.DAY:
        return ""
    return f"Date reported only as {format_precise_date(meeting.date, meeting.date_precision)}."


def delegation_line(delegation: Delegation) -> str:
    """ "United States: head Marco Rubio; members Steve Witkoff, Jared Kushner"."""
    by_role: dict[str, list[str]] = {}
    for membership in delegation.memberships.all():
        by_role.setdefault(membership.role, []).append(membership.person.name)
    parts = []
    for role, label in DelegationMember.Role.choices:
        names = by_role.get(role)
        if names:
            plural = label.lower() + ("s" if len(names) > 1 and role != "head" else "")
            parts.append(f"{plural} {', '.join(names)}")
    line = f"- {delegation.party.name}"
    if parts:
        line += ": " + "; ".join(parts)
    if delegation.notes:
        line += f" ({delegation.notes})"
    return line


def source_line(source) -> str:
    details = ", ".join(
        part
        for part in (
            source.publisher,
            source.published_date.isoformat() if source.published_date else "",
        )
        if part
    )
    line = f"- {source.title}"
    if details:
        line += f" ({details})"
    if source.url:
        line += f" {source.url}"
    return line
