"""What the HTML timeline shows of each entry, prepared once in Python.

The page's template resolved a dozen lookups, filters and reverse()s for each of its 50 entries;
here each value is read once, names come already isolated in <bdi> (the `bdi` filter's markup),
and links are built from URL patterns reversed once a page (negotiations.links.page_links, as
in the API), to the URLs the records' get_absolute_url gives.
"""

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.safestring import SafeString

from negotiations.dates import format_precise_date
from negotiations.links import page_links
from negotiations.models import Meeting, Party, Person, StickingIssue, TimelineEntry
from negotiations.templatetags.negotiations import bdi

KIND_LABELS = dict(TimelineEntry.Kind.choices)


class Links:
    """The pages of a timeline's records, as their get_absolute_url gives them."""

    def __init__(self):
        self.meeting = page_links(Meeting.page)
        self.person = page_links(Person.page)
        self.party = page_links(Party.page)
        self.issue = page_links(StickingIssue.page)
        self.developments = f"{reverse('negotiations:timeline')}?kind=development"

    def statement(self, statement) -> str:
        page = (
            self.meeting(statement.meeting)
            if statement.meeting_id
            else self.person(statement.person)
        )
        return f"{page}#statement-{statement.pk}"

    def option(self, option) -> str:
        return f"{self.issue(option.issue)}#option-{option.pk}"

    def stance(self, stance) -> str:
        return f"{self.issue(stance.option.issue)}#option-stance-{stance.pk}"


def _meeting(meeting, links: Links) -> dict:
    return {
        "href": links.meeting(meeting),
        "status_label": meeting.get_status_display(),
        "date_passed": meeting.date_passed,
        "title": bdi(meeting.title),
        "place": bdi(meeting.place) if meeting.place else "",
        # One string, not a list the template loops over (a loop's cost per name).
        "parties": SafeString(", ".join(bdi(d.party) for d in meeting.delegation_list)),
    }


def _development(development, links: Links) -> dict:
    return {
        "href": f"{links.developments}#development-{development.pk}",
        "title": bdi(development.title),
        "summary": development.summary,
    }


def _statement(statement, links: Links) -> dict:
    meeting = statement.meeting
    return {
        "href": links.statement(statement),
        "person_href": links.person(statement.person),
        "person": bdi(statement.person),
        "meeting_href": links.meeting(meeting) if meeting else "",
        "meeting": bdi(meeting) if meeting else "",
        "text": statement.text,
    }


def _stance(stance, links: Links) -> dict:
    return {
        "href": links.stance(stance),
        "status_label": stance.get_stance_display(),
        "party_href": links.party(stance.party),
        "party": bdi(stance.party),
        "option_href": links.option(stance.option),
        "option": bdi(stance.option.title),
        "condition": stance.condition,
        "stated_position": stance.stated_position,
    }


SHOWN: dict[str, Callable[[object, Links], dict]] = {
    "meeting": _meeting,
    "development": _development,
    "statement": _statement,
    "optionstance": _stance,
}


def timeline_rows(entries: Iterable[TimelineEntry], records: dict) -> list[dict]:
    """Each entry as the page prints it: its kind, date and status, and its record's values."""
    links = Links()
    return [
        {
            "entry": entry,
            "kind": entry.kind,
            "id": entry.object_id,
            "kind_label": KIND_LABELS[entry.kind],
            "when": format_precise_date(entry.date, entry.date_precision),
            # An undated round of talks, listed by the next dated one.
            "in_process": not entry.date and entry.sort_date.year != 9999,
            "status": entry.status,
            **SHOWN[entry.kind](records[(entry.kind, entry.object_id)], links),
        }
        for entry in entries
    ]
