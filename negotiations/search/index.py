"""Full-text search: PostgreSQL's stored tsvector with a GIN index, plain matching on SQLite.

Every record with `indexed_fields` has one SearchDocument, refreshed on save (fixture loads
included) and removed on delete.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models
from django.db.models import Value
from django.db.models.signals import post_delete, post_save

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


def _on_save(sender, instance, using, **kwargs) -> None:
    if getattr(sender, "indexed_fields", None):
        search_document_update(record=instance, using=using)


def _on_delete(sender, instance, using, **kwargs) -> None:
    if getattr(sender, "indexed_fields", None):
        SearchDocument.objects.using(using).filter(
            content_type=ContentType.objects.db_manager(using).get_for_model(sender),
            object_id=instance.pk,
        ).delete()


def connect_signals() -> None:
    # Raw saves (loaddata) send post_save too, so shipped fixtures are indexed as they load.
    post_save.connect(_on_save, dispatch_uid="negotiations.search.index.save")
    post_delete.connect(_on_delete, dispatch_uid="negotiations.search.index.delete")
