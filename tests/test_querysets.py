"""The read vocabulary: named filters beside their models, chaining like the domain reads."""

import pytest

from negotiations import models as m
from tests import factories as f


@pytest.mark.django_db
def test_named_filters_chain_with_the_citations(django_assert_num_queries):
    party, other = f.PartyFactory(), f.PartyFactory()
    held = f.MeetingFactory(title="Held with the party")
    f.DelegationFactory(meeting=held, party=party)
    f.DelegationFactory(meeting=held, party=other)  # one meeting, however many delegations
    f.CitationFactory(content_object=held, excerpt="productive")
    scheduled = f.MeetingFactory(status=m.Meeting.Status.SCHEDULED)
    f.DelegationFactory(meeting=scheduled, party=party)
    f.DelegationFactory(meeting=f.MeetingFactory(title="Held without it"), party=other)

    with django_assert_num_queries(2):  # the meetings, then their citations with the sources
        meetings = list(m.Meeting.objects.held().involving(party).with_citations())
        excerpts = [c.excerpt for meeting in meetings for c in meeting.citations.all()]
        titles = [c.source.title for meeting in meetings for c in meeting.citations.all()]

    assert [meeting.title for meeting in meetings] == ["Held with the party"]
    assert excerpts == ["productive"]
    assert titles == [held.citations.get().source.title]


@pytest.mark.django_db
def test_citations_shown_with_a_record_leave_the_source_text_behind():
    meeting = f.MeetingFactory()
    f.CitationFactory(content_object=meeting)

    (citation,) = m.Meeting.objects.with_citations().get().citations.all()

    # Often many kB, and never shown beside a citation: not copied into every row.
    assert "text" in citation.source.get_deferred_fields()


@pytest.mark.django_db
def test_every_kind_of_party_filter_means_the_same_party():
    party = f.PartyFactory()
    person = f.PersonFactory()
    f.RoleFactory(person=person, party=party)
    f.RoleFactory(person=person, party=party, title="Earlier role")
    statement = f.StatementFactory(person=person)
    f.StatementFactory()  # by someone of another party
    development = f.DevelopmentFactory(parties=[party])
    f.DevelopmentFactory()

    assert list(m.Statement.objects.by_party(party)) == [statement]
    assert list(m.Development.objects.involving(party)) == [development]
