"""What the synthetic generators share: the date range, the mixes they draw from, and the World
of ids that later tables draw on."""

import datetime
import random
from array import array
from dataclasses import dataclass, field

from django.utils.text import slugify

from negotiations.synthetic.writer import Records, Sink

LOW = datetime.date(2006, 1, 1).toordinal()
HIGH = datetime.date(2025, 12, 31).toordinal()
TODAY = datetime.date(2025, 12, 1).toordinal()
PRECISIONS = ("day", "week", "month", "unknown")
PRECISION_WEIGHTS = (80, 8, 7, 5)
# What citations back, and how often.
CITED = {
    "meeting": 20,
    "delegation": 10,
    "statement": 15,
    "development": 15,
    "position": 10,
    "point": 10,
    "role": 5,
    "person": 5,
    "lineage": 3,
    "issue": 3,
    "party": 2,
    "version": 2,
    "option": 2,
    "option_stance": 6,
}


def precise(rng: random.Random, ordinal: int) -> tuple[datetime.date | None, str]:
    """A date at a precision drawn from the usual mix: mostly to the day."""
    precision = rng.choices(PRECISIONS, PRECISION_WEIGHTS)[0]
    value = datetime.date.fromordinal(ordinal)
    if precision == "week":
        value -= datetime.timedelta(days=value.weekday())  # weeks start on Monday
    elif precision == "month":
        value = value.replace(day=1)
    elif precision == "unknown":
        value = None
    return value, precision


def slug(title: str, pk: int) -> str:
    return f"{slugify(title)[:180]}-{pk}"


@dataclass
class World:
    """What later tables draw on: ids, names and per-meeting arrays (cheap at any scale)."""

    rng: random.Random
    sink: Sink
    counts: dict[str, int]
    records: dict[str, Records] = field(default_factory=dict)
    parties: list[tuple[int, str]] = field(default_factory=list)
    party_people: dict[int, list[int]] = field(default_factory=dict)
    person_party: dict[int, str] = field(default_factory=dict)
    places: list[tuple[int, str]] = field(default_factory=list)
    topics: list[int] = field(default_factory=list)
    meeting_day: array = field(default_factory=lambda: array("i"))
    meeting_precision: array = field(default_factory=lambda: array("b"))
    meeting_process: array = field(default_factory=lambda: array("i"))
    process_parties: list[tuple[int, ...]] = field(default_factory=list)
    # Per issue, in id order: its agenda item and its options (id, title); by issue id, the
    # parties with a position on it.
    issue_items: list[str] = field(default_factory=list)
    issue_options: list[list[tuple[int, str]]] = field(default_factory=list)
    issue_parties: dict[int, set[int]] = field(default_factory=dict)

    def ids(self, kind: str) -> range:
        records = self.records[kind]
        return range(records.first_id, records.last_id + 1)

    def pick(self, kind: str) -> int:
        return self.rng.choice(self.ids(kind))
