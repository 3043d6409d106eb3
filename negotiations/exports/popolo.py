"""The tracker as one Popolo document (http://www.popoloproject.com/, schemas 1.0.1).

People are Popolo persons; parties and delegations are organizations; roles (person in party)
and delegation seats (person in delegation, on behalf of its party) are memberships; meetings
are events; statements are speeches. Every item's `sources` are its citations: a link to the
source (its own URL, else our page for it, at the excerpt) with the verbatim excerpt as `note`.

What the tracker does not know is left out, never guessed. Dates use Popolo's partial forms
(YYYY, YYYY-MM, YYYY-MM-DD) at the precision the sources give; a week becomes the month (or
year) that holds all of it, and the tracker's own precision travels in `date_precision`.

The document is read a page at a time (popolo_page): each page is a Popolo document of at most
`page_size` items, in a fixed number of queries. The builders take a `url_for(path) -> absolute
URL` function, so the API view and a management command can share them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, Prefetch, QuerySet

from negotiations import models as m
from negotiations.dates import format_precise_date
from negotiations.models.base import DatePrecision

UrlFor = Callable[[str], str]
Item = dict[str, object]

# The document is read in pages: each section in id order, then the next section. A page holds
# at most `page_size` items, so one request costs the same however big the tracker grows.
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 5000


# --- Identifiers: stable across exports (slugs where records have them) ------------------------


def person_id(person: m.Person) -> str:
    return f"person/{person.slug}"


def party_id(party: m.Party) -> str:
    return f"party/{party.slug}"


def delegation_id(delegation: m.Delegation) -> str:
    return f"delegation/{delegation.pk}"


def event_id(meeting: m.Meeting) -> str:
    return f"meeting/{meeting.slug}"


# --- Shared parts ------------------------------------------------------------------------------


def popolo_date(value: datetime.date | None, precision: str) -> str | None:
    """A date in the most precise Popolo form that claims no more than the sources do."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.DAY:
        return value.isoformat()
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    if precision == DatePrecision.WEEK:
        # The week starting on `value`: name the month, or failing that the year, holding it all.
        last = value + datetime.timedelta(days=6)
        if (last.year, last.month) == (value.year, value.month):
            return f"{value:%Y-%m}"
        if last.year == value.year:
            return f"{value:%Y}"
    return None  # a week across the new year: no Popolo form says it without guessing


def sources(citations: Iterable[m.Citation], url_for: UrlFor) -> list[Item]:
    """Popolo links for citations: the source's own URL, else our page at the excerpt."""
    return [
        {
            "url": citation.source.url or url_for(citation.get_absolute_url()),
            "note": citation.excerpt,
        }
        for citation in citations
    ]


def page_link(record, url_for: UrlFor) -> Item:
    return {"url": url_for(record.get_absolute_url()), "note": "Page in the tracker"}


def timestamps(record: Model) -> Item:
    return {
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
    }


def dated(item: Item, key: str, value: datetime.date | None, precision: str) -> Item:
    """Adds `key` (a Popolo date) only when the sources give it."""
    text = popolo_date(value, precision)
    if text is not None:
        item[key] = text
    return item


# --- Items -------------------------------------------------------------------------------------


def person_item(person: m.Person, url_for: UrlFor) -> Item:
    item: Item = {"id": person_id(person), "name": person.name}
    if person.other_names:
        item["other_names"] = [{"name": name} for name in person.other_names]
    return {
        **item,
        "links": [page_link(person, url_for)],
        **timestamps(person),
        "sources": sources(person.citations.all(), url_for),
    }


def party_item(party: m.Party, url_for: UrlFor) -> Item:
    item: Item = {"id": party_id(party), "name": party.name, "classification": party.kind}
    if party.short_name and party.short_name != party.name:
        item["other_names"] = [{"name": party.short_name, "note": "Short name"}]
    return {
        **item,
        "links": [page_link(party, url_for)],
        **timestamps(party),
        "sources": sources(party.citations.all(), url_for),
    }


def delegation_item(delegation: m.Delegation, url_for: UrlFor) -> Item:
    item: Item = {
        "id": delegation_id(delegation),
        "name": f"{delegation.party.name} delegation at {delegation.meeting.title}",
        "classification": "delegation",
        # A delegation is its party's team: the party contains it.
        "parent_id": party_id(delegation.party),
        # Not a Popolo property (extra ones are allowed): the meeting it attends.
        "event_id": event_id(delegation.meeting),
    }
    if delegation.notes:
        item["description"] = delegation.notes
    return {
        **item,
        "links": [page_link(delegation, url_for)],
        **timestamps(delegation),
        "sources": sources(delegation.citations.all(), url_for),
    }


def role_membership(role: m.Role, url_for: UrlFor) -> Item:
    item: Item = {"id": f"role/{role.pk}", "role": role.title}
    if role.body:
        item["label"] = f"{role.title}, {role.body}"
    if role.person_id:  # the sources may not name the holder
        item["person_id"] = person_id(role.person)
    if role.party_id:
        item["organization_id"] = party_id(role.party)
    dated(item, "start_date", role.start_date, role.start_date_precision)
    dated(item, "end_date", role.end_date, role.end_date_precision)
    if role.has_ended:
        # Not a Popolo property: a role can be known to have ended without its end date.
        # Absent is not "ongoing": the sources may simply not say.
        item["has_ended"] = True
    return {**item, **timestamps(role), "sources": sources(role.citations.all(), url_for)}


def seat_membership(seat: m.DelegationMember, delegation: m.Delegation, url_for: UrlFor) -> Item:
    """A person's seat in a delegation, on behalf of the delegation's party.

    Seats carry no citations of their own: the delegation's citations are what name its members.
    """
    return {
        "id": f"delegation-member/{seat.pk}",
        "role": seat.role,
        "person_id": person_id(seat.person),
        "organization_id": delegation_id(delegation),
        "on_behalf_of_id": party_id(delegation.party),
        **timestamps(seat),
        "sources": sources(delegation.citations.all(), url_for),
    }


def event_item(meeting: m.Meeting, url_for: UrlFor) -> Item:
    item: Item = {
        "id": event_id(meeting),
        "name": meeting.title,
        "classification": "meeting",
        "status": meeting.status,
    }
    if meeting.summary:
        item["description"] = meeting.summary
    # Times are left out: the tracker does not record their time zone.
    dated(item, "start_date", meeting.date, meeting.date_precision)
    dated(item, "end_date", meeting.end_date, meeting.date_precision)
    if meeting.date_precision != DatePrecision.UNKNOWN:
        # Not Popolo properties: the precision the sources give, and how the tracker prints it.
        item["date_precision"] = meeting.date_precision
        item["date_display"] = format_precise_date(meeting.date, meeting.date_precision)
    if meeting.place_id:
        item["location"] = str(meeting.place)
    return {
        **item,
        "links": [page_link(meeting, url_for)],
        **timestamps(meeting),
        "sources": sources(meeting.citations.all(), url_for),
    }


def speech_item(statement: m.Statement, url_for: UrlFor) -> Item:
    item: Item = {
        "id": f"statement/{statement.pk}",
        "creator_id": person_id(statement.person),
        "type": "speech",
        "text": statement.text,
    }
    # Popolo's speech `date` is a date-time; the sources give at most the day, and a time
    # would be invented. So `date` stays out, and the day (or month) the sources give goes in
    # `date_reported`, in the partial form used elsewhere, with its precision.
    if dated(item, "date_reported", statement.date, statement.date_precision).get("date_reported"):
        item["date_precision"] = statement.date_precision
    if statement.meeting_id:
        item["event_id"] = event_id(statement.meeting)
    if statement.context:
        item["context"] = statement.context  # not a Popolo property: where and to whom
    return {**item, **timestamps(statement), "sources": sources(statement.citations.all(), url_for)}


# --- Pages: the sections in document order, read a bounded number at a time ---------------


@dataclass(frozen=True)
class Section:
    name: str
    collection: str  # the Popolo array its items go in
    queryset: Callable[[], QuerySet]
    item: Callable[[Model, UrlFor], Item]


def _seat_item(seat: m.DelegationMember, url_for: UrlFor) -> Item:
    return seat_membership(seat, seat.delegation, url_for)


SECTIONS = [
    Section(
        "persons",
        "persons",
        lambda: m.Person.objects.with_citations(),
        person_item,
    ),
    Section(
        "parties",
        "organizations",
        lambda: m.Party.objects.with_citations(),
        party_item,
    ),
    Section(
        "delegations",
        "organizations",
        lambda: m.Delegation.objects.select_related("meeting", "party").with_citations(),
        delegation_item,
    ),
    Section(
        "roles",
        "memberships",
        lambda: m.Role.objects.select_related("person", "party").with_citations(),
        role_membership,
    ),
    Section(
        "seats",
        "memberships",
        # A seat's sources are its delegation's citations.
        lambda: m.DelegationMember.objects.select_related(
            "person", "delegation__party"
        ).prefetch_related(
            Prefetch("delegation__citations", queryset=m.Citation.objects.with_source())
        ),
        _seat_item,
    ),
    Section(
        "events",
        "events",
        lambda: m.Meeting.objects.select_related("place").with_citations(),
        event_item,
    ),
    Section(
        "speeches",
        "speeches",
        lambda: m.Statement.objects.select_related("person", "meeting").with_citations(),
        speech_item,
    ),
]
SECTION_NAMES = [section.name for section in SECTIONS]
COLLECTIONS = ["persons", "organizations", "memberships", "events", "speeches"]


@dataclass(frozen=True)
class Position:
    """Where a page starts: after the item with id `after` of `section` (0: its beginning)."""

    section: str = SECTIONS[0].name
    after: int = 0

    def __str__(self) -> str:
        return f"{self.section}:{self.after}"


def popolo_page(
    *, start: Position, page_size: int, url_for: UrlFor
) -> tuple[dict[str, list[Item]], Position | None]:
    """One page of the Popolo document (every collection, some maybe empty) from `start`, and
    where the next page starts (None after the last). Two queries per section it reaches."""
    document: dict[str, list[Item]] = {name: [] for name in COLLECTIONS}
    room = page_size
    for index in range(SECTION_NAMES.index(start.section), len(SECTIONS)):
        section = SECTIONS[index]
        after = start.after if section.name == start.section else 0
        # One more than there is room for says whether the section goes on.
        records = list(section.queryset().filter(pk__gt=after).order_by("pk")[: room + 1])
        taken = records[:room]
        document[section.collection] += [section.item(record, url_for) for record in taken]
        if len(records) > room:
            return document, Position(section.name, taken[-1].pk if taken else after)
        room -= len(taken)
    return document, None
