"""The timeline: meetings, developments and statements as one date-ordered SQL view."""

from django.db import models

from negotiations.models.base import DatePrecision


class TimelineEntry(models.Model):
    """A read-only row of the `negotiations_timelineentry` view (created in migration 0003).

    Undated entries sort after dated ones ("date not reported"); within a date, by their
    meeting's place in the process, so the Geneva, Florida, Moscow order survives.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        DEVELOPMENT = "development", "Development"
        STATEMENT = "statement", "Statement"

    key = models.CharField(max_length=40, primary_key=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    date = models.DateField(null=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices)
    sort_date = models.DateField()
    sort_sequence = models.BigIntegerField()
    title = models.TextField()
    status = models.CharField(max_length=20)
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "negotiations_timelineentry"
        ordering = ["sort_date", "sort_sequence", "kind", "object_id"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
