"""The Popolo export: every item valid against Popolo's own schemas, and what it says."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft3Validator
from referencing import Registry
from referencing.jsonschema import DRAFT3

from negotiations import models as m
from negotiations.exports.popolo import popolo_date
from tests import factories as f
from tests.conftest import ARTICLE_TEXT

# Popolo 1.0.1's draft-03 schemas, copied with their README (licence and origin).
SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "popolo"
SCHEMA_OF = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "events": "event",
    "speeches": "speech",
}
URL = reverse("api:popolo")


def _registry() -> Registry:
    # Each schema under its absolute id, so every $ref resolves here and never on the network
    # (a Registry without `retrieve` raises on anything unknown).
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = DRAFT3.create_resource(json.loads(path.read_text(encoding="utf-8")))
        resources += [(resource.id(), resource), (resource.id().rstrip("#"), resource)]
    return Registry().with_resources(resources)


REGISTRY = _registry()
VALIDATORS = {
    name: Draft3Validator(
        json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8")),
        registry=REGISTRY,
        format_checker=Draft3Validator.FORMAT_CHECKER,
    )
    for name in SCHEMA_OF.values()
}


def schema_errors(document: dict) -> list[str]:
    """Every schema error of every item, named by collection, index and id."""
    return [
        f"{key}[{index}] {item.get('id')}: {error.json_path}: {error.message}"
        for key, schema in SCHEMA_OF.items()
        for index, item in enumerate(document[key])
        for error in VALIDATORS[schema].iter_errors(item)
    ]


def export(api_client) -> dict:
    response = api_client.get(URL)
    assert response.status_code == 200, response.content
    return response.json()


def by_id(document: dict, key: str) -> dict[str, dict]:
    return {item["id"]: item for item in document[key]}


# --- The shipped article ------------------------------------------------------------------------


def test_every_item_of_the_article_export_is_valid_popolo(article, api_client):
    document = export(api_client)
    assert set(document) == {*SCHEMA_OF, "next"}
    assert document["next"] is None  # the article fits one page
    assert all(document[key] for key in SCHEMA_OF), "every collection has items"
    errors = schema_errors(document)
    assert errors == [], "\n".join(errors)


def test_every_item_cites_verbatim_excerpts_on_the_source_page(article, api_client):
    text = ARTICLE_TEXT.read_text(encoding="utf-8")
    source_page = "http://testserver" + m.Source.objects.get().get_absolute_url()
    for key in SCHEMA_OF:
        for item in export(api_client)[key]:
            assert item["sources"], f"{item['id']} has no sources"
            for link in item["sources"]:
                assert link["note"] in text, f"{item['id']}: {link['note']!r} is not verbatim"
                # The article has no URL of its own: the link is our page, at the excerpt.
                assert link["url"].startswith(f"{source_page}#citation-")


def test_rubio_sits_in_the_us_delegation_on_behalf_of_the_united_states(article, api_client):
    document = export(api_client)
    florida_us = m.Delegation.objects.get(
        meeting__slug="florida-talks", party__slug="united-states"
    )
    (seat,) = [
        membership
        for membership in document["memberships"]
        if membership.get("person_id") == "person/marco-rubio"
        and membership.get("organization_id") == f"delegation/{florida_us.pk}"
    ]
    assert seat["on_behalf_of_id"] == "party/united-states"
    assert seat["role"] == "head"
    delegation = by_id(document, "organizations")[f"delegation/{florida_us.pk}"]
    assert delegation["classification"] == "delegation"
    assert delegation["parent_id"] == "party/united-states"
    assert delegation["event_id"] == "meeting/florida-talks"
    assert "party/united-states" in by_id(document, "organizations")


def test_rubio_is_secretary_of_state_of_the_united_states_with_no_dates(article, api_client):
    (role,) = [
        membership
        for membership in export(api_client)["memberships"]
        if membership["id"].startswith("role/")
        and membership.get("person_id") == "person/marco-rubio"
    ]
    assert role["organization_id"] == "party/united-states"
    assert role["role"] == "Secretary of State"
    assert "start_date" not in role  # not reported
    assert "end_date" not in role
    assert "has_ended" not in role  # not said to have ended, which is not "ongoing"


def test_the_unnamed_former_chief_negotiator_is_a_membership_without_a_person(article, api_client):
    (role,) = [
        membership
        for membership in export(api_client)["memberships"]
        if membership.get("role") == "Chief negotiator"
    ]
    assert "person_id" not in role
    assert role["organization_id"] == "party/ukraine"
    assert role["has_ended"] is True
    assert "end_date" not in role


def test_meeting_dates_stay_at_the_precision_the_article_gives(article, api_client):
    events = by_id(export(api_client), "events")
    florida = events["meeting/florida-talks"]
    assert "start_date" not in florida  # date not reported
    assert "end_date" not in florida
    assert "date_precision" not in florida
    assert florida["location"] == "Private club, Hallandale Beach, Florida"
    assert florida["status"] == "held"
    # "the coming week" from 1 December: Popolo has no week form, so the month that holds it.
    moscow = events["meeting/moscow-visit"]
    assert moscow["start_date"] == "2025-12"
    assert moscow["date_precision"] == "week"
    assert moscow["date_display"] == "week of 1 Dec 2025"
    assert moscow["status"] == "scheduled"


def test_statements_are_speeches_by_their_speaker_at_their_meeting(article, api_client):
    rubio = [
        speech
        for speech in export(api_client)["speeches"]
        if speech["creator_id"] == "person/marco-rubio"
    ]
    assert len(rubio) == 2
    assert sorted(speech.get("event_id", "") for speech in rubio) == ["", "meeting/florida-talks"]
    assert all("date_reported" not in speech for speech in rubio)  # not reported
    assert any(speech["text"].startswith("This is not just about peace deals") for speech in rubio)


# --- Factory-built records: what the article does not exercise ---------------------------------


@pytest.fixture
def varied(db):
    """Delegations with members, roles with and without holders, dated and undated statements,
    week- and month-precision meetings, and citations of a source that has a URL."""
    web = f.SourceFactory(url="https://example.org/report", text="Envoys met; talks productive.")
    us, ua = f.PartyFactory(short_name="US"), f.PartyFactory()
    envoy = f.PersonFactory(other_names=["The envoy"])
    week_across_months = f.MeetingFactory(date=datetime.date(2025, 9, 29), date_precision="week")
    month = f.MeetingFactory(date=datetime.date(2025, 11, 1), date_precision="month", place=None)
    multi_day = f.MeetingFactory(
        date=datetime.date(2025, 11, 30), end_date=datetime.date(2025, 12, 2)
    )
    delegation = f.DelegationFactory(meeting=week_across_months, party=us, notes="Small team.")
    f.DelegationMemberFactory(delegation=delegation, person=envoy, role="head")
    f.DelegationMemberFactory(delegation=delegation, role="adviser")
    f.DelegationFactory(meeting=month, party=ua)  # no members
    f.RoleFactory(
        person=envoy,
        party=us,
        body="State Department",
        start_date=datetime.date(2025, 1, 20),
        start_date_precision="day",
        end_date=datetime.date(2025, 11, 1),
        end_date_precision="month",
        has_ended=True,
    )
    f.RoleFactory(person=None, party=ua, title="Chief negotiator", has_ended=True)
    f.RoleFactory(party=None, title="Adviser")
    f.StatementFactory(
        person=envoy, meeting=multi_day, date=datetime.date(2025, 12, 1), date_precision="day"
    )
    f.StatementFactory(meeting=None, date=datetime.date(2025, 11, 24), date_precision="week")
    f.StatementFactory(meeting=None)
    f.CitationFactory(source=web, content_object=delegation, excerpt="Envoys met")
    f.CitationFactory(content_object=envoy)
    return {"delegation": delegation, "us": us, "envoy": envoy, "month": month}


def test_every_item_of_varied_records_is_valid_popolo(varied, api_client):
    document = export(api_client)
    assert [len(document[key]) for key in SCHEMA_OF] == [5, 4, 5, 3, 3]
    errors = schema_errors(document)
    assert errors == [], "\n".join(errors)


def test_the_validation_would_catch_a_bad_item():
    errors = schema_errors(
        {
            "persons": [{"id": "person/x", "sources": [{"note": "no url"}]}],
            "organizations": [],
            "memberships": [{"id": "role/1", "start_date": "1 Dec 2025"}],
            "events": [{"id": "meeting/x", "end_date": "2025-W49"}],
            "speeches": [{"id": "statement/1", "position": "first"}],
        }
    )
    assert len(errors) == 4, errors


def test_delegation_seats_represent_the_delegations_party(varied, api_client):
    document = export(api_client)
    delegation = f"delegation/{varied['delegation'].pk}"
    seats = [item for item in document["memberships"] if item.get("organization_id") == delegation]
    assert sorted(seat["role"] for seat in seats) == ["adviser", "head"]
    assert {seat["on_behalf_of_id"] for seat in seats} == {f"party/{varied['us'].slug}"}
    # A seat is backed by its delegation's citation, here one with a URL of its own.
    assert seats[0]["sources"] == [{"url": "https://example.org/report", "note": "Envoys met"}]
    organization = by_id(document, "organizations")[delegation]
    assert organization["description"] == "Small team."
    us = by_id(document, "organizations")[f"party/{varied['us'].slug}"]
    assert us["other_names"] == [{"name": "US", "note": "Short name"}]


def test_role_dates_keep_their_own_precision(varied, api_client):
    envoy = f"person/{varied['envoy'].slug}"
    (role,) = [
        item
        for item in export(api_client)["memberships"]
        if item["id"].startswith("role/") and item.get("person_id") == envoy
    ]
    assert role["start_date"] == "2025-01-20"
    assert role["end_date"] == "2025-11"
    assert role["label"] == "Special Envoy, State Department"


def test_uncited_records_say_so_with_empty_sources(varied, api_client):
    events = by_id(export(api_client), "events")
    month = events[f"meeting/{varied['month'].slug}"]
    assert month["sources"] == []
    assert month["start_date"] == "2025-11"
    assert "location" not in month


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (datetime.date(2025, 12, 1), "day", "2025-12-01"),
        (datetime.date(2025, 12, 1), "month", "2025-12"),
        (datetime.date(2025, 12, 1), "week", "2025-12"),  # 1-7 Dec: one month
        (datetime.date(2025, 9, 29), "week", "2025"),  # 29 Sep-5 Oct: one year
        (datetime.date(2025, 12, 29), "week", None),  # across the new year: no honest form
        (None, "unknown", None),
    ],
)
def test_popolo_dates_claim_no_more_than_the_precision(value, precision, expected):
    assert popolo_date(value, precision) == expected


def test_speech_dates_and_meetings(varied, api_client):
    speeches = export(api_client)["speeches"]
    # Popolo's `date` is a date-time the sources never give: the partial date goes elsewhere.
    assert all("date" not in speech for speech in speeches)
    dated = [speech for speech in speeches if "date_reported" in speech]
    assert sorted((s["date_reported"], s["date_precision"]) for s in dated) == [
        ("2025-11", "week"),
        ("2025-12-01", "day"),
    ]
    assert sum("event_id" in speech for speech in speeches) == 1


# --- Reading ------------------------------------------------------------------------------------


def test_anyone_reads_the_export_and_nobody_writes_to_it(article, api_client):
    assert api_client.get(URL).status_code == 200
    assert api_client.post(URL, {}, format="json").status_code == 405


def test_an_unchanged_export_answers_304_to_its_etag(article, api_client):
    etag = api_client.get(URL).headers["ETag"]
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    m.Statement.objects.filter(person__slug="rustem-umerov").delete()
    changed = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def add_one_of_each() -> None:
    meeting = f.MeetingFactory()
    delegation = f.DelegationFactory(meeting=meeting)
    f.DelegationMemberFactory(delegation=delegation, role="head")
    f.DelegationMemberFactory(delegation=delegation)
    f.StatementFactory(meeting=meeting)
    f.RoleFactory()
    for record in (meeting, delegation, delegation.party):
        f.CitationFactory(content_object=record)


def test_the_export_reads_in_a_fixed_number_of_queries(db, api_client, django_assert_num_queries):
    add_one_of_each()
    export(api_client)  # content types are cached after the first read
    # Two per section: people, parties, delegations, roles, delegation seats, meetings and
    # statements, each with its citations (a seat's are its delegation's).
    with django_assert_num_queries(14):
        small = export(api_client)
    for _ in range(5):
        add_one_of_each()
    with django_assert_num_queries(14):
        large = export(api_client)
    assert len(large["memberships"]) == 6 * len(small["memberships"])


# --- Pages (issue 18: the whole document at once outran the server's timeout) --------------------


def walk(api_client, url: str) -> list[dict]:
    pages = []
    while url:
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        url = pages[-1]["next"]
    return pages


def test_the_export_is_read_in_pages_that_add_up_to_the_whole(varied, api_client):
    whole = export(api_client)
    pages = walk(api_client, f"{URL}?page_size=3")
    assert len(pages) > 3
    for page in pages:
        assert set(page) == {*SCHEMA_OF, "next"}
        assert sum(len(page[key]) for key in SCHEMA_OF) <= 3
        assert schema_errors(page) == []
    for key in SCHEMA_OF:
        assert [item for page in pages for item in page[key]] == whole[key]
    assert pages[0]["next"].startswith("http://testserver/api/v1/popolo/?cursor=persons%3A")


def test_a_page_reads_in_a_fixed_number_of_queries_however_big_the_tracker(
    db, api_client, django_assert_max_num_queries
):
    add_one_of_each()
    export(api_client)
    with django_assert_max_num_queries(14):
        small = api_client.get(URL, {"page_size": 4}).json()
    for _ in range(30):
        add_one_of_each()
    with django_assert_max_num_queries(14):
        large = api_client.get(URL, {"page_size": 4}).json()
    assert (
        sum(len(large[key]) for key in SCHEMA_OF) == 4 == sum(len(small[key]) for key in SCHEMA_OF)
    )
    assert large["next"] is not None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"cursor": "nonsense"}, "cursor"),
        ({"cursor": "seats:-1"}, "cursor"),
        ({"cursor": "seats:" + "9" * 30}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "5001"}, "page_size"),
        ({"page_size": "1e3"}, "page_size"),
        ({"page_size": "9" * 40}, "page_size"),
    ],
)
def test_a_bad_cursor_or_page_size_is_a_400_naming_it(db, api_client, query, field):
    response = api_client.get(URL, query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_cursor_past_the_end_is_an_empty_last_page(article, api_client):
    page = api_client.get(URL, {"cursor": f"speeches:{10**17}"}).json()
    assert all(page[key] == [] for key in SCHEMA_OF)
    assert page["next"] is None
