"""The timeline becomes a table kept in step with every write (issue 14).

The view that defined the timeline stays, renamed `negotiations_timelinesource`: it is the one
definition of a row, which the write path and `timeline_rebuild` copy rows from. A second view
names each entry's parties. Meetings get a persisted `sort_key`, the meetings list's order.
"""

import django.db.models.deletion
from django.db import migrations, models

SOURCE_VIEW = """
CREATE VIEW negotiations_timelinesource AS
WITH later AS (
    -- The earliest date among meetings later in the process, as a running minimum from the
    -- last meeting backwards: one pass, where a correlated subquery per undated meeting (and
    -- a frame that ends, rather than starts, unbounded) costs O(n^2).
    SELECT id,
           MIN(date) OVER (
               ORDER BY sequence DESC
               RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
           ) AS next_date
      FROM negotiations_meeting
     WHERE sequence IS NOT NULL
),
meeting_sort AS (
    SELECT m.id,
           COALESCE(m.date, later.next_date, '9999-12-31') AS sort_date,
           COALESCE(m.sequence, 2147483647) AS sort_sequence
      FROM negotiations_meeting m LEFT JOIN later ON later.id = m.id
)
SELECT 'meeting-' || m.id AS key, 'meeting' AS kind, m.id AS object_id,
       m.date, m.date_precision, ms.sort_date, ms.sort_sequence,
       m.title, m.status, m.updated_at
  FROM negotiations_meeting m JOIN meeting_sort ms ON ms.id = m.id
UNION ALL
SELECT 'development-' || d.id, 'development', d.id,
       d.date, d.date_precision, COALESCE(d.date, '9999-12-31'), 2147483647,
       d.title, '', d.updated_at
  FROM negotiations_development d
UNION ALL
SELECT 'statement-' || s.id, 'statement', s.id,
       s.date, s.date_precision, COALESCE(s.date, ms.sort_date, '9999-12-31'),
       COALESCE(ms.sort_sequence, 2147483647),
       SUBSTR(s.text, 1, 200), '', s.updated_at
  FROM negotiations_statement s LEFT JOIN meeting_sort ms ON ms.id = s.meeting_id
"""

PARTY_VIEW = """
CREATE VIEW negotiations_timelinepartysource AS
SELECT 'meeting-' || d.meeting_id AS key, 'meeting' AS kind, d.meeting_id AS object_id,
       d.party_id
  FROM negotiations_delegation d
UNION ALL
SELECT 'development-' || dp.development_id, 'development', dp.development_id, dp.party_id
  FROM negotiations_development_parties dp
UNION ALL
SELECT DISTINCT 'statement-' || s.id, 'statement', s.id, r.party_id
  FROM negotiations_statement s JOIN negotiations_role r ON r.person_id = s.person_id
 WHERE r.party_id IS NOT NULL
"""

# The sort keys, as negotiations.timeline.selectors.ordering_key builds them, in each
# database's SQL (a migration does not run today's Python against yesterday's tables).
PAD = {
    "postgresql": "lpad(({})::text, 20, '0')",
    "sqlite": "substr('00000000000000000000' || ({}), -20, 20)",
}
TEXT = {"postgresql": "({})::text", "sqlite": "({})"}


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    pad, text = PAD[vendor].format, TEXT[vendor].format
    meeting_key = text("COALESCE(date, '9999-12-31')") + " || '|' || " + pad("id")
    entry_key = " || '|' || ".join(
        [text("sort_date"), pad("sort_sequence"), "kind", pad("object_id")]
    )
    columns = (
        "key, kind, object_id, date, date_precision, sort_date, sort_sequence, title, status, "
        "updated_at"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE negotiations_meeting SET sort_key = {meeting_key}")
        cursor.execute(
            f"INSERT INTO negotiations_timelineentry ({columns}, sort_key) "
            f"SELECT {columns}, {entry_key} FROM negotiations_timelinesource"
        )
        cursor.execute(
            "INSERT INTO negotiations_timelineparty (entry_id, party_id, sort_key) "
            "SELECT p.key, p.party_id, e.sort_key FROM negotiations_timelinepartysource p "
            "JOIN negotiations_timelineentry e ON e.key = p.key"
        )


KIND_CHOICES = [
    ("meeting", "Meeting"),
    ("development", "Development"),
    ("statement", "Statement"),
]
PRECISION_CHOICES = [
    ("day", "Day"),
    ("week", "Week"),
    ("month", "Month"),
    ("unknown", "Not reported"),
]


def columns():
    return [
        ("key", models.CharField(max_length=40, primary_key=True, serialize=False)),
        ("kind", models.CharField(choices=KIND_CHOICES, max_length=20)),
        ("object_id", models.BigIntegerField()),
        ("date", models.DateField(null=True)),
        ("date_precision", models.CharField(choices=PRECISION_CHOICES, max_length=10)),
        ("sort_date", models.DateField()),
        ("sort_sequence", models.BigIntegerField()),
        ("title", models.TextField()),
        ("status", models.CharField(max_length=20)),
        ("updated_at", models.DateTimeField()),
    ]


ORDERING = ["sort_date", "sort_sequence", "kind", "object_id"]


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0007_role_holder_or_party")]

    operations = [
        # SQLite remakes a table to add a column, which a view reading it forbids: the views
        # go first and come back after. (A later migration that alters a table the views read,
        # meetings, developments, statements, delegations or roles, must do the same.)
        migrations.RunSQL(
            "DROP VIEW IF EXISTS negotiations_timelineentry",
            SOURCE_VIEW.replace("negotiations_timelinesource", "negotiations_timelineentry"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["sort_key"], name="meeting_sort_key_idx"),
        ),
        migrations.RunSQL(
            [SOURCE_VIEW, PARTY_VIEW],
            [
                "DROP VIEW IF EXISTS negotiations_timelinepartysource",
                "DROP VIEW IF EXISTS negotiations_timelinesource",
            ],
        ),
        # The unmanaged model of the old view goes (no SQL), a table of the same name comes.
        migrations.DeleteModel(name="TimelineEntry"),
        migrations.CreateModel(
            name="TimelineSource",
            fields=columns(),
            options={
                "db_table": "negotiations_timelinesource",
                "ordering": ORDERING,
                "abstract": False,
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="TimelinePartySource",
            fields=[
                ("key", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("kind", models.CharField(choices=KIND_CHOICES, max_length=20)),
                ("object_id", models.BigIntegerField()),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.party",
                    ),
                ),
            ],
            options={"db_table": "negotiations_timelinepartysource", "managed": False},
        ),
        migrations.CreateModel(
            name="TimelineEntry",
            fields=[*columns(), ("sort_key", models.CharField(max_length=80))],
            options={
                "ordering": ORDERING,
                "abstract": False,
                "verbose_name_plural": "timeline entries",
                "constraints": [
                    models.UniqueConstraint(fields=("sort_key",), name="timeline_sort_key_unique"),
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="timeline_record_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(kind__in=["meeting", "development", "statement"]),
                        name="timeline_kind_valid",
                    ),
                ],
                "indexes": [
                    models.Index(fields=["kind", "sort_key"], name="timeline_kind_sort_idx"),
                    models.Index(fields=["status", "sort_key"], name="timeline_status_sort_idx"),
                ],
            },
        ),
        migrations.CreateModel(
            name="TimelineParty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_key", models.CharField(max_length=80)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="party_links",
                        to="negotiations.timelineentry",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="timeline_links",
                        to="negotiations.party",
                    ),
                ),
            ],
            options={
                "ordering": ["party", "sort_key"],
                "indexes": [
                    models.Index(fields=["party", "sort_key"], name="timeline_party_sort_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("entry", "party"), name="timeline_party_unique")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
