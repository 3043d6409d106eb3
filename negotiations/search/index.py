"""Full-text search: PostgreSQL's stored tsvector with a GIN index, plain matching on SQLite.

Every record with `indexed_fields` has one SearchDocument, written by the service layer
(negotiations.services) in the transaction that saves or deletes the record; fixture loads,
which bypass the services, are indexed by a receiver of their raw saves.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models
from django.db.models import Q, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.signals import post_save

from negotiations.models import SearchDocument
from negotiations.models.base import TrackedModel

SEARCH_CONFIG = "english"


def document_text(record: TrackedModel) -> str:
    parts = []
    for name in record.indexed_fields:
        value = getattr(record, name)
        parts.extend(value if isinstance(value, list) else [value])
    return "\n".join(str(part) for part in parts if part)


def search_document_update(*, record: TrackedModel, using: str = "default") -> None:
    """Write the record's text (and, on PostgreSQL, its vector) into the index."""
    if not record.indexed_fields:
        return
    text = document_text(record)
    defaults: dict = {"text": text}
    if connections[using].vendor == "postgresql":
        defaults["vector"] = SearchVector(Value(text), config=SEARCH_CONFIG)
    SearchDocument.objects.using(using).update_or_create(
        content_type=ContentType.objects.db_manager(using).get_for_model(record),
        object_id=record.pk,
        defaults=defaults,
    )


def search_filter(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """Narrow `queryset` to the records whose indexed text matches every word of `query`, or
    one of whose context records' text does (the model's `search_context`: a position is found
    by its issue's title, a statement by its speaker's name or party).

    Each document is matched on its own, so each lookup reads the GIN index on PostgreSQL; the
    context is read through the relations at query time, so no document goes stale when a
    related record changes.
    """
    query = query.replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    if not query:
        return queryset
    model, using = queryset.model, queryset.db
    found = Q(pk__in=_matching(model, query, using))
    for path in getattr(model, "search_context", ()):
        related = _context_model(model, path)
        if LOOKUP_SEP in path:  # through other tables: one row per record, however many paths
            through = model._base_manager.using(using).filter(
                **{f"{path}__in": _matching(related, query, using)}
            )
            found |= Q(pk__in=through.values("pk"))
        else:
            found |= Q(**{f"{path}__in": _matching(related, query, using)})
    return queryset.filter(found)


def _matching(model: type[models.Model], query: str, using: str) -> models.QuerySet:
    """The ids of the records of `model` whose own document matches `query`."""
    documents = SearchDocument.objects.using(using).filter(
        content_type=ContentType.objects.db_manager(using).get_for_model(model)
    )
    if connections[using].vendor == "postgresql":
        documents = documents.filter(
            vector=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    else:
        for word in query.split():
            documents = documents.filter(text__icontains=word.strip('"'))
    return documents.values("object_id")


def _context_model(model: type[models.Model], path: str) -> type[models.Model]:
    """The (indexed) model at the end of the relation `path` from `model`."""
    for name in path.split(LOOKUP_SEP):
        model = model._meta.get_field(name).related_model
    return model


def search_documents_delete(
    *, model: type[TrackedModel], pks: list, using: str = "default"
) -> None:
    SearchDocument.objects.using(using).filter(
        content_type=ContentType.objects.db_manager(using).get_for_model(model),
        object_id__in=pks,
    ).delete()


def _on_raw_save(sender, instance, using, raw: bool = False, **kwargs) -> None:
    # Only loaddata's raw saves: every other write indexes in its service call.
    if raw and getattr(sender, "indexed_fields", None):
        search_document_update(record=instance, using=using)


def connect_signals() -> None:
    # loaddata (the shipped fixtures, `make run`, the tests) saves raw, bypassing the services.
    post_save.connect(_on_raw_save, dispatch_uid="negotiations.search.index.raw-save")
