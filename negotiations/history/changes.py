"""Recent changes across every record, read from the simple-history tables.

`change_rows()` is one UNION over the history tables (newest first), cheap to count and page;
`changes_load()` turns a page of those rows into `Change`s with the fields that changed, their
old and new values and the names of the records, in a fixed number of queries per kind of record
on the page, however many rows it holds.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.urls import reverse

from negotiations.models.base import TrackedModel

# Fields every record has that change on every save: listing them would hide what changed.
BOOKKEEPING = {"id", "created_at", "updated_at", "revision"}

# What each kind's __str__ reads through its foreign keys, so names cost no extra queries.
NAME_RELATED: dict[str, tuple[str, ...]] = {
    "role": ("person", "party"),
    "delegation": ("party", "meeting"),
    "delegationmember": ("person", "delegation__party", "delegation__meeting"),
    "frameworkversion": ("framework",),
    "position": ("party", "issue", "point"),
    "citation": ("source",),
    "pointlineage": ("from_point", "to_point"),
    "versionmeeting": ("version__framework", "meeting"),
    "statement": ("person",),
}

# What each kind's __str__ and get_absolute_url read, for the live records a page links to.
LIVE_RELATED: dict[str, tuple[str, ...]] = {
    **NAME_RELATED,
    "statement": ("person", "meeting"),
    "frameworkpoint": ("version__framework",),
    "pointlineage": ("from_point__version__framework", "to_point__version__framework"),
    "position": ("party", "issue", "point__version__framework"),
}

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# Shown instead of the username to those who may not see editors' names.
HIDDEN_EDITOR = "an editor"


def editors_visible(request) -> bool:
    """Whether `request` (Django's or DRF's) may see who made each change: signed-in users only,
    so the public pages, API and feeds give no list of usernames to guess passwords for."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def tracked_models() -> list[type[TrackedModel]]:
    """Every kind of record with a history, in the app's declaration order."""
    return [
        model
        for model in apps.get_app_config("negotiations").get_models()
        if issubclass(model, TrackedModel)
    ]


def kinds() -> dict[str, type[TrackedModel]]:
    """Model name (the `kind` filter's value) → model."""
    return {model._meta.model_name: model for model in tracked_models()}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Change:
    kind: str
    kind_label: str
    history_id: int
    object_id: int
    at: datetime.datetime
    change_type: str  # created / changed / deleted
    user: str | None  # None: not recorded, or hidden (editor_hidden)
    reason: str
    name: str
    record: TrackedModel | None  # the live record; None once it is deleted
    fields: list[FieldChange] = field(default_factory=list)
    editor_hidden: bool = False  # a user is recorded, but this reader may not see who

    @property
    def editor(self) -> str:
        """Who made the change, as this reader may see it."""
        if self.editor_hidden:
            return HIDDEN_EDITOR
        return self.user or "no user recorded"

    @property
    def html_url(self) -> str | None:
        return self.record.get_absolute_url() if self.record is not None else None

    @property
    def history_url(self) -> str:
        return reverse("negotiations:record-changes", args=[self.kind, self.object_id])

    @property
    def guid(self) -> str:
        return f"change-{self.kind}-{self.history_id}"


def change_rows(
    *,
    scopes: Mapping[type[TrackedModel], Q] | None = None,
    user: str | None = None,
    since: datetime.datetime | None = None,
) -> models.QuerySet:
    """One row per history entry (kind_name, history_id, record_id, at), newest first.

    `scopes` limits the kinds and, per kind, the history rows (a Q over the history table);
    by default every kind and every row.
    """
    if scopes is None:
        scopes = {model: Q() for model in tracked_models()}
    parts = []
    for model, scope in scopes.items():
        rows = model.history.filter(scope)
        if user:
            rows = rows.filter(history_user__username=user)
        if since:
            rows = rows.filter(history_date__gte=since)
        parts.append(
            rows.values(
                "history_id",
                record_id=F("id"),
                at=F("history_date"),
                kind_name=Value(model._meta.model_name, output_field=CharField()),
            ).order_by()  # a part of a UNION cannot be ordered on its own
        )
    if not parts:
        return tracked_models()[0].history.none().values("history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-at", "kind_name", "-history_id")


def changes_load(rows: Iterable[Mapping], *, show_editors: bool = False) -> list[Change]:
    """The changes behind a page of `change_rows()`, in the page's order.

    Usernames are left out unless `show_editors` (see `editors_visible`).
    """
    rows = list(rows)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind_name"]].append(row["history_id"])
    models_by_kind = kinds()
    loaded: dict[tuple[str, int], Change] = {}
    names = _NameCache()
    pending: list[tuple[Change, models.Model, models.Model | None, type[TrackedModel]]] = []
    for kind, history_ids in by_kind.items():
        model = models_by_kind[kind]
        entries, previous = _history_with_previous(model, history_ids)
        live = model._default_manager.select_related(*LIVE_RELATED.get(kind, ())).in_bulk(
            {entry.id for entry in entries}
        )
        for entry in entries:
            username = entry.history_user.get_username() if entry.history_user else None
            change = Change(
                kind=kind,
                kind_label=str(model._meta.verbose_name),
                history_id=entry.history_id,
                object_id=entry.id,
                at=entry.history_date,
                change_type=HISTORY_TYPES.get(entry.history_type, entry.history_type),
                user=username if show_editors else None,
                editor_hidden=username is not None and not show_editors,
                reason=entry.history_change_reason or "",
                name=_name_of(entry),
                record=live.get(entry.id),
            )
            loaded[(kind, entry.history_id)] = change
            pending.append((change, entry, previous.get(entry.prev_history_id), model))
    # Field differences last: their related records' names load together, one query per kind.
    for change, entry, before, model in pending:
        change.fields = _field_changes(model, entry, before, names)
    names.load()
    for change, *_ in pending:
        change.fields = [names.resolve(item) for item in change.fields]
    return [loaded[(row["kind_name"], row["history_id"])] for row in rows]


def _history_with_previous(model: type[TrackedModel], history_ids: list[int]):
    """The history rows `history_ids` and, keyed by history_id, each one's predecessor."""
    history = model.history.model
    related = [*NAME_RELATED.get(model._meta.model_name, ()), "history_user"]
    m2m = [_m2m_accessor(history, f) for f in history._history_m2m_fields]
    earlier = history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    entries = list(
        history.objects.filter(history_id__in=history_ids)
        .annotate(
            prev_history_id=Subquery(
                earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
            )
        )
        .select_related(*related)
        .prefetch_related(*m2m)
    )
    wanted = {entry.prev_history_id for entry in entries if entry.prev_history_id}
    previous = (
        history.objects.select_related(*related).prefetch_related(*m2m).in_bulk(wanted)
        if wanted
        else {}
    )
    return entries, previous


def _m2m_accessor(history: type[models.Model], m2m_field: models.ManyToManyField) -> str:
    return f"{history._meta.model_name}_{m2m_field.name}_set"


def _name_of(entry: models.Model) -> str:
    """The record's name as it was at this change, from the history row alone."""
    instance = entry.instance
    # The history row's select_related cache holds what __str__ reads; hand it over.
    instance._state.fields_cache.update(entry._state.fields_cache)
    try:
        return str(instance)
    except ObjectDoesNotExist:  # a record its name reads (a seat's person) is deleted since
        return f"{instance._meta.verbose_name} {instance.pk}"


def _field_changes(
    model: type[TrackedModel], entry, before, names: "_NameCache"
) -> list[FieldChange]:
    if entry.history_type == "-":
        return []
    changes = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in BOOKKEEPING:
            continue
        new = getattr(entry, model_field.attname)
        old = getattr(before, model_field.attname) if before is not None else None
        if new == old or (before is None and new in (None, "")):
            continue
        changes.append(
            FieldChange(
                field=model_field.name,
                label=str(model_field.verbose_name),
                old=names.display(model_field, old),
                new=names.display(model_field, new),
            )
        )
    history = model.history.model
    for m2m_field in history._history_m2m_fields:
        new_ids, old_ids = _linked(entry, m2m_field), _linked(before, m2m_field)
        if new_ids != old_ids:
            target = m2m_field.related_model
            changes.append(
                FieldChange(
                    field=m2m_field.name,
                    label=str(m2m_field.verbose_name),
                    old=names.many(target, old_ids),
                    new=names.many(target, new_ids),
                )
            )
    return changes


def _linked(row, m2m_field: models.ManyToManyField) -> set[int]:
    """The ids a history row's many-to-many snapshot links to."""
    if row is None:
        return set()
    column = f"{m2m_field.m2m_reverse_field_name()}_id"
    links = getattr(row, _m2m_accessor(type(row), m2m_field)).all()  # prefetched
    return {getattr(link, column) for link in links}


class _NameCache:
    """Names of related records shown as old and new values, loaded one query per kind."""

    MARK = "\x00ref:"

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], int], str] = {}

    def display(self, model_field: models.Field, value) -> str:
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            return self._ref(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, datetime.date | datetime.datetime | datetime.time):
            return value.isoformat()
        return str(value)

    def many(self, target: type[models.Model], ids: set[int]) -> str:
        return "\x00".join(self._ref(target, pk) for pk in sorted(ids))

    def _ref(self, target: type[models.Model], pk: int) -> str:
        self.wanted[target].add(pk)
        return f"{self.MARK}{target._meta.label}:{pk}"

    def load(self) -> None:
        for target, ids in self.wanted.items():
            queryset = target._default_manager.select_related(
                *LIVE_RELATED.get(target._meta.model_name, ())
            )
            for record in queryset.filter(pk__in=ids):
                self.names[(target, record.pk)] = str(record)

    def resolve(self, item: FieldChange) -> FieldChange:
        return FieldChange(item.field, item.label, self._text(item.old), self._text(item.new))

    def _text(self, value: str) -> str:
        if self.MARK not in value:
            return value
        parts = []
        for ref in value.split("\x00"):
            if not ref:
                continue
            label, pk = ref.removeprefix("ref:").rsplit(":", 1)
            target = apps.get_model(label)
            parts.append(self.names.get((target, int(pk)), f"{target._meta.verbose_name} #{pk}"))
        return "; ".join(sorted(parts))


def skip_history_of_raw_loads(sender, instance, raw: bool = False, **kwargs) -> None:
    """loaddata saves raw (no history), then sets many-to-many links, which simple-history
    would record as a change of a record that has no history yet. `populate_history` (run
    after loaddata) gives each loaded record its one initial entry instead.
    """
    if raw and isinstance(instance, TrackedModel):
        instance.skip_history_when_saving = True


def connect_signals() -> None:
    models.signals.post_save.connect(skip_history_of_raw_loads, dispatch_uid="history-raw")
