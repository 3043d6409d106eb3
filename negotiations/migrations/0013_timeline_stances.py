"""Parties' stances on the options join the timeline: a kind of entry per stance.

Each stance is an entry dated by its `as_of` (undated ones last, "date not reported", as
undated developments), titled by the stance on the option ("Unacceptable (a red line):
Restrictions on Ukraine joining NATO"), its value as the row's status, and listed under its
party. The two views that define the rows gain an arm each; the stances already recorded are
copied into the table from them.
"""

import importlib

from django.db import migrations, models

TIMELINE = importlib.import_module("negotiations.migrations.0008_timeline_table")

# The stance's label as OptionStanceValue has it when this migration is written.
STANCE_TITLE = """
       CASE st.stance
           WHEN 'acceptable' THEN 'Acceptable'
           WHEN 'conditional' THEN 'Acceptable with conditions'
           WHEN 'unacceptable' THEN 'Unacceptable (a red line)'
           ELSE 'Unknown'
       END || ': ' || o.title"""

SOURCE_VIEW = (
    TIMELINE.SOURCE_VIEW.rstrip()
    + f"""
UNION ALL
SELECT 'optionstance-' || st.id, 'optionstance', st.id,
       st.as_of, st.as_of_precision, COALESCE(st.as_of, '9999-12-31'), 2147483647,{STANCE_TITLE},
       st.stance, st.updated_at
  FROM negotiations_optionstance st JOIN negotiations_option o ON o.id = st.option_id
"""
)

PARTY_VIEW = (
    TIMELINE.PARTY_VIEW.rstrip()
    + """
UNION ALL
SELECT 'optionstance-' || st.id, 'optionstance', st.id, st.party_id
  FROM negotiations_optionstance st
"""
)

DROP_VIEWS = [
    "DROP VIEW IF EXISTS negotiations_timelinepartysource",
    "DROP VIEW IF EXISTS negotiations_timelinesource",
]


def fill(apps, schema_editor):
    """The stances' rows and party links, copied from the views as 0008 copied the rest."""
    vendor = schema_editor.connection.vendor
    pad, text = TIMELINE.PAD[vendor].format, TIMELINE.TEXT[vendor].format
    entry_key = " || '|' || ".join(
        [text("sort_date"), pad("sort_sequence"), "kind", pad("object_id")]
    )
    columns = (
        "key, kind, object_id, date, date_precision, sort_date, sort_sequence, title, status, "
        "updated_at"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO negotiations_timelineentry ({columns}, sort_key) "
            f"SELECT {columns}, {entry_key} FROM negotiations_timelinesource "
            "WHERE kind = 'optionstance'"
        )
        cursor.execute(
            "INSERT INTO negotiations_timelineparty (entry_id, party_id, sort_key) "
            "SELECT p.key, p.party_id, e.sort_key FROM negotiations_timelinepartysource p "
            "JOIN negotiations_timelineentry e ON e.key = p.key WHERE p.kind = 'optionstance'"
        )


def empty(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        if postgres:  # checked now: PostgreSQL alters no table with deferred checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "DELETE FROM negotiations_timelineparty WHERE entry_id IN "
            "(SELECT key FROM negotiations_timelineentry WHERE kind = 'optionstance')"
        )
        cursor.execute("DELETE FROM negotiations_timelineentry WHERE kind = 'optionstance'")
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


KINDS = ["meeting", "development", "statement", "optionstance"]
KIND_CHOICES = [*TIMELINE.KIND_CHOICES, ("optionstance", "Stance")]


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0012_options")]

    operations = [
        # SQLite remakes the table to change its constraint; the views go first and come back
        # after, with their new arms (0008). A later migration that alters a table the views
        # read (meetings, developments, statements, delegations, roles, options, stances) must
        # do the same.
        migrations.RunSQL(DROP_VIEWS, [TIMELINE.SOURCE_VIEW, TIMELINE.PARTY_VIEW]),
        migrations.RemoveConstraint(model_name="timelineentry", name="timeline_kind_valid"),
        migrations.AlterField(
            model_name="timelineentry",
            name="kind",
            field=models.CharField(choices=KIND_CHOICES, max_length=20),
        ),
        migrations.AddConstraint(
            model_name="timelineentry",
            constraint=models.CheckConstraint(
                condition=models.Q(kind__in=KINDS), name="timeline_kind_valid"
            ),
        ),
        migrations.RunSQL([SOURCE_VIEW, PARTY_VIEW], DROP_VIEWS),
        migrations.RunPython(fill, empty),
    ]
