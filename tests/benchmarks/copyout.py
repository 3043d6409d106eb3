"""The CSV of all meetings against PostgreSQL's own COPY of the same rows.

`/api/v1/meetings/?format=csv` (measured in exports.py) in rows per second, against
`COPY (SELECT <the CSV's columns>) TO STDOUT (FORMAT csv, HEADER)` read through psycopg's
`cursor.copy()` from the same database: what the download costs over the database writing the
same file itself. The SELECT builds each column the way the CSV flattens it
(negotiations/exports/csv.py) as far as SQL does it simply: related records by name, a delegation
as "Party: Person (head), Person (member)", lists joined by "; ", citations as their sources'
distinct titles, timestamps as DRF writes them, in the list's order (sort_key). Not reproduced:
the formula guard (a leading apostrophe on a cell starting with =, +, -, @), which the synthetic
data never triggers; at scale 0.02 every cell matched the download's.
"""

import statistics
import time

import psycopg

# The columns in the CSV's order (its header row; compared with the download's when measured).
COLUMNS = [
    "id",
    "url",
    "html_url",
    "revision",
    "created_at",
    "updated_at",
    "slug",
    "title",
    "date",
    "date_precision",
    "date_display",
    "end_date",
    "start_time",
    "duration_minutes",
    "status",
    "date_passed",
    "place",
    "summary",
    "characterisation",
    "sequence",
    "delegations",
    "framework_versions",
    "citations",
    "disputed_fields",
]

ORIGIN = "http://127.0.0.1"  # the host the bench's requests name


def _iso(column: str) -> str:
    """A timestamp as DRF writes it: ISO 8601 in UTC, microseconds only when there are any."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"""to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
        f" || CASE WHEN to_char({utc}, 'US') = '000000' THEN ''"
        f" ELSE '.' || to_char({utc}, 'US') END"
        " || 'Z'"
    )


SELECT = f"""
SELECT m.id,
       '{ORIGIN}/api/v1/meetings/' || m.id || '/' AS url,
       '{ORIGIN}/meetings/' || m.slug || '/' AS html_url,
       m.revision, {_iso("m.created_at")} AS created_at, {_iso("m.updated_at")} AS updated_at,
       m.slug, m.title, m.date, m.date_precision,
       CASE WHEN m.date IS NULL THEN 'date not reported'
            WHEN m.date_precision = 'day' THEN to_char(m.date, 'FMDD Mon YYYY')
            WHEN m.date_precision = 'week' THEN 'week of ' || to_char(m.date, 'FMDD Mon YYYY')
            WHEN m.date_precision = 'month' THEN to_char(m.date, 'FMMonth YYYY')
            ELSE 'date not reported' END AS date_display,
       m.end_date, m.start_time, m.duration_minutes, m.status,
       CASE WHEN m.status = 'scheduled' AND COALESCE(
                m.end_date,
                CASE m.date_precision WHEN 'day' THEN m.date
                                      WHEN 'week' THEN m.date + 6
                                      WHEN 'month' THEN (date_trunc('month', m.date)
                                                         + interval '1 month - 1 day')::date
                END) < current_date
            THEN 'true' ELSE 'false' END AS date_passed,
       concat_ws(', ', NULLIF(pl.venue, ''), NULLIF(pl.locality, ''), NULLIF(pl.region, ''))
           AS place,
       m.summary, m.characterisation, m.sequence,
       (SELECT string_agg(CASE WHEN team.members IS NULL THEN p.name
                               ELSE p.name || ': ' || team.members END,
                          '; ' ORDER BY p.name, d.id)
          FROM negotiations_delegation d
          JOIN negotiations_party p ON p.id = d.party_id
          LEFT JOIN LATERAL (
               SELECT string_agg(pe.name || ' (' || dm.role || ')', ', ' ORDER BY pe.name, dm.id)
                      AS members
                 FROM negotiations_delegationmember dm
                 JOIN negotiations_person pe ON pe.id = dm.person_id
                WHERE dm.delegation_id = d.id
          ) AS team ON true
         WHERE d.meeting_id = m.id) AS delegations,
       (SELECT string_agg(f.title || ': ' || v.label, '; ' ORDER BY f.title, v.date, v.id)
          FROM negotiations_versionmeeting vm
          JOIN negotiations_frameworkversion v ON v.id = vm.version_id
          JOIN negotiations_framework f ON f.id = v.framework_id
         WHERE vm.meeting_id = m.id) AS framework_versions,
       (SELECT string_agg(titles.title, '; ' ORDER BY titles.first)
          FROM (SELECT s.title, min(c.id) AS first
                  FROM negotiations_citation c
                  JOIN negotiations_source s ON s.id = c.source_id
                 WHERE c.content_type_id = ct.id AND c.object_id = m.id
                 GROUP BY s.title) AS titles) AS citations,
       (SELECT string_agg(facts.field || ' (' || CASE WHEN facts.settled
                 THEN 'settled, 1 of ' || facts.accounts || ' accounts accepted'
                 ELSE 'disputed, ' || facts.accounts || ' accounts' END || ')',
                 '; ' ORDER BY facts.field)
          FROM (SELECT a.field, count(*) AS accounts,
                       count(DISTINCT a.value_text) AS values_given,
                       bool_or(a.accepted_at IS NOT NULL) AS settled
                  FROM negotiations_account a
                 WHERE a.content_type_id = ct.id AND a.object_id = m.id
                 GROUP BY a.field) AS facts
         WHERE facts.values_given > 1) AS disputed_fields
  FROM negotiations_meeting m
  LEFT JOIN negotiations_place pl ON pl.id = m.place_id
 CROSS JOIN (SELECT id FROM django_content_type
              WHERE app_label = 'negotiations' AND model = 'meeting') AS ct
 ORDER BY m.sort_key
"""

COPY = f"COPY ({SELECT}) TO STDOUT (FORMAT csv, HEADER)"


def copy_once(connection: psycopg.Connection) -> dict:
    """One COPY, read to its last byte: seconds (from sending it), rows, bytes."""
    size = 0
    with connection.cursor() as cursor:
        started = time.perf_counter()
        with cursor.copy(COPY) as copy:
            for data in copy:
                size += len(data)
        elapsed = time.perf_counter() - started
        rows = cursor.rowcount
    return {"total_s": elapsed, "rows": rows, "bytes": size}


def measure(database_url: str, *, repeat: int) -> dict:
    """`repeat` COPYs on one connection (after one unmeasured, as the CSV's workers are warm)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        copy_once(connection)
        runs = [copy_once(connection) for _ in range(repeat)]
    total = statistics.median(run["total_s"] for run in runs)
    rows = runs[0]["rows"]
    return {
        "rows": rows,
        "total_s": round(total, 3),
        "mb": round(runs[0]["bytes"] / 1e6, 2),
        "rows_per_s": round(rows / total, 1) if total else None,
        "runs": [round(run["total_s"], 3) for run in runs],
    }


def compare(csv_export: dict, copy: dict, header: list[str] | None) -> dict:
    """The download against the COPY: rows per second each, their ratio, the worker's peak."""
    result = {"copy": copy, "columns": COLUMNS}
    if header is not None and header != COLUMNS:
        result["columns_differ"] = {"csv": header, "copy": COLUMNS}
    if csv_export.get("status") != 200 or not csv_export.get("total_s"):
        result["csv"] = {"status": csv_export.get("status")}
        return result
    rows = csv_export.get("rows")
    csv_rate = rows / csv_export["total_s"] if rows is not None else None
    result["csv"] = {
        "rows": rows,
        "total_s": csv_export["total_s"],
        "mb": csv_export["mb"],
        "rows_per_s": None if csv_rate is None else round(csv_rate, 1),
        "peak_rss_mb": csv_export["peak_rss_mb"],
    }
    if csv_rate is not None and copy["rows_per_s"]:
        result["ratio"] = round(csv_rate / copy["rows_per_s"], 3)
    return result
