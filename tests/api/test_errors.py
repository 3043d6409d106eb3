"""Bad input never gives a 500 and never writes anything: 400 (or 409) naming what is wrong."""

import pytest

from negotiations import models as m
from negotiations.models.kinds import stored_models
from tests import factories as f

HUGE = 10**25  # beyond any 64-bit id
FLORIDA = "/api/v1/meetings/2/"


def row_counts() -> dict[str, int]:
    """How many rows every table of the app holds, change history included."""
    return {model._meta.label: model._default_manager.count() for model in stored_models()}


# --- Creating records -----------------------------------------------------------------------

NEW_MEETING = {"title": "Kyiv talks", "slug": "kyiv-talks", "status": "scheduled"}


@pytest.mark.django_db
def test_the_valid_new_meeting_the_cases_start_from_is_accepted(article, analyst_api):
    response = analyst_api.post("/api/v1/meetings/", NEW_MEETING, format="json")

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"duration_minutes": "four hours"}, "duration_minutes", None, id="str-int"),
        pytest.param({"duration_minutes": -5}, "duration_minutes", None, id="negative-int"),
        pytest.param({"title": ["Kyiv", "talks"]}, "title", None, id="list-for-str"),
        pytest.param({"title": None}, "title", None, id="null-title"),
        pytest.param({"duration_minutes": 10**30}, "duration_minutes", None, id="huge-int"),
        pytest.param({"sequence": 10**20}, "sequence", None, id="huge-sequence"),
        pytest.param({"place": HUGE}, "place", None, id="huge-foreign-key"),
        pytest.param({"place": 999}, "place", None, id="unknown-foreign-key"),
        pytest.param({"place": "Geneva"}, "place", None, id="name-for-foreign-key"),
        pytest.param(
            {"date": "2025-02-30", "date_precision": "day"}, "date", None, id="impossible-date"
        ),
        pytest.param({"date": "not-a-date", "date_precision": "day"}, "date", None, id="no-date"),
        pytest.param({"status": "adjourned"}, "status", None, id="unknown-status"),
        pytest.param({"date_precision": "fortnight"}, "date_precision", None, id="bad-precision"),
        pytest.param(
            {"date": "2025-12-02", "date_precision": "day", "end_date": "2025-12-01"},
            "non_field_errors",
            "A meeting cannot end before it starts.",
            id="ends-before-it-starts",
        ),
        pytest.param(
            {"date": "2025-12-02", "date_precision": "unknown"},
            "non_field_errors",
            "Give a date exactly when its precision is not “not reported”.",
            id="date-with-unknown-precision",
        ),
        pytest.param(
            {"start_time": "10:00"},
            "non_field_errors",
            "A start time needs a date known to the day.",
            id="start-time-without-day",
        ),
        pytest.param({"slug": "florida-talks"}, "slug", None, id="duplicate-slug"),
    ],
)
def test_a_bad_new_meeting_is_refused_with_400_and_nothing_written(
    article, analyst_api, change, field, message
):
    before = row_counts()

    response = analyst_api.post("/api/v1/meetings/", {**NEW_MEETING, **change}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    if message is not None:
        assert response.json()[field] == [message]
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "payload", "field", "message"),
    [
        pytest.param(
            "/api/v1/positions/",
            {"party": 2, "issue": 1, "point": 1, "stance": "opposes", "stated_position": "No."},
            "non_field_errors",
            "A position is on either a sticking issue or a point.",
            id="position-on-issue-and-point",
        ),
        pytest.param(
            "/api/v1/positions/",
            {"party": 2, "stance": "opposes", "stated_position": "No."},
            "non_field_errors",
            "A position is on either a sticking issue or a point.",
            id="position-on-nothing",
        ),
        pytest.param(
            "/api/v1/delegations/",
            {
                "meeting": 1,
                "party": 1,
                "members": [{"person": 1, "role": "head"}, {"person": 2, "role": "head"}],
            },
            "members",
            "A delegation has one head.",
            id="delegation-with-two-heads",
        ),
        pytest.param(
            "/api/v1/delegations/",
            {
                "meeting": 1,
                "party": 1,
                "members": [{"person": 1, "role": "head"}, {"person": 1, "role": "member"}],
            },
            "members",
            "A person appears twice in the delegation.",
            id="delegation-with-a-person-twice",
        ),
        pytest.param(
            "/api/v1/delegations/",
            {"meeting": 1, "party": 1, "members": [{"person": HUGE, "role": "head"}]},
            "members.0.person",
            None,
            id="delegation-member-huge-id",
        ),
        pytest.param(
            "/api/v1/delegations/",
            {"meeting": 2, "party": 1},
            "non_field_errors",
            None,
            id="second-delegation-of-a-party-at-a-meeting",
        ),
        pytest.param(
            "/api/v1/citations/",
            {
                "source": 1,
                "record_kind": "meeting",
                "record_id": 2,
                "excerpt": "The talks collapsed in acrimony",
            },
            "excerpt",
            "The excerpt does not occur verbatim in the source.",
            id="citation-excerpt-not-in-source",
        ),
        pytest.param(
            "/api/v1/citations/",
            {
                "source": 1,
                "record_kind": "meeting",
                "record_id": 999,
                "excerpt": "The meeting, held near Miami",
            },
            "record_id",
            "No meeting with id 999.",
            id="citation-of-a-missing-record",
        ),
        pytest.param(
            "/api/v1/citations/",
            {
                "source": 1,
                "record_kind": "meeting",
                "record_id": HUGE,
                "excerpt": "The meeting, held near Miami",
            },
            "record_id",
            None,
            id="citation-of-a-huge-record-id",
        ),
        pytest.param(
            "/api/v1/citations/",
            {
                "source": 1,
                "record_kind": "planet",
                "record_id": 1,
                "excerpt": "The meeting, held near Miami",
            },
            "record_kind",
            None,
            id="citation-of-an-unknown-kind",
        ),
        pytest.param(
            "/api/v1/points/",
            {"version": 2, "number": 10**20, "title": "Too far"},
            "number",
            None,
            id="point-huge-number",
        ),
        pytest.param(
            "/api/v1/points/",
            {"version": 2, "number": 20, "title": "One too many"},
            "number",
            "The version declares only 19 points.",
            id="point-number-beyond-declared",
        ),
        pytest.param(
            "/api/v1/framework-versions/",
            {"framework": 1, "label": "Third", "slug": "third", "declared_points": 10**20},
            "declared_points",
            None,
            id="version-huge-declared-points",
        ),
    ],
)
def test_a_record_breaking_a_rule_is_refused_with_400_and_nothing_written(
    article, analyst_api, url, payload, field, message
):
    before = row_counts()

    response = analyst_api.post(url, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    if message is not None:
        assert message in str(response.json()[field])
    assert row_counts() == before


@pytest.mark.django_db
def test_a_second_point_with_the_same_number_in_a_version_is_refused(article, analyst_api):
    f.FrameworkPointFactory(version=m.FrameworkVersion.objects.get(pk=2), number=5)
    before = row_counts()

    response = analyst_api.post(
        "/api/v1/points/", {"version": 2, "number": 5, "title": "Prisoner exchange"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This version already has a point with this number."]
    }
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"title": "Kyiv talks", ', id="truncated"),
        pytest.param("{'title': 'Kyiv talks'}", id="single-quotes"),
        pytest.param("not json at all", id="plain-text"),
        pytest.param('["a", "list"]', id="a-list"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused_with_400(article, analyst_api, body):
    before = row_counts()

    response = analyst_api.post("/api/v1/meetings/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()  # a message, not an empty body
    assert row_counts() == before


# --- Changing records -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"duration_minutes": "four hours"}, "duration_minutes", id="str-int"),
        pytest.param({"duration_minutes": 10**30}, "duration_minutes", id="huge-int"),
        pytest.param({"place": HUGE}, "place", id="huge-foreign-key"),
        pytest.param({"date": "2025-02-30", "date_precision": "day"}, "date", id="impossible"),
        pytest.param({"status": "adjourned"}, "status", id="unknown-status"),
        pytest.param({"date": "2025-12-01"}, "non_field_errors", id="date-with-unknown-precision"),
        pytest.param({"slug": "moscow-visit"}, "slug", id="duplicate-slug"),
    ],
)
def test_a_bad_change_is_refused_with_400_and_leaves_the_record_as_it_was(
    article, analyst_api, change, field
):
    before = analyst_api.get(FLORIDA)
    counts = row_counts()

    response = analyst_api.patch(FLORIDA, change, format="json", HTTP_IF_MATCH=before["ETag"])

    assert response.status_code == 400
    assert field in response.json()
    after = analyst_api.get(FLORIDA)
    assert after["ETag"] == before["ETag"]
    assert after.json() == before.json()
    assert row_counts() == counts


# --- Reading --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/99999999999999999999999/",
        "/api/v1/parties/99999999999999999999999/",
        "/api/v1/citations/99999999999999999999999/",
        "/api/v1/meetings/0/",
        "/api/v1/meetings/abc/",
    ],
)
def test_a_record_that_cannot_exist_is_not_found(article, analyst_api, url):
    assert analyst_api.get(url).status_code == 404


@pytest.mark.django_db
def test_deleting_a_record_that_cannot_exist_is_not_found(article, analyst_api):
    response = analyst_api.delete("/api/v1/meetings/99999999999999999999999/", HTTP_IF_MATCH='"v1"')

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/meetings/?party=abc", "party"),
        ("/api/v1/meetings/?party=99999999999999999999999", "party"),
        ("/api/v1/meetings/?party=-1", "party"),
        ("/api/v1/meetings/?date_after=2025-13-45", "date_after"),
        ("/api/v1/meetings/?updated_since=yesterday", "updated_since"),
        ("/api/v1/meetings/?status=adjourned", "status"),
        ("/api/v1/positions/?issue=1.5", "issue"),
        ("/api/v1/citations/?record_id=99999999999999999999999", "record_id"),
        ("/api/v1/statements/?date_before=2025-12-32", "date_before"),
        ("/api/v1/timeline/?party=abc", "party"),
        ("/api/v1/timeline/?kind=rumour", "kind"),
        ("/api/v1/timeline/?date_after=2025-02-30", "date_after"),
    ],
)
def test_a_filter_with_a_bad_value_is_refused_with_400_naming_it(article, api_client, url, field):
    response = api_client.get(url)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "since",
    [
        pytest.param("0001-01-01T00:00:00Z", id="year-1"),
        pytest.param("9999-12-31T23:59:59Z", id="year-9999"),
        pytest.param("0001-01-01T00:00:00+01:00", id="year-1-east-of-utc"),
        pytest.param("9999-12-31T23:59:59-01:00", id="year-9999-west-of-utc"),
    ],
)
def test_updated_since_at_the_ends_of_the_calendar_is_answered_not_failed(
    article, api_client, since
):
    response = api_client.get("/api/v1/parties/", {"updated_since": since})

    assert response.status_code in (200, 400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        pytest.param('"unbalanced', id="unbalanced-quote"),
        pytest.param("rubio & (", id="tsquery-operators"),
        pytest.param("!!! *:", id="punctuation-only"),
        pytest.param("'", id="single-quote"),
        pytest.param("the", id="stop-word-only"),
        pytest.param("x" * 1000, id="very-long"),
        pytest.param("rubio\x00", id="nul-byte"),
    ],
)
def test_a_search_with_odd_characters_is_answered_not_failed(article, api_client, query):
    response = api_client.get("/api/v1/people/", {"search": query})

    assert response.status_code in (200, 400)


# --- Deleting records others refer to -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "referrers"),
    [
        ("/api/v1/parties/1/", "delegation"),  # the United States, at Florida and Moscow
        ("/api/v1/places/1/", "meeting"),  # Hallandale Beach, where Florida was held
        ("/api/v1/people/1/", "statement"),  # Marco Rubio, who is quoted
        ("/api/v1/sources/1/", "citation"),  # the article every claim cites
    ],
)
def test_deleting_a_record_others_refer_to_is_refused_with_409(
    article, analyst_api, url, referrers
):
    before = analyst_api.get(url)
    counts = row_counts()

    response = analyst_api.delete(url, HTTP_IF_MATCH=before["ETag"])

    assert response.status_code == 409
    assert "Other records still refer to this one" in response.json()["detail"]
    assert referrers in response.json()["detail"]
    after = analyst_api.get(url)
    assert after.status_code == 200
    assert after["ETag"] == before["ETag"]
    assert row_counts() == counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "members",
    [
        pytest.param([{"role": "head"}], id="member-without-person"),
        pytest.param([{"person": "x"}], id="person-not-an-id"),
    ],
)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_delegation_member_without_a_person_is_refused_with_400(
    article, analyst_api, method, members
):
    url = "/api/v1/delegations/1/"
    tag = analyst_api.get(url)["ETag"]
    body = {"meeting": 2, "party": 1, "members": members}
    response = getattr(analyst_api, method)(url, body, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 400
    # The list itself ("members") or the member's field ("members.0.person").
    assert {key.split(".")[0] for key in response.json()} == {"members"}
    assert m.DelegationMember.objects.filter(delegation_id=1).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "body"),
    [
        pytest.param(
            [{"person": 1, "role": "head"}, {"role": "member"}],
            {"members.1.person": ["This field is required."]},
            id="a-member-by-its-index",
        ),
        pytest.param(
            "Steve Witkoff",
            {"members": ['Expected a list of items but got type "str".']},
            id="the-list-itself",
        ),
    ],
)
def test_a_nested_error_is_named_by_its_dotted_path(article, analyst_api, members, body):
    response = analyst_api.post(
        "/api/v1/delegations/", {"meeting": 1, "party": 1, "members": members}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == body


@pytest.mark.django_db
def test_a_member_without_a_role_joins_as_a_member(article, analyst_api):
    url = "/api/v1/delegations/2/"
    tag = analyst_api.get(url)["ETag"]
    body = {"members": [{"person": 4, "role": "head"}, {"person": 6}]}
    response = analyst_api.patch(url, body, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 200
    roles = {member["person"]["name"]: member["role"] for member in response.json()["members"]}
    assert roles == {"Rustem Umerov": "head", "Volodymyr Zelenskyy": "member"}


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["+16:00", "-23:59", "+05:00"])
def test_updated_since_with_any_valid_offset_is_answered(article, api_client, offset):
    response = api_client.get("/api/v1/topics/", {"updated_since": f"2025-01-01T00:00:00{offset}"})
    assert response.status_code == 200
