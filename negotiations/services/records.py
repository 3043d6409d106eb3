"""Create, change, delete and revert any tracked record: the one write path.

Every writer (the API, the admin, the imports) calls these. Each call is one transaction that
claims the record's next revision (checked against the revision the caller saw, if it gives
one), validates with full_clean (constraints included), records the history user and reason
that django-simple-history reads, saves, sets many-to-many links and refreshes the search index
and the timeline table (negotiations.services.timeline).
"""

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import router
from django.db.models import Model
from django.db.models.deletion import Collector

from negotiations.models.base import TrackedModel
from negotiations.search.index import search_document_update, search_documents_delete
from negotiations.services.scope import write_service
from negotiations.services.timeline import (
    Touched,
    timeline_refresh,
    timeline_touched,
    timeline_touched_stored,
)

T = TypeVar("T", bound=TrackedModel)


def history_stamp(record: Model, *, by: AbstractBaseUser | None, reason: str | None) -> None:
    """The user and reason simple-history writes on the record's next history entry."""
    if by is not None:  # None: simple-history's middleware names the request's user, if any
        record._history_user = by if by.is_authenticated else None
    if reason is not None:
        record._change_reason = reason


@write_service
def record_save(
    *,
    record: T,
    fields: Mapping[str, object] | None = None,
    m2m: Mapping[str, Iterable] | None = None,
    expected: int | None = None,
    by: AbstractBaseUser | None,
    reason: str | None = None,
) -> T:
    """Write `record`, new or stored, as it is in memory with `fields` set on it; `m2m` sets
    its many-to-many links.

    A stored record is first moved to its next revision, refused with RevisionConflict if it
    is no longer at `expected` (None: whatever it is at). The claim comes before any read, so
    SQLite takes its write lock first. ValidationError leaves nothing written.
    """
    if not record._state.adding:
        record.revision_claim(expected=expected)
    moved_from = timeline_touched_stored(record)
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    record.full_clean()
    history_stamp(record, by=by, reason=reason)
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    search_document_update(record=record)
    timeline_refresh(moved_from | timeline_touched([record]))
    return record


@write_service
def record_revert(
    *,
    record: T,
    history_id: int,
    expected: int | None = None,
    by: AbstractBaseUser | None,
    m2m: Mapping[str, Iterable] | None = None,
) -> T:
    """Write `record`, a historic copy (simple-history's `instance`), back as the current one.

    Its revision goes on from today's: the claim reads the stored number, so the API's ETag
    never repeats an earlier value.
    """
    reason = f"Reverted to history entry {history_id}"
    return record_save(record=record, expected=expected, by=by, reason=reason, m2m=m2m)


@write_service
def record_delete(
    *,
    record: TrackedModel,
    expected: int | None = None,
    by: AbstractBaseUser | None,
    reason: str | None = None,
) -> None:
    """Delete `record` and what cascades from it, with their search documents.

    With `expected`, the record must still be at that revision (RevisionConflict otherwise):
    the claim checks it and holds the row until the delete commits.
    """
    if expected is not None:
        record.revision_claim(expected=expected)
    history_stamp(record, by=by, reason=reason)
    using = router.db_for_write(type(record), instance=record)
    # Django's own delete, collected here so the cascade's search documents go with it.
    collector = Collector(using=using, origin=record)
    collector.collect([record])
    touched = Touched()
    for model, instances in collector.data.items():
        if getattr(model, "indexed_fields", ()):
            search_documents_delete(model=model, pks=[instance.pk for instance in instances])
        touched |= timeline_touched(instances)
    collector.delete()
    timeline_refresh(touched, using=using)


@write_service
def records_delete(
    *, records: Iterable[TrackedModel], by: AbstractBaseUser | None, reason: str | None = None
) -> int:
    """Delete each of `records` (each with its history entry); returns how many."""
    count = 0
    for record in records:
        record_delete(record=record, by=by, reason=reason)
        count += 1
    return count


@write_service
def records_set_status(
    *, records: Iterable[TrackedModel], status: str, by: AbstractBaseUser | None, reason: str
) -> int:
    """Give each record `status`, each change in the history with `by` and `reason`.

    Every record is validated first: if one is refused, none is changed.
    """
    records = list(records)
    for record in records:
        record.status = status
        record.full_clean()
    for record in records:
        record_save(record=record, by=by, reason=reason)
    return len(records)
