"""Bulk loading on PostgreSQL, as pg_restore does it: rows first, then indexes and foreign keys.

Checking a deferred foreign key row by row at commit, and growing a GIN index one document at a
time, cost more than the load itself; building each index once and validating each foreign key
with one query is several times faster. It all happens inside the load's transaction, so a
failed load leaves the schema as it was, and a recreated index or key still refuses bad rows.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import connection

FOREIGN_KEYS = """
    SELECT con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    WHERE con.contype = 'f' AND con.conrelid = ANY(%s::regclass[])
"""
# Indexes that back no primary key or unique constraint (those stay: they guard the load).
PLAIN_INDEXES = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = ANY(%s::regclass[])
      AND NOT EXISTS (
        SELECT 1 FROM pg_constraint con
        WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
      )
"""


def loaded_tables() -> list[str]:
    """The app's tables (records, their history, links, search documents), not its views."""
    models = apps.get_app_config("negotiations").get_models(include_auto_created=True)
    return sorted({model._meta.db_table for model in models if model._meta.managed})


@contextmanager
def indexes_built_after(tables: list[str]) -> Iterator[None]:
    """Drop the plain indexes and foreign keys of `tables`, and put them back afterwards."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(FOREIGN_KEYS, [tables])
        keys = cursor.fetchall()
        cursor.execute(PLAIN_INDEXES, [tables])
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def vacuum_analyze(tables: list[str]) -> None:
    """Fresh statistics and visibility maps (outside a transaction, as VACUUM requires)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
