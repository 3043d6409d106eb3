"""The timeline: meetings, developments, statements and parties' stances on the options, in
one date order, as a table.

`TimelineEntry` rows (and their `TimelineParty` links) are written in the transaction of every
write that changes a meeting, a development, a statement, a delegation, a role, an option or a
stance on one, by negotiations.services.timeline. What a row holds is defined once, by the SQL
views `negotiations_timelinesource` and `negotiations_timelinepartysource` (migrations 0008,
0013), which the table is filled from: a write refreshes the rows it touches, `manage.py
timeline_rebuild` all.
"""

from django.db import models

from negotiations.models.actors import Party
from negotiations.models.base import DatePrecision


class TimelineKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    DEVELOPMENT = "development", "Development"
    STATEMENT = "statement", "Statement"
    OPTIONSTANCE = "optionstance", "Stance"


class TimelineColumns(models.Model):
    """What a timeline row says about its record, and where it sorts.

    Undated entries sort after dated ones ("date not reported"), except an undated round of
    talks, which sorts by the next dated round ("not later than"); within a date, by the
    meeting's place in the process, so the Geneva, Florida, Moscow order survives.
    """

    Kind = TimelineKind

    key = models.CharField(max_length=40, primary_key=True)  # "meeting-42"
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
        abstract = True
        ordering = ["sort_date", "sort_sequence", "kind", "object_id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class TimelineSource(TimelineColumns):
    """The SQL view that defines every timeline row; read only to fill the table."""

    class Meta(TimelineColumns.Meta):
        managed = False
        db_table = "negotiations_timelinesource"


class TimelinePartySource(models.Model):
    """The SQL view of which parties each entry involves: a meeting's delegations, a
    development's parties, the parties in which a statement's speaker holds or held a role, a
    stance's party."""

    key = models.CharField(max_length=40, primary_key=True)  # not unique: a row per party
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    object_id = models.BigIntegerField()
    party = models.ForeignKey(Party, on_delete=models.DO_NOTHING, related_name="+")

    class Meta:
        managed = False
        db_table = "negotiations_timelinepartysource"

    def __str__(self) -> str:
        return f"{self.key} with party {self.party_id}"


class TimelineEntry(TimelineColumns):
    """A row of the timeline, kept in step with its record."""

    # The cursor's position: sort_date, sort_sequence, kind and object_id as one string.
    sort_key = models.CharField(max_length=80)

    class Meta(TimelineColumns.Meta):
        verbose_name_plural = "timeline entries"
        constraints = [
            models.UniqueConstraint(fields=["sort_key"], name="timeline_sort_key_unique"),
            models.UniqueConstraint(fields=["kind", "object_id"], name="timeline_record_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=TimelineKind.values), name="timeline_kind_valid"
            ),
        ]
        # Each filter with the cursor's order, so a filtered page is an index range scan (a
        # date range is a range of sort_key itself: negotiations.timeline.filters).
        indexes = [
            models.Index(fields=["kind", "sort_key"], name="timeline_kind_sort_idx"),
            models.Index(fields=["status", "sort_key"], name="timeline_status_sort_idx"),
        ]


class TimelineParty(models.Model):
    """An entry's party, with the entry's sort key: a party's timeline is one index range."""

    entry = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, related_name="party_links")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="timeline_links")
    sort_key = models.CharField(max_length=80)

    class Meta:
        ordering = ["party", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "party"], name="timeline_party_unique"),
        ]
        indexes = [models.Index(fields=["party", "sort_key"], name="timeline_party_sort_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id} with party {self.party_id}"
