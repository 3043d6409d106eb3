"""The bulk variant of the write path: whole tables of rows, for restores and synthetic data.

Row by row, the services in records.py cost several queries per record; a restore of a backup
or a million synthetic records cannot pay that. These write rows as given, in the caller's
transaction, and leave to the caller what the per-record services do themselves:
- revision and timestamps are the rows' own (a restore keeps them; new rows start at 1);
- the history rows are written as rows too (from the file, or each record's first entry);
- full_clean is not run: the rows come from a backup of valid records or from the generator,
  and the database's constraints still hold;
- search documents: a restore's raw saves are indexed as they load (the raw-save receiver in
  negotiations.search.index), the generator writes its documents as rows.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.core.serializers.base import DeserializedObject
from django.db import connections

from negotiations.models import SearchDocument
from negotiations.search.index import SEARCH_CONFIG
from negotiations.services.scope import write_service


@write_service
def rows_insert(
    *, table: str, columns: list[str], rows: list[tuple], using: str = "default"
) -> None:
    """Insert `rows` into `table`: PostgreSQL's COPY, executemany elsewhere."""
    connection = connections[using]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


@write_service
def search_vectors_fill(*, content_types: Iterable[ContentType]) -> None:
    """Compute the vectors of search documents written as rows (PostgreSQL): one set-based
    UPDATE per kind of record."""
    for content_type in content_types:
        SearchDocument.objects.filter(content_type=content_type, vector__isnull=True).update(
            vector=SearchVector("text", config=SEARCH_CONFIG)
        )


@write_service
def tables_empty(*, tables: Iterable[str], using: str = "default") -> None:
    """Plain DELETEs of whole tables, in the order given (children first): no cascade
    collection, no signals, no "deleted" history entries."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@write_service
def records_restore(*, objects: Iterable[DeserializedObject], using: str = "default") -> dict:
    """Save deserialized records as they are (raw: ids, revisions, timestamps kept), without
    history entries (the file has them); returns counts by model label."""
    counts: dict[str, int] = {}
    for loaded in objects:
        # The history comes from the file; linking m2m rows must not add entries.
        loaded.object.skip_history_when_saving = True
        loaded.save(using=using, force_insert=True)
        label = loaded.object._meta.label_lower
        counts[label] = counts.get(label, 0) + 1
    return counts
