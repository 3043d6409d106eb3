"""The main lists read a range of an index, not a sort of the whole table (PostgreSQL).

Each test requests the page as a client does, takes the SQL the page ran, and asks PostgreSQL
for its plan (`EXPLAIN (FORMAT JSON)`): the rows come from an index scan in the cursor's order,
with no Sort node, at a few thousand rows with fresh statistics, so the cost of a page does not
grow with the table.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations import models as m
from negotiations.services.timeline import timeline_rebuild
from tests import factories as f

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
    pytest.mark.django_db,
]

ROWS = 3000


@pytest.fixture
def many_records():
    """Meetings, developments and delegations of one party on a third of the meetings, in
    bulk (no signals), then the timeline rebuilt and the statistics refreshed."""
    party = f.PartyFactory()
    start = datetime.date(2020, 1, 1)
    meetings = m.Meeting.objects.bulk_create(
        m.Meeting(
            title=f"Round {n}",
            slug=f"round-{n}",
            date=start + datetime.timedelta(days=n % 2000),
            date_precision="day",
            status="held",
        )
        for n in range(ROWS)
    )
    m.Development.objects.bulk_create(
        m.Development(
            title=f"Development {n}",
            slug=f"development-{n}",
            date=start + datetime.timedelta(days=n % 1500),
            date_precision="day",
        )
        for n in range(ROWS)
    )
    m.Delegation.objects.bulk_create(
        m.Delegation(meeting=meeting, party=party) for meeting in meetings[::3]
    )
    timeline_rebuild()
    with connection.cursor() as cursor:
        for model in (m.Meeting, m.Development, m.Delegation, m.TimelineEntry, m.TimelineParty):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return party


def page_plan(client, url: str, table: str) -> dict:
    """The plan of the query that read the page's rows from `table` (the one with a LIMIT)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert reads, [q["sql"][:120] for q in queries.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + reads[0])
        plan = cursor.fetchone()[0]  # psycopg decodes the JSON already
        return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def read_by_index(plan: dict, index: str) -> bool:
    """The plan scans `index` and sorts nothing."""
    kinds = [node["Node Type"] for node in nodes(plan)]
    indexes = {node.get("Index Name") for node in nodes(plan)}
    return "Sort" not in kinds and "Incremental Sort" not in kinds and index in indexes


def deep(client, url: str, pages: int) -> str:
    """The `next` link `pages` pages into the list."""
    for _ in range(pages):
        url = client.get(url).json()["next"]
    return url


MEETINGS, ENTRIES = "negotiations_meeting", "negotiations_timelineentry"


@pytest.mark.parametrize(
    ("start", "pages", "table", "index"),
    [
        pytest.param(
            "/api/v1/meetings/?page_size=50", 0, MEETINGS, "meeting_sort_key_idx", id="meetings"
        ),
        pytest.param(
            "/api/v1/meetings/?page_size=100",
            20,
            MEETINGS,
            "meeting_sort_key_idx",
            id="meetings deep",
        ),
        pytest.param("/api/v1/timeline/", 0, ENTRIES, "timeline_sort_key_unique", id="timeline"),
        pytest.param(
            "/api/v1/timeline/?page_size=100",
            40,
            ENTRIES,
            "timeline_sort_key_unique",
            id="timeline deep",
        ),
    ],
)
def test_an_api_page_reads_a_range_of_its_index(
    many_records, api_client, start, pages, table, index
):
    plan = page_plan(api_client, deep(api_client, start, pages), table)
    assert read_by_index(plan, index), plan


def test_a_partys_timeline_reads_the_party_index(many_records, api_client):
    url = f"/api/v1/timeline/?party={many_records.pk}"
    plan = page_plan(api_client, url, ENTRIES)
    assert read_by_index(plan, "timeline_party_sort_idx"), plan


def test_the_html_timeline_reads_the_sort_key_index(many_records, client):
    plan = page_plan(client, "/timeline/", ENTRIES)
    assert read_by_index(plan, "timeline_sort_key_unique"), plan
