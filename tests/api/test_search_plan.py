"""`/api/v1/points/?search=` reads PostgreSQL's GIN index rather than every search document."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from negotiations import models as m
from tests import factories as f
from tests.benchmarks.plans import GIN_INDEX, plan_uses_index, points_search_queryset

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only"
)

FILLER = 20_000


@pytest.fixture
def many_points(db):
    """A few points about an armistice among 20,000 about trade, with fresh statistics: at
    this size a scan of every search document costs more than the index lookup."""
    version = f.FrameworkVersionFactory()
    wanted = [
        f.FrameworkPointFactory(version=version, number=n, title=f"Armistice line {n}")
        for n in (1, 2, 3)
    ]
    # In bulk (no signals), then indexed in one statement: thousands of factory saves are slow.
    m.FrameworkPoint.objects.bulk_create(
        m.FrameworkPoint(version=version, number=n, title=f"Trade clause {n}", text="Tariffs.")
        for n in range(10, 10 + FILLER)
    )
    content_type = ContentType.objects.get_for_model(m.FrameworkPoint)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO negotiations_searchdocument (content_type_id, object_id, text, vector)
            SELECT %s, p.id, t.text, to_tsvector('english', t.text)
              FROM negotiations_frameworkpoint p, LATERAL (SELECT p.title || ' ' || p.text) t(text)
             WHERE NOT EXISTS (SELECT 1 FROM negotiations_searchdocument d
                                WHERE d.content_type_id = %s AND d.object_id = p.id)
            """,
            [content_type.pk, content_type.pk],
        )
        # As autovacuum would: move new entries out of GIN's pending list, refresh statistics.
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
        cursor.execute("ANALYZE negotiations_searchdocument")
    return wanted


def test_a_rare_word_is_found_through_the_gin_index(many_points, api_client):
    queryset = points_search_queryset("armistice")

    assert plan_uses_index(queryset[:20]), queryset[:20].explain()
    response = api_client.get("/api/v1/points/", {"search": "armistice"})
    assert response.status_code == 200
    assert {point["id"] for point in response.json()["results"]} == {p.pk for p in many_points}
