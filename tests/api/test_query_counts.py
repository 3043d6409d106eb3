"""Every list endpoint reads in a fixed number of queries, whatever the page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f


def citation_on(factory):
    return lambda: f.CitationFactory(content_object=factory())


def meeting_with_team():
    delegation = f.DelegationFactory()
    f.DelegationMemberFactory(delegation=delegation, role="head")
    f.DelegationMemberFactory(delegation=delegation)
    f.VersionMeetingFactory(meeting=delegation.meeting)
    f.CitationFactory(content_object=delegation.meeting)
    return delegation.meeting


def version_with_points():
    version = f.FrameworkVersionFactory(supersedes=f.FrameworkVersionFactory())
    version.authors.add(f.PartyFactory())
    f.FrameworkPointFactory(version=version)
    f.VersionMeetingFactory(version=version)
    return version


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
    return f.DelegationFactory(meeting=dated(f.MeetingFactory)()).meeting


# endpoint: (how to make one more record with its relations, pinned queries per list)
ENDPOINTS = {
    "parties": (citation_on(f.PartyFactory), 3),
    "people": (lambda: f.RoleFactory().person, 3),
    "roles": (f.RoleFactory, 3),
    "places": (f.PlaceFactory, 3),
    "meetings": (meeting_with_team, 5),
    "delegations": (lambda: f.DelegationMemberFactory().delegation, 4),
    "frameworks": (lambda: f.FrameworkVersionFactory().framework, 4),
    "framework-versions": (version_with_points, 6),
    "topics": (f.TopicFactory, 2),
    "points": (lambda: f.FrameworkPointFactory(topics=[f.TopicFactory()]), 4),
    "lineages": (cited_lineage, 3),
    "sticking-issues": (f.StickingIssueFactory, 5),
    "positions": (f.PositionFactory, 3),
    "statements": (dated(f.StatementFactory), 3),
    "developments": (lambda: f.DevelopmentFactory(parties=[f.PartyFactory()]), 4),
    "sources": (f.SourceFactory, 2),
    "citations": (citation_on(f.RoleFactory), 3),
    # The timeline loads each kind's records in its own queries: pinned per kind.
    "timeline/?kind=meeting": (dated_meeting_with_delegation, 3),
    "timeline/?kind=development": (
        lambda: dated(f.DevelopmentFactory)(parties=[f.PartyFactory()]),
        3,
    ),
    "timeline/?kind=statement": (dated(f.StatementFactory), 3),
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
