"""The timeline table kept in step: which rows a write touches, their refresh, the rebuild.

The other services (records.py) call `timeline_touched` before and after each
write and `timeline_refresh` with both, in the write's transaction. A row is never computed
here: it is copied from the views that define it (TimelineSource, TimelinePartySource), so a
refresh and the rebuild cannot disagree on the rules. What a write touches:
- a meeting: its row and its statements' rows (they sort with it), and when its date or place
  in the process changes, the undated rounds before it ("not later than" the next dated one);
- a development, a statement or a stance on an option: its row; a delegation: its meeting's
  parties (old and new meeting); a role: the statements of its holder (old and new), whose
  parties it decides; an option: its stances' rows (their titles name it).
Meetings also get their `sort_key`, the meetings list's order, from here.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import DateField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save

from negotiations.models import (
    Delegation,
    Development,
    Meeting,
    Option,
    OptionStance,
    Role,
    Statement,
    TimelineEntry,
    TimelineParty,
    TimelinePartySource,
    TimelineSource,
)
from negotiations.services.scope import service_writing, write_service
from negotiations.timeline.selectors import ordering_key

FAR_FUTURE = Value("9999-12-31", output_field=DateField())
# The meetings list's order: by date, undated last, then by id (negotiations.api.viewsets).
MEETING_SORT_KEY = ordering_key(Coalesce("date", FAR_FUTURE), "id", numbers=("id",))
ENTRY_SORT_KEY = ordering_key(
    "sort_date", "sort_sequence", "kind", "object_id", numbers=("sort_sequence", "object_id")
)
COLUMNS = [
    "key",
    "kind",
    "object_id",
    "date",
    "date_precision",
    "sort_date",
    "sort_sequence",
    "title",
    "status",
    "updated_at",
]
NO_SEQUENCE = 2147483647  # the views' sort_sequence of a record outside the process's order
# A saved record of these kinds may have moved (another meeting, another person): the rows of
# where it was are touched too.
MOVABLE = (Delegation, Role)
# The records whose writes change timeline rows.
TIMELINE_MODELS = (Meeting, Development, Statement, Delegation, Role, Option, OptionStance)


@dataclass
class Touched:
    """Ids of the records whose timeline rows a write may have changed."""

    meetings: set[int] = field(default_factory=set)
    developments: set[int] = field(default_factory=set)
    statements: set[int] = field(default_factory=set)
    stances: set[int] = field(default_factory=set)

    def __or__(self, other: "Touched") -> "Touched":
        return Touched(
            self.meetings | other.meetings,
            self.developments | other.developments,
            self.statements | other.statements,
            self.stances | other.stances,
        )

    def __bool__(self) -> bool:
        return bool(self.meetings or self.developments or self.statements or self.stances)

    def by_kind(self) -> dict[str, set[int]]:
        return {
            "meeting": self.meetings,
            "development": self.developments,
            "statement": self.statements,
            "optionstance": self.stances,
        }


def timeline_touched(records: Iterable[Model], *, using: str = "default") -> Touched:
    """What the timeline rows of `records`, as they are in memory, depend on."""
    touched = Touched()
    holders, options = set(), set()
    for record in records:
        if record.pk is None:
            continue
        if isinstance(record, Meeting):
            touched.meetings.add(record.pk)
        elif isinstance(record, Development):
            touched.developments.add(record.pk)
        elif isinstance(record, Statement):
            touched.statements.add(record.pk)
        elif isinstance(record, Delegation):
            touched.meetings.add(record.meeting_id)
        elif isinstance(record, Role):
            holders.add(record.person_id)
        elif isinstance(record, OptionStance):
            touched.stances.add(record.pk)
        elif isinstance(record, Option):
            options.add(record.pk)
    if options:
        stances = OptionStance._base_manager.using(using).filter(option_id__in=options)
        touched.stances.update(stances.values_list("pk", flat=True))
    if holders:
        touched.statements.update(_statements(using, person_id__in=holders))
    if touched.meetings:
        touched.statements.update(_statements(using, meeting_id__in=touched.meetings))
    return touched


def timeline_touched_stored(record: Model, *, using: str = "default") -> Touched:
    """Before a save: what the stored copy of a record that may move touches (no query for
    other kinds, or for a new record)."""
    if record.pk is None or not isinstance(record, MOVABLE):
        return Touched()
    stored = type(record)._base_manager.using(using).filter(pk=record.pk)
    return timeline_touched(stored, using=using)


def _statements(using: str, **lookup) -> list[int]:
    return list(Statement._base_manager.using(using).filter(**lookup).values_list("pk", flat=True))


def timeline_refresh(touched: Touched, *, using: str = "default") -> None:
    """Rewrite the rows `touched` names from the views, and the undated rounds they move."""
    if not touched:
        return
    before = _meeting_places(touched.meetings, using)
    _replace(touched, using)
    if touched.meetings:
        Meeting._base_manager.using(using).filter(pk__in=touched.meetings).update(
            sort_key=MEETING_SORT_KEY
        )
    bound = _moved_up_to(before, _meeting_places(touched.meetings, using))
    if bound is None:
        return
    # The undated rounds earlier in the process sort by the next dated one: refresh them.
    undated = set(
        Meeting._base_manager.using(using)
        .filter(date__isnull=True, sequence__lt=bound)
        .exclude(pk__in=touched.meetings)
        .values_list("pk", flat=True)
    )
    if undated:
        statements = set(_statements(using, meeting_id__in=undated))
        _replace(Touched(meetings=undated, statements=statements), using)


def _meeting_places(ids: set[int], using: str) -> dict[int, tuple]:
    """Each meeting's (date, sort_sequence) as its timeline row has it."""
    if not ids:
        return {}
    rows = TimelineEntry.objects.using(using).filter(kind="meeting", object_id__in=ids)
    return {
        pk: (date, seq) for pk, date, seq in rows.values_list("object_id", "date", "sort_sequence")
    }


def _moved_up_to(before: dict[int, tuple], after: dict[int, tuple]) -> int | None:
    """The highest place in the process at which a dated meeting appeared, went or moved."""
    bound = None
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        if old == new:
            continue
        for date, sequence in filter(None, (old, new)):
            if date is not None and sequence != NO_SEQUENCE:
                bound = max(bound or 0, sequence)
    return bound


def _replace(touched: Touched, using: str) -> None:
    keys = [f"{kind}-{pk}" for kind, ids in touched.by_kind().items() for pk in ids]
    TimelineParty.objects.using(using).filter(entry_id__in=keys).delete()
    TimelineEntry.objects.using(using).filter(key__in=keys).delete()
    for kind, ids in touched.by_kind().items():
        if ids:
            _insert(TimelineSource.objects.using(using).filter(kind=kind, object_id__in=ids))
            parties = TimelinePartySource.objects.using(using)
            _insert_parties(parties.filter(kind=kind, object_id__in=ids))


def _insert(source: QuerySet) -> None:
    rows = source.annotate(new_sort_key=ENTRY_SORT_KEY).values_list(*COLUMNS, "new_sort_key")
    _insert_select(TimelineEntry, [*COLUMNS, "sort_key"], rows)


def _insert_parties(source: QuerySet) -> None:
    entries = TimelineEntry.objects.using(source.db).filter(key=OuterRef("key"))
    rows = source.annotate(entry_sort_key=Subquery(entries.values("sort_key"))).values_list(
        "key", "party_id", "entry_sort_key"
    )
    _insert_select(TimelineParty, ["entry_id", "party_id", "sort_key"], rows)


def _insert_select(model: type[Model], columns: list[str], rows: QuerySet) -> None:
    # INSERT … SELECT, the SELECT compiled by the ORM for the database at hand.
    connection = connections[rows.db]
    sql, params = rows.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({names}) {sql}", params)


def timeline_differences(*, using: str = "default") -> list[str]:
    """Where the table is out of step with its views (and meetings with their sort key)."""
    entries = TimelineEntry.objects.using(using)
    source = TimelineSource.objects.using(using).annotate(new_sort_key=ENTRY_SORT_KEY)
    wanted = source.values_list(*COLUMNS, "new_sort_key").order_by()
    held = entries.values_list(*COLUMNS, "sort_key").order_by()
    problems = [f"{row[0]}: missing or out of step" for row in wanted.difference(held)]
    problems += [f"{row[0]}: stale or extra row" for row in held.difference(wanted)]
    parties = TimelinePartySource.objects.using(using).values_list("key", "party_id").order_by()
    linked = TimelineParty.objects.using(using).values_list("entry_id", "party_id").order_by()
    problems += [f"{key}: party {party} missing" for key, party in parties.difference(linked)]
    problems += [f"{key}: party {party} extra" for key, party in linked.difference(parties)]
    keyed = TimelineParty.objects.using(using).exclude(
        sort_key=Subquery(entries.filter(key=OuterRef("entry_id")).values("sort_key"))
    )
    problems += [
        f"{key}: party {party} sort key stale"
        for key, party in keyed.values_list("entry_id", "party_id")
    ]
    stale = Meeting._base_manager.using(using).exclude(sort_key=MEETING_SORT_KEY)
    problems += [f"meeting {pk}: sort key stale" for pk in stale.values_list("pk", flat=True)]
    return sorted(problems)


@write_service
def timeline_rebuild(*, using: str = "default") -> None:
    """Empty the table and fill it again from the views; every meeting's sort key too.

    The bulk variant, for restores, synthetic data and `manage.py timeline_rebuild`.
    """
    TimelineParty.objects.using(using).all().delete()
    TimelineEntry.objects.using(using).all().delete()
    Meeting._base_manager.using(using).exclude(sort_key=MEETING_SORT_KEY).update(
        sort_key=MEETING_SORT_KEY
    )
    _insert(TimelineSource.objects.using(using).all())
    _insert_parties(TimelinePartySource.objects.using(using).all())


def _on_raw_save(sender, instance, raw: bool = False, using: str = "default", **kwargs) -> None:
    # loaddata's raw saves bypass the services; a service's own raw restore rebuilds at its end.
    if raw and service_writing() is None:
        timeline_refresh(timeline_touched([instance], using=using), using=using)


def _on_parties_set(
    sender, instance, action: str, reverse: bool, pk_set, using: str = "default", **kwargs
) -> None:
    # loaddata sets a development's parties after its raw save, outside any service.
    if action.startswith("post_") and service_writing() is None:
        touched = (
            Touched(developments=set(pk_set or ()))
            if reverse
            else timeline_touched([instance], using=using)
        )
        timeline_refresh(touched, using=using)


def connect_signals() -> None:
    for model in TIMELINE_MODELS:
        post_save.connect(_on_raw_save, sender=model, dispatch_uid=f"timeline-raw-{model.__name__}")
    m2m_changed.connect(
        _on_parties_set, sender=Development.parties.through, dispatch_uid="timeline-parties"
    )


__all__ = [
    "TIMELINE_MODELS",
    "Touched",
    "timeline_differences",
    "timeline_rebuild",
    "timeline_refresh",
    "timeline_touched",
    "timeline_touched_stored",
]
