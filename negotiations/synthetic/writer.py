"""Batched writes of generated rows, with their first history entry and search document.

Ids are assigned here (after the largest id already stored), so rows can go to the database
without a round trip for their keys: PostgreSQL gets them through COPY, SQLite through
`executemany`. Only the current batch is held in memory.
"""

import datetime
import json
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from negotiations.models import SearchDocument
from negotiations.search.index import document_text
from negotiations.services.bulk import rows_insert, search_vectors_fill
from negotiations.synthetic.progress import Progress

# On SQLite these go through Django's adapters (text dates, naive UTC datetimes, JSON text).
_SQLITE_PREPARED = {"DateField", "DateTimeField", "TimeField", "DecimalField", "JSONField"}


def _next_id(model: type[models.Model], field: str = "pk") -> int:
    return (model._default_manager.aggregate(top=Max(field))["top"] or 0) + 1


class Table:
    """Rows of one table, in a fixed column order, flushed every `batch_size` rows."""

    def __init__(self, sink: "Sink", model: type[models.Model], *, pk: str = "id") -> None:
        self.sink = sink
        self.model = model
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.preps: list[Callable[[Any], Any] | None] = [self._prep(f) for f in fields]
        self.rows: list[tuple] = []
        self.next_id = _next_id(model, pk)
        self.first_id = self.next_id
        sink.tables.append(self)

    def _prep(self, field: models.Field) -> Callable[[Any], Any] | None:
        kind = field.get_internal_type()
        if self.sink.postgres:
            return json.dumps if kind == "JSONField" else None
        if kind in _SQLITE_PREPARED:
            return lambda value, field=field: field.get_db_prep_save(value, connection)
        return None

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, values: dict[str, Any]) -> None:
        row = tuple(
            values[name] if name in values else self.defaults[name] for name in self.attnames
        )
        if any(self.preps):
            row = tuple(
                prep(value) if prep and value is not None else value
                for prep, value in zip(self.preps, row, strict=True)
            )
        self.rows.append(row)
        if len(self.rows) >= self.sink.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.sink.write(self.model._meta.db_table, self.columns, self.rows)
            self.rows = []


class Records:
    """A tracked model's rows plus their "+" history entries, m2m links and search documents."""

    def __init__(self, sink: "Sink", model: type[models.Model]) -> None:
        self.sink = sink
        self.model = model
        self.main = Table(sink, model)
        self.history = Table(sink, model.history.model, pk="history_id")
        self.links: dict[str, tuple[Table, Table, str, str]] = {}
        for field in model.history.model._history_m2m_fields:
            through = field.remote_field.through
            m2m_history = model.history.model._meta.get_field(
                f"{model.history.model._meta.model_name}_{field.name}"
            ).related_model
            self.links[field.name] = (
                Table(sink, through),
                Table(sink, m2m_history, pk="m2m_history_id"),
                field.m2m_column_name(),
                field.m2m_reverse_name(),
            )
        self.content_type = ContentType.objects.get_for_model(model)
        self.indexed = tuple(getattr(model, "indexed_fields", ()))
        self.count = 0

    @property
    def first_id(self) -> int:
        return self.main.first_id

    @property
    def last_id(self) -> int:
        return self.main.next_id - 1

    def add(self, values: dict[str, Any], **links: Iterable[int]) -> int:
        """Store one record created at `values["created_at"]`; returns its id."""
        pk = values["id"] = self.main.take_id()
        created = values["created_at"]
        values.setdefault("updated_at", created)  # the revision is the field's default, 1
        self.main.add(values)
        history_id = self.history.take_id()
        self.history.add(
            {
                **values,
                "history_id": history_id,
                "history_date": created,
                "history_change_reason": self.sink.reason,
                "history_type": "+",
                "history_user_id": None,
            }
        )
        for name, others in links.items():
            through, m2m_history, own, other = self.links[name]
            for other_id in others:
                link_id = through.take_id()
                through.add({"id": link_id, own: pk, other: other_id})
                m2m_history.add(
                    {
                        "m2m_history_id": m2m_history.take_id(),
                        "id": link_id,
                        "history_id": history_id,
                        own: pk,
                        other: other_id,
                    }
                )
        if self.indexed:
            self.sink.documents.add(
                {
                    "id": self.sink.documents.take_id(),
                    "content_type_id": self.content_type.pk,
                    "object_id": pk,
                    "text": document_text(SimpleNamespace(indexed_fields=self.indexed, **values)),
                }
            )
        self.count += 1
        self.sink.progress.advance()
        return pk


class Sink:
    """Where every generated row goes; `finish()` writes what is left and tidies the database."""

    def __init__(self, *, batch_size: int, reason: str, progress: Progress) -> None:
        self.batch_size = batch_size
        self.reason = reason
        self.progress = progress
        self.postgres = connection.vendor == "postgresql"
        self.tables: list[Table] = []
        self.documents = Table(self, SearchDocument)
        self.indexed_types: list[ContentType] = []

    def records(self, model: type[models.Model]) -> Records:
        records = Records(self, model)
        if records.indexed:
            self.indexed_types.append(records.content_type)
        return records

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        # The bulk variant of the write path (COPY on PostgreSQL), documented in services/bulk.py.
        rows_insert(table=table, columns=columns, rows=rows)

    def flush(self) -> None:
        for table in self.tables:
            table.flush()
        self.documents.flush()

    def index(self) -> None:
        """Compute the search vectors, one set-based UPDATE per kind of record (PostgreSQL)."""
        if self.postgres:
            search_vectors_fill(content_types=self.indexed_types)

    def models(self) -> list[type[models.Model]]:
        return [table.model for table in self.tables] + [SearchDocument]

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.models())
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def stamp(rng, ordinal: int | None, low: int, high: int) -> datetime.datetime:
    """When a record was entered: soon after the day it is about, else any day in the range."""
    base = ordinal + rng.randint(0, 20) if ordinal else rng.randint(low, high)
    moment = datetime.datetime.fromordinal(base).replace(tzinfo=datetime.UTC)
    return moment + datetime.timedelta(seconds=rng.randint(0, 86_399))
