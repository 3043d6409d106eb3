"""Every list endpoint reads in a fixed number of queries, whatever the page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f


def citation_on(factory):
    return lambda: f.CitationFactory(content_object=factory())


def disputed(record, field: str, *values):
    """`record` with an account of `field` for each of `values` (different: a dispute)."""
    for value in values:
        f.AccountFactory.of(record, field=field, value=value)
    return record


def disputed_on(factory, field: str, *values):
    return lambda: disputed(factory(), field, *values)


def meeting_with_team():
    delegation = f.DelegationFactory()
    f.DelegationMemberFactory(delegation=delegation, role="head")
    f.DelegationMemberFactory(delegation=delegation)
    f.VersionMeetingFactory(meeting=delegation.meeting)
    f.CitationFactory(content_object=delegation.meeting)
    return disputed(delegation.meeting, "duration_minutes", 240, 300)


def version_with_points():
    version = f.FrameworkVersionFactory(supersedes=f.FrameworkVersionFactory())
    version.authors.add(f.PartyFactory())
    f.FrameworkPointFactory(version=version)
    f.VersionMeetingFactory(version=version)
    return disputed(version, "declared_points", 19, 20)


def cited_lineage():
    version = f.FrameworkVersionFactory(supersedes=f.FrameworkVersionFactory())
    lineage = f.PointLineageFactory(
        from_point=f.FrameworkPointFactory(version=version.supersedes),
        to_point=f.FrameworkPointFactory(version=version),
        kind="reworded",
    )
    f.CitationFactory(content_object=lineage)
    return lineage


def dated(factory):
    return lambda **kwargs: factory(
        date=datetime.date(2025, 11, 30), date_precision="day", **kwargs
    )


def dated_meeting_with_delegation():
    meeting = f.DelegationFactory(meeting=dated(f.MeetingFactory)()).meeting
    return disputed(meeting, "status", "held", "cancelled")


DAY_ONE = {"date": "2025-11-30", "precision": "day"}
DAY_TWO = {"date": "2025-12-01", "precision": "day"}

# endpoint: (how to make one more record with its relations, pinned queries per list)
ENDPOINTS = {
    "parties": (citation_on(f.PartyFactory), 3),
    "people": (lambda: f.RoleFactory().person, 3),
    "roles": (disputed_on(f.RoleFactory, "start_date", DAY_ONE, DAY_TWO), 4),
    "places": (f.PlaceFactory, 3),
    "meetings": (meeting_with_team, 5),
    "delegations": (lambda: f.DelegationMemberFactory().delegation, 4),
    "frameworks": (lambda: f.FrameworkVersionFactory().framework, 4),
    "framework-versions": (version_with_points, 7),
    "topics": (f.TopicFactory, 2),
    "points": (lambda: f.FrameworkPointFactory(topics=[f.TopicFactory()]), 4),
    "lineages": (cited_lineage, 3),
    "sticking-issues": (f.StickingIssueFactory, 5),
    "positions": (disputed_on(f.PositionFactory, "stance", "opposes", "supports"), 5),
    "options": (lambda: f.OptionFactory(points=[f.FrameworkPointFactory()]), 4),
    "option-stances": (f.OptionStanceFactory, 3),
    "statements": (disputed_on(dated(f.StatementFactory), "text", "Yes.", "No."), 4),
    "developments": (
        lambda: disputed(
            f.DevelopmentFactory(parties=[f.PartyFactory()]), "date", DAY_ONE, DAY_TWO
        ),
        5,
    ),
    "sources": (f.SourceFactory, 2),
    "citations": (citation_on(f.RoleFactory), 3),
    # The count, the page with each fact's state, the records (one query per kind).
    "accounts": (disputed_on(f.PositionFactory, "stance", "opposes", "supports"), 3),
    # The timeline loads each kind's records in its own queries: pinned per kind.
    "timeline/?kind=meeting": (dated_meeting_with_delegation, 4),
    "timeline/?kind=development": (
        lambda: disputed(
            dated(f.DevelopmentFactory)(parties=[f.PartyFactory()]), "date", DAY_ONE, DAY_TWO
        ),
        4,
    ),
    "timeline/?kind=statement": (disputed_on(dated(f.StatementFactory), "text", "Yes.", "No."), 4),
    # The page and the stances with their parties, options and issues; no fact of a stance is
    # disputed (disputes.FACTS has none), so no accounts query.
    "timeline/?kind=optionstance": (f.OptionStanceFactory, 2),
}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_list_queries_are_pinned_and_do_not_grow_with_page_size(endpoint, api_client):
    make, pinned = ENDPOINTS[endpoint]
    for _ in range(101):
        make()
    url = f"/api/v1/{endpoint}" if "?" in endpoint else f"/api/v1/{endpoint}/"
    api_client.get(url)  # warm the per-process content-type cache
    counts = {}
    for size in (1, 20, 100):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(url, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        counts[size] = len(queries)
    assert counts == {1: pinned, 20: pinned, 100: pinned}
