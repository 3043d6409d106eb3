"""Recent changes across every record, read from the simple-history tables.

`change_rows()` is one UNION over the history tables (newest first), cheap to count and page;
`changes_load()` turns a page of those rows into `Change`s with the fields that changed, their
old and new values and the names of the records, in a fixed number of queries per kind of record
on the page, however many rows it holds.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import CharField, F, OuterRef, Prefetch, Q, Subquery, Value
from django.urls import reverse
from django.utils.text import capfirst
from simple_history.models import DeletedObject

from negotiations.models.base import TrackedModel
from negotiations.models.kinds import APP_LABEL, kind_of, tracked_kinds, tracked_models

# Fields every record has that change on every save, and keys the app derives (a meeting's
# sort_key, from its date and id): listing them would hide what changed.
BOOKKEEPING = {"id", "created_at", "updated_at", "revision", "sort_key"}

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# Shown instead of the username to those who may not see editors' names.
HIDDEN_EDITOR = "an editor"

# The reason `manage.py initial_history` gives the first entries of records loaded by loaddata
# (which writes no history): no user made them, a data load did.
LOADED_REASON = "Loaded from fixtures"
LOADED = "loaded from fixtures"

# A generic link (a citation's content type and object id) shows as one value, the record it
# points to; citations are the only tracked records with one.
GENERIC_LABEL = "backs"


def editors_visible(request) -> bool:
    """Whether `request` (Django's or DRF's) may see who made each change: signed-in users only,
    so the public pages, API and feeds give no list of usernames to guess passwords for."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


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
    def is_creation(self) -> bool:
        return self.change_type == "created"

    @property
    def loaded(self) -> bool:
        """A record's first entry, written for a data load (no user made it)."""
        return (
            self.is_creation
            and self.user is None
            and not self.editor_hidden
            and self.reason == LOADED_REASON
        )

    @property
    def editor(self) -> str:
        """Who made the change, as this reader may see it."""
        if self.editor_hidden:
            return HIDDEN_EDITOR
        if self.loaded:
            return LOADED
        return self.user or "no user recorded"

    @property
    def byline(self) -> str:
        """ "by analyst", "by an editor", "loaded from fixtures"."""
        return self.editor if self.loaded else f"by {self.editor}"

    @property
    def html_url(self) -> str | None:
        return self.record.get_absolute_url() if self.record is not None else None

    @property
    def history_url(self) -> str:
        return reverse("negotiations:record-changes", args=[self.kind, self.object_id])

    @property
    def guid(self) -> str:
        return f"change-{self.kind}-{self.history_id}"


@functools.cache
def history_of(model: type[models.Model]):
    """The model's history manager (`model.history`), built once: simple-history builds a
    manager class on every access, and the changes page read it for every row."""
    return model.history


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
        rows = history_of(model).filter(scope)
        if user:
            rows = rows.filter(history_user__username=user)
        if since:
            rows = rows.filter(history_date__gte=since)
        parts.append(
            rows.values(
                "history_id",
                record_id=F("id"),
                at=F("history_date"),
                kind_name=Value(kind_of(model).name, output_field=CharField()),
            ).order_by()  # a part of a UNION cannot be ordered on its own
        )
    if not parts:
        return history_of(tracked_models()[0]).none().values("history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-at", "kind_name", "-history_id")


def deletion_rows(*, since: datetime.datetime) -> models.QuerySet:
    """The change rows of deletions at or after `since`, newest first (then by kind and id)."""
    scopes = {model: Q(history_type="-") for model in tracked_models()}
    return change_rows(scopes=scopes, since=since).order_by("-at", "kind_name", "record_id")


def changes_load(rows: Iterable[Mapping], *, show_editors: bool = False) -> list[Change]:
    """The changes behind a page of `change_rows()`, in the page's order.

    Usernames are left out unless `show_editors` (see `editors_visible`).
    """
    rows = list(rows)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind_name"]].append(row["history_id"])
    tracked = tracked_kinds()
    loaded: dict[tuple[str, int], Change] = {}
    for name, history_ids in by_kind.items():
        record_kind = tracked[name]
        model = record_kind.model
        entries, previous = _history_with_previous(model, history_ids)
        linked = _generic_names(model, [*entries, *previous.values()])
        live = model._default_manager.select_related(*record_kind.live_related).in_bulk(
            {entry.id for entry in entries}
        )
        for entry in entries:
            username = entry.history_user.get_username() if entry.history_user else None
            loaded[(name, entry.history_id)] = Change(
                kind=name,
                kind_label=record_kind.label,
                history_id=entry.history_id,
                object_id=entry.id,
                at=entry.history_date,
                change_type=HISTORY_TYPES.get(entry.history_type, entry.history_type),
                user=username if show_editors else None,
                editor_hidden=username is not None and not show_editors,
                reason=entry.history_change_reason or "",
                name=_name_of(entry),
                record=live.get(entry.id),
                fields=_field_changes(
                    model, entry, previous.get(entry.prev_history_id), linked=linked
                ),
            )
    return [loaded[(row["kind_name"], row["history_id"])] for row in rows]


def _history_with_previous(model: type[TrackedModel], history_ids: list[int]):
    """The history rows `history_ids` and, keyed by history_id, each one's predecessor.

    Both come with the records their foreign keys and many-to-many snapshots point to (and
    what those records' names read), so comparing them costs no further query.
    """
    history = history_of(model).model
    related = [*kind_of(model).name_related, "history_user", *_value_related(model)]
    m2m = [_m2m_prefetch(history, f) for f in history._history_m2m_fields]
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


def _names_related(field: models.Field) -> list[str]:
    """The select_related paths that load the record `field` points to with its name."""
    paths = [field.name]
    if field.related_model._meta.app_label == APP_LABEL:
        paths += [f"{field.name}__{path}" for path in kind_of(field.related_model).name_related]
    return paths


def _value_related(model: type[TrackedModel]) -> list[str]:
    return [
        path
        for model_field in model._meta.concrete_fields
        if model_field.many_to_one and model_field.name not in BOOKKEEPING
        for path in _names_related(model_field)
    ]


def _m2m_accessor(history: type[models.Model], m2m_field: models.ManyToManyField) -> str:
    return f"{history._meta.model_name}_{m2m_field.name}_set"


def _m2m_prefetch(history: type[models.Model], m2m_field: models.ManyToManyField) -> Prefetch:
    """A history row's many-to-many snapshot, with the linked records and their names."""
    accessor = _m2m_accessor(history, m2m_field)
    links = getattr(history, accessor).rel.related_model
    target = links._meta.get_field(m2m_field.m2m_reverse_field_name())
    return Prefetch(accessor, queryset=links.objects.select_related(*_names_related(target)))


def _name_of(entry: models.Model) -> str:
    """The record's name as it was at this change, from the history row alone."""
    instance = entry.instance
    # The history row's select_related cache holds what __str__ reads; hand it over.
    instance._state.fields_cache.update(entry._state.fields_cache)
    try:
        return str(instance)
    except ObjectDoesNotExist:  # a record its name reads (a seat's person) is deleted since
        return f"{instance._meta.verbose_name} {instance.pk}"


def _generic_links(model: type[models.Model]) -> list[GenericForeignKey]:
    return [f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)]


def _generic_target(row, link: GenericForeignKey) -> tuple[int, int] | None:
    """(content type id, object id) of the record a history row's generic link points to."""
    content_type_id = getattr(row, f"{link.ct_field}_id")
    object_id = getattr(row, link.fk_field)
    return None if content_type_id is None or object_id is None else (content_type_id, object_id)


def _generic_names(model: type[TrackedModel], rows: list) -> dict[tuple[int, int], str]:
    """The names of the records the history rows' generic links point to ("Position “…”"),
    one query per kind of record pointed to; a record deleted since is left out."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for link in _generic_links(model):
        for row in rows:
            target = _generic_target(row, link)
            if target is not None:
                wanted[target[0]].add(target[1])
    names = {}
    for content_type_id, ids in wanted.items():
        target_model = ContentType.objects.get_for_id(content_type_id).model_class()
        if target_model is None:  # a model since removed
            continue
        try:
            related = kind_of(target_model).name_related
        except LookupError:
            related = ()
        found = target_model._default_manager.select_related(*related).in_bulk(ids)
        label = capfirst(target_model._meta.verbose_name)
        for pk, record in found.items():
            names[(content_type_id, pk)] = f"{label} “{record}”"
    return names


def _generic_display(row, link: GenericForeignKey, linked: Mapping) -> str:
    target = _generic_target(row, link) if row is not None else None
    if target is None:
        return ""
    if target in linked:
        return linked[target]
    target_model = ContentType.objects.get_for_id(target[0]).model_class()
    return capfirst(_deleted_name(target_model, target[1])) if target_model else f"#{target[1]}"


def _field_changes(
    model: type[TrackedModel], entry, before, *, linked: Mapping | None = None
) -> list[FieldChange]:
    """What changed from `before` (None: the record was created) to `entry`, in field order;
    `linked` names the records generic links point to (`_generic_names`)."""
    if entry.history_type == "-":
        return []
    linked = linked or {}
    history = history_of(model).model
    m2m_fields = history._history_m2m_fields
    # A generic link's two columns are one value, shown where its content type is.
    generic = {
        name: link for link in _generic_links(model) for name in (link.ct_field, link.fk_field)
    }
    # A creation compares with nothing: a row whose every field is empty.
    base = before if before is not None else history(**dict.fromkeys(_attnames(history)))
    delta = entry.diff_against(
        base,
        excluded_fields=BOOKKEEPING | {f.name for f in m2m_fields} | set(generic),
        foreign_keys_are_objs=True,
    )
    by_field = {change.field: change for change in delta.changes}
    changes = []
    for model_field in model._meta.concrete_fields:
        link = generic.get(model_field.name)
        if link is not None:
            if model_field.name == link.ct_field:
                old = _generic_display(before, link, linked)
                new = _generic_display(entry, link, linked)
                if new != old:
                    changes.append(FieldChange(link.name, GENERIC_LABEL, old, new))
            continue
        change = by_field.get(model_field.name)
        if change is None or (before is None and change.new in (None, "")):
            continue
        changes.append(
            FieldChange(
                field=model_field.name,
                label=str(model_field.verbose_name),
                old=_display(model_field, change.old),
                new=_display(model_field, change.new),
            )
        )
    # simple-history compares snapshots with a query each; the prefetched ones cost none.
    for m2m_field in m2m_fields:
        new, old = _linked(entry, m2m_field), _linked(before, m2m_field)
        if new.keys() != old.keys():
            changes.append(
                FieldChange(
                    field=m2m_field.name,
                    label=str(m2m_field.verbose_name),
                    old="; ".join(sorted(old.values())),
                    new="; ".join(sorted(new.values())),
                )
            )
    return changes


def _attnames(history: type[models.Model]) -> list[str]:
    return [f.attname for f in history._meta.concrete_fields]


def _display(model_field: models.Field, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, DeletedObject):  # a related record deleted since
        return _deleted_name(value.model, value.pk) if value.pk is not None else ""
    if model_field.is_relation:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    return str(value)


def _deleted_name(model: type[models.Model], pk) -> str:
    return f"{model._meta.verbose_name} #{pk}"


def _linked(row, m2m_field: models.ManyToManyField) -> dict[int, str]:
    """The ids a history row's many-to-many snapshot links to, and those records' names."""
    if row is None:
        return {}
    target, record_model = m2m_field.m2m_reverse_field_name(), m2m_field.related_model
    links = getattr(row, _m2m_accessor(type(row), m2m_field)).all()  # prefetched
    names = {}
    for link in links:
        pk, record = getattr(link, f"{target}_id"), getattr(link, target)
        names[pk] = str(record) if record is not None else _deleted_name(record_model, pk)
    return names


def skip_history_of_raw_loads(sender, instance, raw: bool = False, **kwargs) -> None:
    """loaddata saves raw (no history), then sets many-to-many links, which simple-history
    would record as a change of a record that has no history yet. `populate_history` (run
    after loaddata) gives each loaded record its one initial entry instead.
    """
    if raw and isinstance(instance, TrackedModel):
        instance.skip_history_when_saving = True


def connect_signals() -> None:
    models.signals.post_save.connect(skip_history_of_raw_loads, dispatch_uid="history-raw")
