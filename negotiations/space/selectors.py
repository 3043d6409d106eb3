"""Reads of the negotiation space: an issue's options-by-parties matrix as of a date, how it
moved since another date, the history behind the picture, and the board's open-ground counts.

Each read is a fixed number of queries whatever the number of options, parties and stances:
an issue's stances are read once and each (option, party)'s current one chosen in Python, by
the rule OptionStance.objects.current() gives the database (the board's window query).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, Q

from negotiations.dates import format_precise_date
from negotiations.models import Citation, Option, OptionStance, Party, Position, StickingIssue

Stance = OptionStance.Stance


def citation_lists() -> Prefetch:
    """The stances' citations with their sources, as a plain list on each (`citation_list`):
    one query, as with_citations(), without the per-record related manager and filter that a
    generic relation's prefetch builds for each of a hundred stances (half the matrix page)."""
    return Prefetch("citations", queryset=Citation.objects.with_source(), to_attr="citation_list")


# How far a stance goes toward accepting an option; unknown has no place on the scale.
ACCEPTANCE = {Stance.UNACCEPTABLE: 0, Stance.CONDITIONAL: 1, Stance.ACCEPTABLE: 2}


class Direction:
    SOFTENED = "softened"  # toward accepting (unacceptable → conditional → acceptable)
    HARDENED = "hardened"  # toward a red line
    STATED = "stated"  # from unknown to a stance
    UNKNOWN = "unknown"  # from a stance back to unknown

    LABELS = {
        SOFTENED: "Softened",
        HARDENED: "Hardened",
        STATED: "First stated",
        UNKNOWN: "Now unknown",
    }


@dataclass(frozen=True)
class Cell:
    """One party's current stance on one option; `stance` None when none is recorded."""

    party: Party
    stance: OptionStance | None
    moved: Move | None = None

    @property
    def value(self) -> str:
        return self.stance.stance if self.stance else Stance.UNKNOWN

    @property
    def known(self) -> bool:
        return self.value != Stance.UNKNOWN

    @property
    def label(self) -> str:
        return Stance(self.value).label

    @property
    def when(self) -> str:
        """The stance's date as it prints ("1 Dec 2025", "date not reported"); "" if none."""
        if self.stance is None:
            return ""
        return format_precise_date(self.stance.as_of, self.stance.as_of_precision)

    @property
    def source(self) -> Citation | None:
        """The stance's first citation (each cell links its source; the history lists all)."""
        citations = getattr(self.stance, "citation_list", None) or ()
        return citations[0] if citations else None


@dataclass(frozen=True)
class Row:
    option: Option
    cells: list[Cell]

    @property
    def ruled_out_by(self) -> list[Party]:
        return [cell.party for cell in self.cells if cell.value == Stance.UNACCEPTABLE]

    @property
    def open_ground(self) -> bool:
        """No party's current stance is unacceptable. Unknown stances do not rule an option
        out, and do not count as accepting it either (see `agreed`, `unknown_count`)."""
        return not self.ruled_out_by

    @property
    def agreed(self) -> bool:
        """Every party's stance is known and acceptable, with or without conditions."""
        return bool(self.cells) and all(
            cell.value in (Stance.ACCEPTABLE, Stance.CONDITIONAL) for cell in self.cells
        )

    @property
    def unknown_count(self) -> int:
        return sum(not cell.known for cell in self.cells)


@dataclass(frozen=True)
class Move:
    """A change of one party's stance on one option between two dates."""

    option: Option
    party: Party
    before: OptionStance | None
    after: OptionStance | None

    @property
    def direction(self) -> str:
        old = ACCEPTANCE.get(self.before.stance) if self.before else None
        new = ACCEPTANCE.get(self.after.stance) if self.after else None
        if old is None:
            return Direction.STATED
        if new is None:
            return Direction.UNKNOWN
        return Direction.SOFTENED if new > old else Direction.HARDENED

    @property
    def direction_label(self) -> str:
        return Direction.LABELS[self.direction]


@dataclass
class Matrix:
    issue: StickingIssue
    as_of: datetime.date | None
    parties: list[Party]
    rows: list[Row]
    since: datetime.date | None = None
    moves: list[Move] = field(default_factory=list)

    @property
    def open_rows(self) -> list[Row]:
        return [row for row in self.rows if row.open_ground]

    @property
    def stances(self) -> list[OptionStance]:
        """The stances the cells show (unknown cells have none)."""
        return [cell.stance for row in self.rows for cell in row.cells if cell.stance]


# What a cell, a move and the matrix's JSON and CSV show of a stance: its rows are read
# without the rest (timestamps, revision), tens of them per request.
CELL_FIELDS = (
    "id",
    "option_id",
    "party_id",
    "stance",
    "condition",
    "stated_position",
    "as_of",
    "as_of_precision",
)


def _stance_rows(options: dict[int, Option]) -> list[OptionStance]:
    """Every stance on `options` (one query), each given its option from those already read:
    its name and link read it, which would be a query per stance. An issue's history is tens
    of rows; choosing its current cells in Python (current_of) costs less than a window query
    per date, and any number of dates share the one read."""
    stances = list(
        OptionStance.objects.filter(option__in=list(options)).only(*CELL_FIELDS).order_by()
    )
    for stance in stances:
        stance.option = options[stance.option_id]
    return stances


def _with_citation_lists(stances: Iterable[OptionStance]) -> None:
    """Each of `stances` gets `citation_list`, its citations with their sources, in one query
    (as citation_lists() would, without a prefetch's per-record bookkeeping)."""
    stances = {stance.pk: stance for stance in stances}
    found: dict[int, list[Citation]] = defaultdict(list)
    kind = ContentType.objects.get_for_model(OptionStance)
    for citation in Citation.objects.filter(
        content_type=kind, object_id__in=list(stances)
    ).with_source():
        found[citation.object_id].append(citation)
    for pk, stance in stances.items():
        stance.citation_list = found.get(pk, [])


def _recency(stance: OptionStance) -> tuple:
    # As OptionStance.objects.current() orders: undated first, then by date, then by id.
    return (stance.as_of is not None, stance.as_of or datetime.date.min, stance.pk)


def current_of(
    history: Iterable[OptionStance], day: datetime.date | None
) -> dict[tuple[int, int], OptionStance]:
    """The rule of OptionStance.objects.current(), applied to stances already read: each
    (option, party)'s latest stance on or before `day` (undated ones count at any date)."""
    latest: dict[tuple[int, int], OptionStance] = {}
    for stance in history:
        if day is not None and stance.as_of is not None and stance.as_of > day:
            continue
        key = (stance.option_id, stance.party_id)
        if key not in latest or _recency(stance) > _recency(latest[key]):
            latest[key] = stance
    return latest


def issue_parties(issue: StickingIssue, stance_parties: Iterable[int]) -> list[Party]:
    """The matrix's columns: the parties with a stance on one of the issue's options, at any
    date (so the columns stay put as the as-of date moves; `stance_parties`, from the stances
    read), or a position on the issue."""
    positions = Position.objects.filter(issue=issue).values("party_id")
    return list(
        Party.objects.filter(Q(pk__in=set(stance_parties)) | Q(pk__in=positions)).order_by(
            "name", "id"
        )
    )


def issue_options(issue: StickingIssue, *, details: bool = True) -> list[Option]:
    """The issue's options; with `details`, their citations and the points that would enact
    them (what the issue page and the API show of each; the matrix page shows titles)."""
    options = issue.options.order_by("title", "id")
    if details:
        options = options.with_citations().prefetch_related("points__version__framework")
    return list(options)


def issue_matrix(
    *,
    issue: StickingIssue,
    as_of: datetime.date | None = None,
    since: datetime.date | None = None,
    history: list[OptionStance] | None = None,
    details: bool = True,
) -> Matrix:
    """Options by parties as of `as_of` (today when None); with `since`, the cells that moved
    between `since` and `as_of` carry their move, and `moves` lists them. A page that has read
    the issue's whole `history` (stance_history) passes it: the cells are chosen from it, by
    the same rule, instead of two more queries per date. Without `details`, the options come
    without their citations and points (see issue_options)."""
    options = issue_options(issue, details=details)
    by_id = {option.pk: option for option in options}
    if history is not None:
        for stance in history:
            stance.option = by_id.get(stance.option_id, stance.option)
    else:
        history = _stance_rows(by_id)
    parties = issue_parties(issue, {stance.party_id for stance in history})
    by_party = {party.pk: party for party in parties}
    for stance in history:
        stance.party = by_party[stance.party_id]
    now = current_of(history, as_of)
    then = current_of(history, since) if since is not None else None
    if not all(hasattr(stance, "citation_list") for stance in history):
        _with_citation_lists([*now.values(), *(then or {}).values()])
    rows, moves = [], []
    for option in options:
        cells = []
        for party in parties:
            stance = now.get((option.pk, party.pk))
            move = None
            if then is not None:
                before = then.get((option.pk, party.pk))
                if _value(before) != _value(stance):
                    move = Move(option=option, party=party, before=before, after=stance)
                    moves.append(move)
            cells.append(Cell(party=party, stance=stance, moved=move))
        rows.append(Row(option=option, cells=cells))
    return Matrix(issue=issue, as_of=as_of, parties=parties, rows=rows, since=since, moves=moves)


def _value(stance: OptionStance | None) -> str:
    return stance.stance if stance else Stance.UNKNOWN


def stance_history(issue: StickingIssue) -> list[OptionStance]:
    """Every stance on the issue's options with its citations, by option and party in date
    order (undated first): the picture's data and the options' histories."""
    return list(
        OptionStance.objects.filter(option__issue=issue)
        .select_related("party", "option")
        .prefetch_related(citation_lists())
        .order_by(
            "option__title",
            "option_id",
            "party__name",
            "party_id",
            F("as_of").asc(nulls_first=True),  # as on SQLite, on PostgreSQL too
            "id",
        )
    )


@dataclass(frozen=True)
class OpenGround:
    options: int
    open: int


def open_ground_counts(issues: Iterable[StickingIssue]) -> dict[int, OpenGround]:
    """For each issue, how many options it has and how many no party rules out today (two
    queries for any number of issues)."""
    ids = [issue.pk for issue in issues]
    options: dict[int, set[int]] = defaultdict(set)
    for option_id, issue_id in Option.objects.filter(issue__in=ids).values_list("pk", "issue_id"):
        options[issue_id].add(option_id)
    # Filtered here, not in SQL: a filter on `stance` would apply before the window and find
    # each party's latest unacceptable stance, not its latest stance.
    ruled_out = {
        option_id
        for option_id, stance in OptionStance.objects.filter(option__issue__in=ids)
        .current()
        .values_list("option_id", "stance")
        if stance == Stance.UNACCEPTABLE
    }
    return {
        issue_id: OpenGround(options=len(pks), open=len(pks - ruled_out))
        for issue_id, pks in options.items()
    } | {pk: OpenGround(options=0, open=0) for pk in ids if pk not in options}
