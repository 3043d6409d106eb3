"""The search index: one row per record, with its text and, on PostgreSQL, a stored tsvector."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """Kept in step with its record by `negotiations.search.index` (a GIN index on PostgreSQL)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    text = models.TextField()
    # Empty on SQLite, where search falls back to matching the text.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["content_type_id", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_unique_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"
