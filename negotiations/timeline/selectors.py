"""The timeline read: meetings, developments, statements and stances in one date order.

The API and the HTML timeline both read through here.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, LPad

from negotiations.models import (
    Citation,
    Delegation,
    Development,
    Meeting,
    OptionStance,
    Party,
    Statement,
    TimelineEntry,
)

# Each kind of entry and the model of its records.
TIMELINE_KINDS = {
    "meeting": Meeting,
    "development": Development,
    "statement": Statement,
    "optionstance": OptionStance,
}


def ordering_key(*parts: str, numbers: tuple[str, ...] = ()) -> Concat:
    """One string that sorts like the fields `parts` do (ISO dates and text as they are,
    `numbers` zero-padded). Cursor pagination needs one unique position to page both ways.
    """
    pieces = []
    for part in parts:
        if pieces:
            pieces.append(Value("|"))
        text = Cast(part, CharField())
        pieces.append(LPad(text, 20, Value("0")) if part in numbers else text)
    return Concat(*pieces, output_field=CharField())


def timeline_entries() -> QuerySet[TimelineEntry]:
    """Every entry, with its cursor position `cursor_key`: the entry's sort key, or (filtered
    by party) the party link's copy of it, so that either is an index range scan."""
    return TimelineEntry.objects.annotate(cursor_key=F("sort_key"))


def timeline_records(
    entries: Iterable[TimelineEntry], *, development_parties: bool = True
) -> dict[tuple[str, int], object]:
    """The records behind a page of entries, in a fixed number of queries (one set per kind);
    without `development_parties`, developments come without their parties (one query less)."""
    ids: dict[str, list[int]] = {kind: [] for kind in TIMELINE_KINDS}
    for entry in entries:
        ids[entry.kind].append(entry.object_id)
    # Only the columns an entry shows (its links, names, place and parties): a page's records
    # are read whole otherwise, long texts included. Delegations in their own order within a
    # meeting (Meta.ordering's first keys are the meeting's), without the join to meetings.
    delegations = (
        Delegation.objects.select_related("party")
        .only("meeting_id", "party__name")
        .order_by("meeting_id", "party__name", "id")
    )
    loaders = {
        "meeting": Meeting.objects.select_related("place")
        .only(
            "slug",
            "title",
            "status",
            # what `date_passed` reads
            "date",
            "date_precision",
            "end_date",
            "place__venue",
            "place__locality",
            "place__region",
        )
        # Plain lists (`delegation_list`, `party_list`): a prefetch into the related manager
        # builds a manager and a filtered queryset for each record.
        .prefetch_related(Prefetch("delegations", queryset=delegations, to_attr="delegation_list")),
        "development": Development.objects.only("title", "summary"),
        "statement": Statement.objects.select_related("person", "meeting").only(
            "text", "person__slug", "person__name", "meeting__slug", "meeting__title"
        ),
        # The party, the option and its issue's page (where the option and its stances are).
        "optionstance": OptionStance.objects.select_related(
            "party", "option", "option__issue"
        ).only(
            "stance",
            "condition",
            "stated_position",
            "party__slug",
            "party__name",
            "option__title",
            "option__issue__slug",
            "option__issue__title",
        ),
    }
    if development_parties:
        parties = Prefetch("parties", queryset=Party.objects.only("name"), to_attr="party_list")
        loaders["development"] = loaders["development"].prefetch_related(parties)
    records: dict[tuple[str, int], object] = {}
    for kind, wanted in ids.items():
        if wanted:
            for record in loaders[kind].filter(pk__in=wanted):
                records[(kind, record.pk)] = record
    return records


def timeline_sources(entries: Iterable[TimelineEntry]) -> dict[tuple[str, int], list[str]]:
    """The titles of the sources each entry's record cites, distinct, in citation order: one
    query for a chunk of entries, whatever their kinds (the timeline CSV's `sources` column)."""
    kinds = {
        kind: ContentType.objects.get_for_model(model) for kind, model in TIMELINE_KINDS.items()
    }
    ids: dict[str, list[int]] = {kind: [] for kind in TIMELINE_KINDS}
    for entry in entries:
        ids[entry.kind].append(entry.object_id)
    wanted = Q()
    for kind, object_ids in ids.items():
        if object_ids:
            wanted |= Q(content_type=kinds[kind], object_id__in=object_ids)
    if not wanted:
        return {}
    kind_of = {content_type.pk: kind for kind, content_type in kinds.items()}
    titles: dict[tuple[str, int], list[str]] = {}
    rows = Citation.objects.filter(wanted).order_by("content_type_id", "object_id", "id")
    for content_type_id, object_id, title in rows.values_list(
        "content_type_id", "object_id", "source__title"
    ):
        found = titles.setdefault((kind_of[content_type_id], object_id), [])
        if title not in found:
            found.append(title)
    return titles
