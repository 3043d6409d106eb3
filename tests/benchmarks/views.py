"""Bench-only views: the fastest the meetings page could be, and a request doing nothing."""

import orjson
from django.db import connection
from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50
# The string MeetingViewSet orders by (date, undated last, then id), computed. The meetings
# table persists it as negotiations_meeting.sort_key (unique, indexed), which the limit reads;
# the deep cursor (scenarios.deep_cursor_computed) still builds it this way, as the list's
# paginator does.
SORT_KEY = "COALESCE(m.date, '9999-12-31'::date)::varchar || '|' || LPAD(m.id::varchar, 20, '0')"

# The first page of /api/v1/meetings/ (same columns, same sort_key order, cf. MeetingViewSet)
# with each meeting's place and delegations (party id and name) in ONE query: the first 50 rows
# of the sort_key index.
LIMIT_SQL = """
WITH page AS (
    SELECT m.id, m.created_at, m.updated_at, m.revision, m.slug, m.title, m.date,
           m.date_precision, m.end_date, m.start_time, m.duration_minutes, m.status,
           m.place_id, m.summary, m.characterisation, m.sequence, m.sort_key
      FROM negotiations_meeting m
     ORDER BY m.sort_key
     LIMIT %s
)
SELECT page.id, page.created_at, page.updated_at, page.revision, page.slug, page.title,
       page.date, page.date_precision, page.end_date, page.start_time, page.duration_minutes,
       page.status, page.summary, page.characterisation, page.sequence,
       CASE WHEN pl.id IS NULL THEN NULL ELSE json_build_object(
           'id', pl.id,
           'name', concat_ws(', ', NULLIF(pl.venue, ''), NULLIF(pl.locality, ''),
                             NULLIF(pl.region, ''))
       ) END AS place,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', d.id, 'party', json_build_object('id', p.id, 'name', p.name)
                  ) ORDER BY p.name)
             FROM negotiations_delegation d
             JOIN negotiations_party p ON p.id = d.party_id
            WHERE d.meeting_id = page.id
       ), '[]'::json) AS delegations
  FROM page
  LEFT JOIN negotiations_place pl ON pl.id = page.place_id
 ORDER BY page.sort_key
"""


JSON_COLUMNS = {"place", "delegations"}


def _value(name: str, value):
    # Django's psycopg setup hands json columns back as text: embed them as they are.
    if name in JSON_COLUMNS and isinstance(value, str):
        return orjson.Fragment(value)
    return value


def limit_meetings(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(LIMIT_SQL, [PAGE_SIZE])
        names = [column.name for column in cursor.description]
        rows = [
            {name: _value(name, value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]
    body = orjson.dumps({"next": None, "previous": None, "results": rows})
    return HttpResponse(body, content_type="application/json")


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"{}", content_type="application/json")
