"""A comparison reads only its two versions' lineage, by index, however many frameworks there
are (PostgreSQL's plans). It once joined every link to every point: 17 ms at scale 1."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations import models as m
from negotiations.frameworks.compare import version_compare
from tests import factories as f

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
    pytest.mark.django_db,
]

VERSIONS, POINTS = 60, 50


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


@pytest.fixture
def long_history():
    """One framework of 60 versions in a chain, 50 points each, each point kept from the one
    before: 3,000 points and 2,950 lineage links, with fresh statistics."""
    framework = f.FrameworkFactory()
    versions, previous = [], None
    for n in range(VERSIONS):
        previous = m.FrameworkVersion.objects.create(
            framework=framework, label=f"Draft {n}", slug=f"draft-{n}", supersedes=previous
        )
        versions.append(previous)
    points = m.FrameworkPoint.objects.bulk_create(
        m.FrameworkPoint(version=version, number=n + 1, title=f"Point {n + 1}")
        for version in versions
        for n in range(POINTS)
    )
    m.PointLineage.objects.bulk_create(
        m.PointLineage(from_point=old, to_point=new, kind="kept")
        for old, new in zip(points, points[POINTS:], strict=False)
    )
    with connection.cursor() as cursor:
        for model in (m.FrameworkPoint, m.PointLineage):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return versions


def test_the_lineage_of_two_versions_is_read_by_the_ends_indexes(long_history):
    older, newer = long_history[30], long_history[31]
    with CaptureQueriesContext(connection) as queries:
        comparison = version_compare(older=older, newer=newer)
    assert len(comparison.changes) == POINTS  # each kept point, and nothing from elsewhere
    lineage = [
        q["sql"] for q in queries.captured_queries if "negotiations_pointlineage" in q["sql"]
    ]
    assert len(lineage) == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + lineage[0])
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    scanned = {
        node.get("Relation Name") for node in plan_nodes(plan) if node["Node Type"] == "Seq Scan"
    }
    assert not scanned & {"negotiations_pointlineage", "negotiations_frameworkpoint"}, plan
