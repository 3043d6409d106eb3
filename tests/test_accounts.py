"""Competing accounts of one fact: validation, disputes, settling, and how pages and the API
show them."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import RestrictedError
from django.utils import timezone

from negotiations.disputes.selectors import DisputeFilters, disputes, record_accounts
from negotiations.models import Account, Meeting
from negotiations.models.base import RevisionConflict
from negotiations.services import account_accept, account_reopen, record_delete, record_save
from tests.factories import (
    AccountFactory,
    CitationFactory,
    FrameworkVersionFactory,
    MeetingFactory,
    PartyFactory,
    PlaceFactory,
    PositionFactory,
    RoleFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def account(record, field, value, **kwargs) -> Account:
    """An unsaved account of `record`'s `field`, quoting a new citation of the record."""
    citation = CitationFactory(content_object=record)
    return Account(record=record, field=field, value=value, citation=citation, **kwargs)


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (MeetingFactory, "date", {"date": "2025-11-30", "precision": "day"}),
        (MeetingFactory, "end_date", "2025-12-01"),
        (MeetingFactory, "duration_minutes", 240),
        (MeetingFactory, "status", "held"),
        (FrameworkVersionFactory, "declared_points", 19),
        (PositionFactory, "stance", "opposes"),
        (PositionFactory, "as_of", {"date": "2025-11-01", "precision": "month"}),
        (RoleFactory, "start_date", {"date": "2025-01-20", "precision": "day"}),
        (StatementFactory, "text", "We are making progress."),
    ],
)
def test_an_account_gives_a_valid_value_of_a_fact(make, field, value):
    record = make()
    given = account(record, field, value)
    given.full_clean()
    given.save()
    assert given.fact.columns(given.value)  # the value maps onto the record's columns


def test_a_place_account_names_a_stored_place():
    meeting = MeetingFactory()
    place = PlaceFactory()
    account(meeting, "place", place.pk).full_clean()
    with pytest.raises(ValidationError) as refused:
        account(meeting, "place", place.pk + 1000).full_clean()
    assert "value" in refused.value.message_dict


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (MeetingFactory, "stance"),  # a position's fact, not a meeting's
        (MeetingFactory, "title"),  # not a fact at all
        (PositionFactory, "duration_minutes"),
        (StatementFactory, "status"),
    ],
)
def test_an_account_speaks_to_a_fact_of_its_own_record(make, field):
    with pytest.raises(ValidationError) as refused:
        account(make(), field, 1).full_clean()
    assert "field" in refused.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_minutes", -5),
        ("duration_minutes", "four hours"),
        ("duration_minutes", True),
        ("status", "adjourned"),
        ("date", "2025-11-30"),  # a date fact needs its precision
        ("date", {"date": "2025-11-30", "precision": "unknown"}),  # "not reported" is no value
        ("date", {"date": "30/11/2025", "precision": "day"}),
        ("end_date", "yesterday"),
        ("status", None),
        ("status", ""),
        ("status", ["held"]),
        ("place", 2**70),  # past 64 bits: refused, not an overflow in the query
        ("place", -1),
        ("place", "1"),
    ],
)
def test_an_account_value_is_checked_by_its_field(field, value):
    with pytest.raises(ValidationError) as refused:
        account(MeetingFactory(), field, value).full_clean()
    assert "value" in refused.value.message_dict


def test_a_quote_with_a_null_character_is_refused():
    with pytest.raises(ValidationError) as refused:
        account(StatementFactory(), "text", "a\x00b").full_clean()
    assert refused.value.message_dict == {"value": ["Null characters are not allowed."]}


def test_a_deeply_nested_or_huge_value_is_a_400(analyst_api):
    meeting = MeetingFactory()
    citation = CitationFactory(content_object=meeting)
    body = {"record_kind": "meeting", "record_id": meeting.pk, "citation": citation.pk}
    for field, value in [
        ("date", {"date": {"date": "2025-11-30"}, "precision": "day"}),
        ("duration_minutes", 2**70),
        ("place", 2**70),
        ("text", "x"),
        ("status", {"$gt": ""}),
    ]:
        response = analyst_api.post(
            "/api/v1/accounts/", {**body, "field": field, "value": value}, format="json"
        )
        assert response.status_code == 400, (field, response.content)
    assert not Account.objects.exists()


def test_an_account_quotes_a_citation_of_its_own_record():
    meeting, other = MeetingFactory(), MeetingFactory()
    given = Account(
        record=meeting,
        field="duration_minutes",
        value=240,
        citation=CitationFactory(content_object=other),
    )
    with pytest.raises(ValidationError) as refused:
        given.full_clean()
    assert "citation" in refused.value.message_dict


def test_the_database_refuses_a_field_that_is_no_fact():
    given = account(MeetingFactory(), "duration_minutes", 240)
    given.field = "title"
    with pytest.raises(IntegrityError), transaction.atomic():
        given.save()


def test_the_database_holds_one_accepted_account_per_fact():
    meeting = MeetingFactory()
    now = timezone.now()
    first = account(meeting, "duration_minutes", 240, accepted_at=now, accepted_reason="readout")
    first.save()
    second = account(meeting, "duration_minutes", 300, accepted_at=now, accepted_reason="other")
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_database_wants_a_reason_for_an_accepted_account():
    given = account(MeetingFactory(), "duration_minutes", 240, accepted_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        given.save()


def test_one_citation_gives_one_account_of_a_fact():
    first = AccountFactory()
    again = Account(record=first.record, field=first.field, value=300, citation=first.citation)
    with pytest.raises(ValidationError):
        again.full_clean()


def test_a_second_different_account_opens_a_dispute_and_agreement_does_not():
    meeting = MeetingFactory()
    AccountFactory.of(meeting, value=240)
    facts = record_accounts([meeting])[meeting.pk]
    assert not facts["duration_minutes"].disputed

    AccountFactory.of(meeting, value=240)  # a second source agrees
    assert not record_accounts([meeting])[meeting.pk]["duration_minutes"].disputed
    assert list(disputes(DisputeFilters())) == []

    AccountFactory.of(meeting, value=300)  # a third does not
    fact = record_accounts([meeting])[meeting.pk]["duration_minutes"]
    assert fact.disputed
    assert fact.state == "open"
    assert fact.summary == "disputed, 3 accounts"
    [row] = disputes(DisputeFilters())
    assert (row["object_id"], row["field"], row["accounts"], row["values"]) == (
        meeting.pk,
        "duration_minutes",
        3,
        2,
    )


def test_dates_agree_only_at_the_same_precision():
    meeting = MeetingFactory()
    AccountFactory.of(meeting, field="date", value={"date": "2025-11-30", "precision": "day"})
    AccountFactory.of(meeting, field="date", value={"precision": "day", "date": "2025-11-30"})
    assert not record_accounts([meeting])[meeting.pk]["date"].disputed
    AccountFactory.of(meeting, field="date", value={"date": "2025-11-30", "precision": "week"})
    assert record_accounts([meeting])[meeting.pk]["date"].disputed


def test_accepting_writes_the_value_the_reason_and_keeps_every_account(analyst):
    meeting = MeetingFactory(duration_minutes=None)
    four = AccountFactory.of(meeting, value=240)
    five = AccountFactory.of(meeting, value=300)

    account_accept(account=five, by=analyst, reason="The official readout says five hours.")

    meeting.refresh_from_db()
    assert meeting.duration_minutes == 300
    latest = meeting.history.latest()
    assert "five hours" in latest.history_change_reason
    assert latest.history_user == analyst
    five.refresh_from_db()
    assert five.accepted
    assert five.accepted_reason == "The official readout says five hours."
    assert Account.objects.filter(pk=four.pk).exists()
    fact = record_accounts([meeting])[meeting.pk]["duration_minutes"]
    assert fact.state == "settled"
    assert fact.summary == "settled, 1 of 2 accounts accepted"
    assert five.history.latest().history_user == analyst

    # Accepting the other releases the first: one accepted account per fact.
    account_accept(account=four, by=analyst, reason="A second readout.")
    five.refresh_from_db()
    meeting.refresh_from_db()
    assert not five.accepted
    assert meeting.duration_minutes == 240


def test_accepting_is_refused_when_the_record_changed_meanwhile(analyst):
    meeting = MeetingFactory(duration_minutes=None)
    AccountFactory.of(meeting, value=240)
    five = AccountFactory.of(meeting, value=300)
    seen = meeting.revision
    record_save(record=meeting, fields={"summary": "Changed by a colleague."}, by=analyst)

    with pytest.raises(RevisionConflict):
        account_accept(account=five, by=analyst, reason="Readout.", expected=seen)

    meeting.refresh_from_db()
    five.refresh_from_db()
    assert meeting.duration_minutes is None
    assert not five.accepted


def test_accepting_a_value_the_record_refuses_writes_nothing(analyst):
    meeting = MeetingFactory(date=None, date_precision="unknown", end_date=None)
    meeting.end_date = None
    given = AccountFactory.of(meeting, field="end_date", value="2025-12-01")
    # An end date without a start date breaks the meeting's own rule: refused as a whole.
    with pytest.raises(ValidationError):
        account_accept(account=given, by=analyst, reason="Readout.")
    given.refresh_from_db()
    assert not given.accepted


def test_accepting_needs_a_reason(analyst):
    given = AccountFactory()
    with pytest.raises(ValidationError):
        account_accept(account=given, by=analyst, reason="  ")


def test_reopening_keeps_the_value_and_opens_the_fact(analyst):
    meeting = MeetingFactory()
    AccountFactory.of(meeting, value=240)
    five = AccountFactory.of(meeting, value=300)
    account_accept(account=five, by=analyst, reason="Readout.")
    account_reopen(account=five, by=analyst, reason="The readout was corrected.")
    meeting.refresh_from_db()
    five.refresh_from_db()
    assert meeting.duration_minutes == 300
    assert not five.accepted
    assert record_accounts([meeting])[meeting.pk]["duration_minutes"].state == "open"
    assert "corrected" in five.history.latest().history_change_reason


def test_a_quoted_citation_is_not_deleted_alone_but_goes_with_its_record(analyst):
    given = AccountFactory()
    with pytest.raises(RestrictedError):
        record_delete(record=given.citation, by=analyst)
    record_delete(record=given.record, by=analyst)
    assert not Account.objects.exists()
    assert not Meeting.objects.filter(pk=given.object_id).exists()


# Pages and API


@pytest.fixture
def disputed_meeting():
    """A meeting whose duration two sources give differently: four hours and five."""
    meeting = MeetingFactory(duration_minutes=None)
    AccountFactory.of(meeting, value=240, source=SourceFactory(title="Outlet One", reliability="B"))
    AccountFactory.of(meeting, value=300, source=SourceFactory(title="Outlet Two"))
    return meeting


def test_the_meeting_page_marks_the_dispute_and_lists_both_accounts(client, disputed_meeting):
    html = client.get(disputed_meeting.get_absolute_url()).content.decode()
    duration = html[html.index("<dt>Duration</dt>") : html.index("<dt>Place</dt>")]
    assert "disputed, 2 accounts" in duration
    section = html[html.index('class="dispute card"') :]
    assert "4 hours" in section
    assert "5 hours" in section
    assert "Outlet One" in section
    assert "Outlet Two" in section
    assert ">B6<" in section
    assert ">F6<" in section


def test_the_meeting_json_carries_its_disputed_fields(api_client, disputed_meeting):
    data = api_client.get(f"/api/v1/meetings/{disputed_meeting.pk}/").json()
    [fact] = data["disputed_fields"]
    assert fact["field"] == "duration_minutes"
    assert fact["state"] == "open"
    assert [a["value"] for a in fact["accounts"]] == [240, 300]
    assert [a["source"]["name"] for a in fact["accounts"]] == ["Outlet One", "Outlet Two"]
    assert fact["accounts"][0]["grade"] == "B6"
    listed = api_client.get("/api/v1/meetings/").json()["results"]
    assert [m["disputed_fields"] for m in listed] == [data["disputed_fields"]]


def test_an_undisputed_record_carries_no_disputed_fields(api_client):
    meeting = MeetingFactory()
    AccountFactory.of(meeting, value=240)
    AccountFactory.of(meeting, value=240)
    assert api_client.get(f"/api/v1/meetings/{meeting.pk}/").json()["disputed_fields"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {240, 300, 90}),
        ("?disputed=true", {240, 300}),
        ("?disputed=false", {90}),
        ("?settled=false", {240, 300, 90}),
        ("?record_kind=meeting&field=duration_minutes", {240, 300, 90}),
        ("?record_kind=position", set()),
    ],
)
def test_the_accounts_list_filters(api_client, disputed_meeting, query, expected):
    AccountFactory.of(MeetingFactory(), value=90)
    response = api_client.get(f"/api/v1/accounts/{query}")
    assert response.status_code == 200
    assert {a["value"] for a in response.json()["results"]} == expected


def test_the_accounts_list_filters_by_record_and_source(api_client, disputed_meeting):
    other = AccountFactory.of(MeetingFactory(), value=90)
    by_record = api_client.get(f"/api/v1/accounts/?record_id={disputed_meeting.pk}").json()
    assert {a["value"] for a in by_record["results"]} == {240, 300}
    source = other.citation.source_id
    by_source = api_client.get(f"/api/v1/accounts/?source={source}").json()
    assert [a["value"] for a in by_source["results"]] == [90]


def test_accepting_through_the_api(analyst_api, api_client, disputed_meeting):
    five = Account.objects.get(value_text="300")
    url = f"/api/v1/accounts/{five.pk}/accept/"
    stale = {"reason": "Readout.", "record_revision": disputed_meeting.revision + 5}
    response = analyst_api.post(url, stale, format="json")
    assert response.status_code == 412
    assert "revision" in response.json()["detail"]

    assert analyst_api.post(url, {"record_revision": 1}, format="json").status_code == 400
    fresh = {"reason": "Readout.", "record_revision": disputed_meeting.revision}
    response = analyst_api.post(url, fresh, format="json")
    assert response.status_code == 200
    assert response.json()["accepted"]
    assert response.json()["settled"]
    meeting = api_client.get(f"/api/v1/meetings/{disputed_meeting.pk}/").json()
    assert meeting["duration_minutes"] == 300
    assert meeting["disputed_fields"][0]["state"] == "settled"
    assert (
        analyst_api.post(
            f"/api/v1/accounts/{five.pk}/reopen/", {"reason": "Corrected."}, format="json"
        ).json()["settled"]
        is False
    )


def test_only_analysts_accept(viewer_api, api_client, disputed_meeting):
    five = Account.objects.get(value_text="300")
    for client in (viewer_api, api_client):
        response = client.post(f"/api/v1/accounts/{five.pk}/accept/", {"reason": "x"})
        assert response.status_code in (401, 403)
    assert not Account.objects.filter(accepted_at__isnull=False).exists()


def test_creating_an_account_through_the_api(analyst_api, disputed_meeting):
    citation = CitationFactory(content_object=disputed_meeting)
    body = {
        "record_kind": "meeting",
        "record_id": disputed_meeting.pk,
        "field": "status",
        "value": "held",
        "citation": citation.pk,
    }
    response = analyst_api.post("/api/v1/accounts/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["disputed"] is False
    refused = analyst_api.post(
        "/api/v1/accounts/", {**body, "field": "stance"}, format="json"
    ).json()
    assert refused == {"field": ["A meeting has no fact “stance”."]}
    fresh = CitationFactory(content_object=disputed_meeting).pk
    refused = analyst_api.post(
        "/api/v1/accounts/", {**body, "citation": fresh, "value": "adjourned"}, format="json"
    )
    assert refused.status_code == 400
    assert "value" in refused.json()


def test_the_disputes_page_lists_open_and_settled_and_filters(client, analyst, disputed_meeting):
    ukraine = PartyFactory(slug="ukraine")
    position = PositionFactory(party=ukraine)
    AccountFactory.of(position, field="stance", value="opposes")
    AccountFactory.of(position, field="stance", value="supports")
    settled = Account.objects.get(value_text='"supports"')
    account_accept(account=settled, by=analyst, reason="On the record.")

    def listed(query: str = "") -> str:
        response = client.get(f"/disputes/{query}")
        assert response.status_code == 200
        return response.content.decode()

    both = listed()
    assert disputed_meeting.title in both
    assert "Settled, 1 of 2 accounts accepted" in both
    assert "Settled, 1 of 2 accounts accepted" in listed("?state=settled")
    assert disputed_meeting.title not in listed("?state=settled")
    assert "Disputed, 2 accounts" not in listed("?kind=position&state=open")
    assert disputed_meeting.title not in listed("?party=ukraine")
    assert "Opposes" in listed("?party=ukraine")
    assert "No disputed facts" in listed("?until=2000-01-01")
    assert client.get("/disputes/?state=closed").status_code == 400
    assert client.get("/disputes/?since=2026-01-02&until=2026-01-01").status_code == 400


def test_the_disputes_page_reads_a_few_queries_whatever_the_number(
    client, django_assert_num_queries
):
    for _ in range(6):
        meeting = MeetingFactory()
        for value in (60, 120, 180):
            AccountFactory.of(meeting, value=value)
        position = PositionFactory()
        AccountFactory.of(position, field="stance", value="opposes")
        AccountFactory.of(position, field="stance", value="supports")
    # count, page of facts, their accounts, the meetings, the positions, the parties' options
    with django_assert_num_queries(6):
        assert client.get("/disputes/").status_code == 200


def test_the_accounts_list_reads_a_few_queries_whatever_the_number(
    api_client, django_assert_num_queries
):
    for _ in range(5):
        AccountFactory.of(PositionFactory(), field="stance", value="opposes")
        AccountFactory.of(MeetingFactory(), value=60)
    # the count, the page (with the fact's state), the meetings, the positions
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/v1/accounts/").json()["results"]) == 10


def test_adding_accepting_and_reopening_are_in_the_history_and_feed(client, analyst):
    meeting = MeetingFactory()
    four = AccountFactory.of(meeting, value=240)
    record_save(
        record=Account(
            record=meeting,
            field="duration_minutes",
            value=300,
            citation=CitationFactory(content_object=meeting),
        ),
        by=analyst,
        reason="A second outlet gives 5 hours",
    )
    account_accept(account=four, by=analyst, reason="Matches the readout")
    account_reopen(account=four, by=analyst, reason="Readout withdrawn")
    changes = client.get("/changes/?kind=account").content.decode()
    feed = client.get("/changes/feed/").content.decode()
    for text in (
        "A second outlet gives 5 hours",
        "Matches the readout",
        "Readout withdrawn",
    ):
        assert text in changes, text
        assert text in feed, text
    assert "Matches the readout" in client.get(f"/changes/meeting/{meeting.pk}/").content.decode()


def test_a_record_page_reads_a_fixed_number_of_queries_whatever_its_accounts(
    client, django_assert_num_queries
):
    meeting = MeetingFactory()
    statement = StatementFactory(meeting=meeting)
    client.get(meeting.get_absolute_url())  # warm the content-type cache
    for field, values in (("duration_minutes", (60, 120, 180)), ("status", ("held", "cancelled"))):
        for value in values:
            AccountFactory.of(meeting, field=field, value=value)
    AccountFactory.of(statement, field="text", value="Yes.")
    AccountFactory.of(statement, field="text", value="No.")
    # the meeting, its delegations, statements, versions, citations, and all the accounts (the
    # meeting's and its statements'); alone in the process, it has no neighbours to read
    with django_assert_num_queries(6):
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.count('class="dispute card"') == 3
    for _ in range(3):
        AccountFactory.of(meeting, field="status", value="postponed")
        AccountFactory.of(statement, field="text", value="Maybe.")
    with django_assert_num_queries(6):
        client.get(meeting.get_absolute_url())


def test_a_disputed_place_names_every_place(client):
    meeting = MeetingFactory(place=PlaceFactory(locality="Geneva"))
    AccountFactory.of(meeting, field="place", value=meeting.place_id)
    AccountFactory.of(meeting, field="place", value=PlaceFactory(locality="Miami").pk)
    html = client.get(meeting.get_absolute_url()).content.decode()
    section = html[html.index('class="dispute card"') :]
    assert "Geneva" in section
    assert "Miami" in section


def test_the_admin_accepts_from_the_facts_accounts_with_a_reason(admin_client, superuser):
    meeting = MeetingFactory(duration_minutes=None)
    four = AccountFactory.of(meeting, value=240)
    AccountFactory.of(meeting, value=300)
    page = admin_client.get(f"/admin/negotiations/meeting/{meeting.pk}/change/").content.decode()
    link = re.search(r'href="(/admin/negotiations/account/\?[^"]+)">This fact’s accounts', page)
    listed = admin_client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2
    changelist = "/admin/negotiations/account/"
    asked = admin_client.post(changelist, {"action": "accept", "_selected_action": [four.pk]})
    assert asked.status_code == 200
    assert "say why" in asked.content.decode()
    done = admin_client.post(
        changelist,
        {"action": "accept", "_selected_action": [four.pk], "reason": "Official readout"},
    )
    assert done.status_code == 302
    meeting.refresh_from_db()
    four.refresh_from_db()
    assert meeting.duration_minutes == 240
    assert four.accepted_reason == "Official readout"
    assert meeting.history.latest().history_user == superuser


@pytest.mark.parametrize("action", ["accept", "reopen"])
def test_the_schema_documents_what_settling_answers(action):
    from tests.api.test_fuzz_findings import openapi

    responses = openapi()["paths"][f"/api/v1/accounts/{{id}}/{action}/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "412"} <= set(responses)
