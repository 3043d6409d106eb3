"""A lossless backup of the whole dataset as one deterministic JSON file, and its restore.

Built on Django's serialization framework ("python" format, natural foreign keys for users and
content types), wrapped in an envelope:

    {"format": "negotiation-tracker-dataset", "version": 1, "history": true, "records": [...]}

Every record of the negotiations app is kept with its primary key, timestamps and revision, and
by default the change history too (``history_user`` written as the username). Left out, because
they are rebuilt: the search index (re-indexed as records load) and the timeline table.
The file holds nothing time-varying, so exporting the same data twice gives the same bytes.
"""

import datetime
import json
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connections, models, transaction
from django.db.models import Max
from simple_history.models import HistoricalChanges

from negotiations.models import SearchDocument, TimelineEntry, TimelineParty
from negotiations.models.kinds import stored_models
from negotiations.services.bulk import records_restore, tables_empty
from negotiations.services.timeline import timeline_rebuild

FORMAT = "negotiation-tracker-dataset"
VERSION = 1
# Derived data, rebuilt rather than restored.
EXCLUDED_MODELS = {"searchdocument", "timelineentry", "timelineparty"}


class DatasetError(Exception):
    """The file cannot be imported; nothing was written."""


@dataclass
class DatasetImport:
    counts: dict[str, int]
    # Usernames of history entries with no such user here; their history_user is left empty.
    unmatched_users: list[str] = field(default_factory=list)
    indexed: int = 0


def _is_history(model: type[models.Model]) -> bool:
    return issubclass(model, HistoricalChanges)


def dataset_models(*, history: bool = True) -> list[type[models.Model]]:
    """The app's stored models in dependency order: records first, then their history."""
    candidates = [
        model
        for model in stored_models()
        if model._meta.model_name not in EXCLUDED_MODELS and (history or not _is_history(model))
    ]
    # Records before history, then registry order: a stable tie-break keeps the file stable.
    candidates.sort(key=_is_history)
    ordered: list[type[models.Model]] = []
    while candidates:
        for model in candidates:
            needs = {
                f.related_model
                for f in [*model._meta.concrete_fields, *_auto_m2m_fields(model)]
                if f.is_relation and f.related_model is not model
            }
            if not needs & set(candidates):
                ordered.append(model)
                candidates.remove(model)
                break
        else:  # pragma: no cover - the schema has no foreign-key cycles
            raise RuntimeError(f"Foreign-key cycle among {candidates}")
    return ordered


def _auto_m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    # Links with an explicit model (VersionMeeting, DelegationMember) are records of their own.
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


class _LosslessEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def dataset_export(
    *, stream: TextIO, history: bool = True, using: str = "default"
) -> dict[str, int]:
    """Write every negotiations record (and its history) to `stream`; return counts by model."""
    counts: dict[str, int] = {}
    records: list[dict] = []
    for model in dataset_models(history=history):
        queryset = model._base_manager.using(using).order_by("pk")
        natural = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and hasattr(f.related_model, "natural_key")
        ]
        m2m = [f.name for f in _auto_m2m_fields(model)]
        # One query per model (plus one per link table), not one per record.
        rows = serializers.serialize(
            "python",
            queryset.select_related(*natural).prefetch_related(*m2m),
            use_natural_foreign_keys=True,
        )
        for row in rows:
            for name in m2m:
                row["fields"][name].sort()
        records.extend(rows)
        counts[model._meta.label_lower] = len(rows)
    envelope = {"format": FORMAT, "version": VERSION, "history": history, "records": records}
    stream.write(
        json.dumps(envelope, cls=_LosslessEncoder, ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )
    return counts


def _read(stream: TextIO) -> list[dict]:
    """Parse and check the envelope; every problem is a DatasetError, raised before any write."""
    try:
        data = json.loads(stream.read())
    except (ValueError, UnicodeDecodeError) as error:
        raise DatasetError(f"The file is not valid JSON (is it truncated?): {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise DatasetError(f"Not a negotiation-tracker dataset (format {found!r}, not {FORMAT!r}).")
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        raise DatasetError(
            f"Unsupported dataset version {version!r}; this tracker reads version {VERSION}."
        )
    records = data.get("records")
    if not isinstance(records, list):
        raise DatasetError("The dataset has no list of records.")
    allowed = {model._meta.label_lower for model in dataset_models()}
    for number, record in enumerate(records, start=1):
        if not (
            isinstance(record, dict)
            and record.get("model") in allowed
            and record.get("pk") is not None
            and isinstance(record.get("fields"), dict)
        ):
            raise DatasetError(
                f"Record {number} is not a negotiations record with a model, pk and fields."
            )
    return records


def _map_history_users(records: list[dict], using: str) -> list[str]:
    """Point history_user at the local user of that username, or leave it empty.

    Returns the usernames with no local user.
    """
    User = get_user_model()
    names = set()
    for record in records:
        value = record["fields"].get("history_user")
        if value is None:
            continue
        if not (isinstance(value, list) and len(value) == 1 and isinstance(value[0], str)):
            raise DatasetError(f"{record['model']} {record['pk']}: history_user is not [username].")
        names.add(value[0])
    local = dict(
        User._default_manager.using(using)
        .filter(**{f"{User.USERNAME_FIELD}__in": names})
        .values_list(User.USERNAME_FIELD, "pk")
    )
    for record in records:
        value = record["fields"].get("history_user")
        if value is not None:
            record["fields"]["history_user"] = local.get(value[0])
    return sorted(names - local.keys())


def _delete_all(ordered: list[type[models.Model]], using: str) -> None:
    # Whole tables, children first (the bulk variant of the write path: no "deleted" history).
    tables = [
        table
        for model in [SearchDocument, TimelineParty, TimelineEntry, *reversed(ordered)]
        for table in [
            *(f.remote_field.through._meta.db_table for f in _auto_m2m_fields(model)),
            model._meta.db_table,
        ]
    ]
    tables_empty(tables=tables, using=using)


def _sequences_reset(ordered: list[type[models.Model]], using: str) -> None:
    """Move every id sequence past the ids in use, and past the ids of deleted records.

    A deleted record's id lives on in its history (and in the deletions feed); handing it to a
    new record would splice two histories together.
    """
    connection = connections[using]
    with_links = [
        *ordered,
        *(f.remote_field.through for model in ordered for f in _auto_m2m_fields(model)),
    ]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), with_links):
            cursor.execute(sql)
        for model in ordered:
            history = getattr(model, "history", None)
            if _is_history(model) or history is None:
                continue
            ids = [
                history.model._base_manager.using(using).aggregate(top=Max("id"))["top"],
                model._base_manager.using(using).aggregate(top=Max("pk"))["top"],
            ]
            top = max((value for value in ids if value is not None), default=None)
            if top is None:
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [connection.ops.quote_name(table), model._meta.pk.column, top],
                )
            elif connection.vendor == "sqlite":
                # AUTOINCREMENT never hands out an id below sqlite_sequence's value.
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [top, table]
                )
                if not cursor.rowcount:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top]
                    )


def dataset_import(
    *, stream: TextIO, replace: bool = False, using: str = "default"
) -> DatasetImport:
    """Load a dataset file in one transaction; on any error nothing is written.

    Refuses a database that already holds negotiations records unless `replace`, which deletes
    them first. Resets the id sequences, re-indexes search and rebuilds the timeline table.
    """
    records = _read(stream)
    ordered = dataset_models()
    connection = connections[using]
    with transaction.atomic(using=using):
        unmatched = _map_history_users(records, using)
        if not replace and any(model._base_manager.using(using).exists() for model in ordered):
            raise DatasetError(
                "The database already holds negotiations records; "
                "import with --replace to delete them and load the file instead."
            )
        # Search documents are derived: each record's raw save is indexed as it loads.
        _delete_all(ordered if replace else [], using)
        counts = dict.fromkeys((model._meta.label_lower for model in ordered), 0)
        try:
            # The bulk variant of the write path: records as the file has them, raw.
            loaded = serializers.deserialize("python", records, using=using)
            counts.update(records_restore(objects=loaded, using=using))
            # PostgreSQL defers foreign-key checks to the commit; run them now, inside the
            # transaction, so a dangling reference fails here with a clear message.
            connection.check_constraints(table_names=[m._meta.db_table for m in ordered])
        except (
            DeserializationError,
            FieldDoesNotExist,
            ValidationError,
            DatabaseError,
            TypeError,
            ValueError,
        ) as error:
            raise DatasetError(f"The dataset cannot be loaded: {error}") from error
        _sequences_reset(ordered, using)
        timeline_rebuild(using=using)
        indexed = SearchDocument.objects.using(using).count()
    return DatasetImport(counts=counts, unmatched_users=unmatched, indexed=indexed)
