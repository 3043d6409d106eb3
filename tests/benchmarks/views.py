"""Bench-only views: the fastest the meetings page could be, and a request doing nothing."""

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import HttpRequest, HttpResponse

from negotiations.models import Meeting

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


# The same first page with everything the API's page embeds, in ONE query: each delegation's
# head and members (people by name), the framework versions, the citations with their sources
# and the meeting's competing accounts, with the links built in SQL (%(api)s and %(pages)s:
# the API's and the pages' base URLs). No Python work but the JSON's own: what the page's data
# costs by itself, the yardstick "1b" of scenarios.py (the scenario check compares its records
# with the API page's, so the two cannot drift apart).
FULL_LIMIT_SQL = """
WITH page AS (
    SELECT m.* FROM negotiations_meeting m ORDER BY m.sort_key LIMIT %(size)s
)
SELECT page.id, %(api)s || 'meetings/' || page.id || '/' AS url,
       %(pages)s || 'meetings/' || page.slug || '/' AS html_url,
       page.revision, page.created_at, page.updated_at, page.slug, page.title, page.date,
       page.date_precision, page.end_date, page.start_time, page.duration_minutes, page.status,
       CASE WHEN pl.id IS NULL THEN NULL ELSE json_build_object(
           'id', pl.id, 'url', %(api)s || 'places/' || pl.id || '/',
           'name', concat_ws(', ', NULLIF(pl.venue, ''), NULLIF(pl.locality, ''),
                             NULLIF(pl.region, ''))
       ) END AS place,
       page.summary, page.characterisation, page.sequence,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', d.id, 'url', %(api)s || 'delegations/' || d.id || '/',
                      'party', json_build_object(
                          'id', p.id, 'url', %(api)s || 'parties/' || p.id || '/', 'name', p.name),
                      'head', (SELECT json_build_object(
                                   'id', h.id, 'url', %(api)s || 'people/' || h.id || '/',
                                   'name', h.name)
                                 FROM negotiations_delegationmember hm
                                 JOIN negotiations_person h ON h.id = hm.person_id
                                WHERE hm.delegation_id = d.id AND hm.role = 'head'
                                ORDER BY h.name LIMIT 1),
                      'members', COALESCE((
                          SELECT json_agg(json_build_object(
                                     'person', json_build_object(
                                         'id', pe.id, 'url', %(api)s || 'people/' || pe.id || '/',
                                         'name', pe.name),
                                     'role', dm.role) ORDER BY pe.name)
                            FROM negotiations_delegationmember dm
                            JOIN negotiations_person pe ON pe.id = dm.person_id
                           WHERE dm.delegation_id = d.id), '[]'::json)
                  ) ORDER BY p.name, d.id)
             FROM negotiations_delegation d
             JOIN negotiations_party p ON p.id = d.party_id
            WHERE d.meeting_id = page.id
       ), '[]'::json) AS delegations,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', v.id, 'url', %(api)s || 'framework-versions/' || v.id || '/',
                      'name', f.title || ': ' || v.label) ORDER BY f.title, v.date, v.id)
             FROM negotiations_versionmeeting vm
             JOIN negotiations_frameworkversion v ON v.id = vm.version_id
             JOIN negotiations_framework f ON f.id = v.framework_id
            WHERE vm.meeting_id = page.id
       ), '[]'::json) AS framework_versions,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', c.id,
                      'source', json_build_object(
                          'id', s.id, 'url', %(api)s || 'sources/' || s.id || '/',
                          'name', s.title),
                      'source_title', s.title, 'source_reliability', s.reliability,
                      'excerpt', c.excerpt, 'attribution', c.attribution,
                      'credibility', c.credibility, 'note', c.note) ORDER BY c.id)
             FROM negotiations_citation c
             JOIN negotiations_source s ON s.id = c.source_id
            WHERE c.content_type_id = %(meeting_type)s AND c.object_id = page.id
       ), '[]'::json) AS citations,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'field', a.field, 'value', a.value, 'citation', a.citation_id,
                      'accepted', a.accepted_at IS NOT NULL) ORDER BY a.id)
             FROM negotiations_account a
            WHERE a.content_type_id = %(meeting_type)s AND a.object_id = page.id
       ), '[]'::json) AS accounts
  FROM page
  LEFT JOIN negotiations_place pl ON pl.id = page.place_id
 ORDER BY page.sort_key
"""

JSON_COLUMNS = {"place", "delegations", "framework_versions", "citations", "accounts"}


def _value(name: str, value):
    # Django's psycopg setup hands json columns back as text: embed them as they are.
    if name in JSON_COLUMNS and isinstance(value, str):
        return orjson.Fragment(value)
    return value


def _page(sql: str, params, option: int = 0) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = [
            {name: _value(name, value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]
    body = orjson.dumps({"next": None, "previous": None, "results": rows}, option=option)
    return HttpResponse(body, content_type="application/json")


def limit_meetings(request: HttpRequest) -> HttpResponse:
    return _page(LIMIT_SQL, [PAGE_SIZE])


def limit_meetings_full(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/")
    params = {
        "size": PAGE_SIZE,
        "api": base + "api/v1/",
        "pages": base,
        "meeting_type": ContentType.objects.get_for_model(Meeting).pk,  # cached per process
    }
    # Times in UTC as "...Z", as DRF writes them.
    return _page(FULL_LIMIT_SQL, params, orjson.OPT_UTC_Z)


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"{}", content_type="application/json")
