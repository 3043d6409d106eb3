"""The timeline view's "not later than" date of an undated meeting in one window pass."""

from django.db import migrations

OLD_VIEW = """
CREATE VIEW negotiations_timelineentry AS
WITH meeting_sort AS (
    SELECT m.id,
           COALESCE(
               m.date,
               (SELECT MIN(n.date) FROM negotiations_meeting n
                 WHERE n.sequence > m.sequence AND n.date IS NOT NULL),
               '9999-12-31'
           ) AS sort_date,
           COALESCE(m.sequence, 2147483647) AS sort_sequence
      FROM negotiations_meeting m
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
NEW_VIEW = """
CREATE VIEW negotiations_timelineentry AS
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
DROP = "DROP VIEW IF EXISTS negotiations_timelineentry"


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0005_m2m_history")]

    operations = [
        migrations.RunSQL([DROP, NEW_VIEW], [DROP, OLD_VIEW]),
    ]
