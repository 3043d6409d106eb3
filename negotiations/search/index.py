"""Full-text search: PostgreSQL's stored tsvector with a GIN index, plain matching on SQLite.

Every record with `indexed_fields` has one SearchDocument, written by the service layer
(negotiations.services) in the transaction that saves or deletes the record; fixture loads,
which bypass the services, are indexed by a receiver of their raw saves.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models
from django.db.models import Value
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
    """Narrow `queryset` to the records whose indexed text matches every word of `query`."""
    query = query.replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    if not query:
        return queryset
    documents = SearchDocument.objects.using(queryset.db).filter(
        content_type=ContentType.objects.db_manager(queryset.db).get_for_model(queryset.model)
    )
    if connections[queryset.db].vendor == "postgresql":
        documents = documents.filter(
            vector=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    else:
        for word in query.split():
            documents = documents.filter(text__icontains=word.strip('"'))
    return queryset.filter(pk__in=documents.values("object_id"))


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
