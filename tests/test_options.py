"""The negotiation space: options on an issue, parties' stances on them over time, the matrix
with its open ground, as of a date and since one, on the page, in the API, as CSV and in feeds."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from negotiations.imports import RESOURCES, import_rows, load_dataset
from negotiations.models import Citation, Option, OptionStance, StickingIssue
from negotiations.services import record_save
from negotiations.space.selectors import (
    Direction,
    issue_matrix,
    open_ground_counts,
    stance_history,
)
from tests.factories import (
    CitationFactory,
    FrameworkPointFactory,
    OptionFactory,
    OptionStanceFactory,
    PartyFactory,
    PositionFactory,
    StickingIssueFactory,
)
from tests.test_imports import DATA, run

pytestmark = pytest.mark.django_db

Stance = OptionStance.Stance
D = datetime.date


def stance(option, party, value, day, **fields) -> OptionStance:
    return OptionStanceFactory(
        option=option,
        party=party,
        stance=value,
        as_of=day,
        as_of_precision="day" if day else "unknown",
        **fields,
    )


@pytest.fixture
def space():
    """An issue with two options and two parties: Red moves on "freeze" from a red line to
    conditional to acceptable; Blue accepts "freeze" and has said nothing of "restore"."""
    issue = StickingIssueFactory(title="Territory", slug="territory")
    freeze, restore = (OptionFactory(issue=issue, title=t) for t in ("Freeze", "Restore"))
    red, blue = PartyFactory(name="Red"), PartyFactory(name="Blue")
    stance(freeze, red, Stance.UNACCEPTABLE, D(2025, 1, 1))
    stance(freeze, red, Stance.CONDITIONAL, D(2025, 6, 1), condition="A ceasefire first.")
    stance(freeze, red, Stance.ACCEPTABLE, D(2025, 11, 1))
    stance(freeze, blue, Stance.ACCEPTABLE, D(2025, 3, 1))
    stance(restore, red, Stance.UNACCEPTABLE, None)
    return {"issue": issue, "freeze": freeze, "restore": restore, "red": red, "blue": blue}


def cells(matrix) -> dict[tuple[str, str], str]:
    return {
        (row.option.title, cell.party.name): cell.value for row in matrix.rows for cell in row.cells
    }


# Constraints, on both databases: full_clean (the service's 400) and the database behind it.


def stance_row(**fields) -> OptionStance:
    values = {
        "option": OptionFactory(),
        "party": PartyFactory(),
        "stance": Stance.ACCEPTABLE,
        "stated_position": "Yes.",
        "as_of": D(2025, 12, 1),
        "as_of_precision": "day",
    } | fields
    return OptionStance(**values)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"stance": "maybe"}, "not a valid choice"),
        ({"stance": Stance.CONDITIONAL}, "State the condition exactly when"),
        ({"condition": "Only if paid."}, "State the condition exactly when"),
        ({"as_of_precision": "year"}, "not a valid choice"),
        ({"as_of": None}, "Give a as of exactly when"),
        ({"as_of_precision": "unknown"}, "Give a as of exactly when"),
    ],
)
def test_a_stance_the_rules_refuse_is_refused_by_the_database_too(fields, message):
    record = stance_row(**fields)
    with pytest.raises(ValidationError, match=message):
        record.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        OptionStance.objects.bulk_create([record])


def test_a_conditional_stance_with_its_condition_is_kept():
    record = stance_row(stance=Stance.CONDITIONAL, condition="A ceasefire first.")
    record.full_clean()
    record.save()
    assert OptionStance.objects.get().get_stance_display() == "Acceptable with conditions"


def test_one_stance_per_party_option_and_date():
    first = stance_row()
    first.save()
    again = stance_row(option=first.option, party=first.party, stance=Stance.UNACCEPTABLE)
    with pytest.raises(ValidationError, match="already exists"):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        OptionStance.objects.bulk_create([again])
    # Another date, another party, another option: each is a stance of its own.
    stance_row(option=first.option, party=first.party, as_of=D(2025, 12, 2)).full_clean()
    stance_row(option=first.option).full_clean()
    stance_row(party=first.party).full_clean()


def test_one_undated_stance_per_party_and_option():
    first = stance_row(as_of=None, as_of_precision="unknown")
    first.save()
    again = stance_row(
        option=first.option, party=first.party, as_of=None, as_of_precision="unknown"
    )
    with pytest.raises(ValidationError, match="already has an undated stance"):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        OptionStance.objects.bulk_create([again])


def test_option_titles_are_unique_within_an_issue_only():
    option = OptionFactory(title="Freeze")
    with pytest.raises(ValidationError, match="already exists"):
        Option(issue=option.issue, title="Freeze").full_clean()
    Option(issue=StickingIssueFactory(), title="Freeze").full_clean()


# The current stance, as of a date.


def test_the_current_stance_is_each_partys_latest(space):
    matrix = issue_matrix(issue=space["issue"])
    assert cells(matrix) == {
        ("Freeze", "Blue"): Stance.ACCEPTABLE,
        ("Freeze", "Red"): Stance.ACCEPTABLE,
        ("Restore", "Blue"): Stance.UNKNOWN,
        ("Restore", "Red"): Stance.UNACCEPTABLE,
    }
    assert [party.name for party in matrix.parties] == ["Blue", "Red"]


@pytest.mark.parametrize(
    ("day", "red_on_freeze", "blue_on_freeze"),
    [
        (D(2024, 12, 31), Stance.UNKNOWN, Stance.UNKNOWN),
        (D(2025, 1, 1), Stance.UNACCEPTABLE, Stance.UNKNOWN),
        (D(2025, 5, 31), Stance.UNACCEPTABLE, Stance.ACCEPTABLE),
        (D(2025, 6, 1), Stance.CONDITIONAL, Stance.ACCEPTABLE),
        (D(2025, 10, 31), Stance.CONDITIONAL, Stance.ACCEPTABLE),
        (D(2025, 11, 1), Stance.ACCEPTABLE, Stance.ACCEPTABLE),
    ],
)
def test_as_of_gives_what_the_history_says_on_that_date(space, day, red_on_freeze, blue_on_freeze):
    found = cells(issue_matrix(issue=space["issue"], as_of=day))
    assert found[("Freeze", "Red")] == red_on_freeze
    assert found[("Freeze", "Blue")] == blue_on_freeze
    # The undated red line is known at every date: the source gives it without one.
    assert found[("Restore", "Red")] == Stance.UNACCEPTABLE


@pytest.mark.parametrize(
    "day", [None, D(2024, 1, 1), D(2025, 1, 1), D(2025, 6, 1), D(2025, 10, 1), D(2030, 1, 1)]
)
def test_the_matrix_chooses_the_cells_by_the_rule_the_window_query_gives(space, day):
    """The pages and the API pick each cell from the stances they read; the board asks the
    database (OptionStance.objects.current). Both follow one rule."""
    stance(space["restore"], space["blue"], Stance.ACCEPTABLE, D(2025, 6, 1))
    from_sql = {(s.option_id, s.party_id): s.pk for s in OptionStance.objects.current(day)}
    for history in (None, stance_history(space["issue"])):
        matrix = issue_matrix(issue=space["issue"], as_of=day, history=history)
        chosen = {
            (row.option.pk, cell.party.pk): cell.stance.pk
            for row in matrix.rows
            for cell in row.cells
            if cell.stance
        }
        assert chosen == from_sql


def test_a_dated_stance_overrides_an_undated_one(space):
    stance(space["restore"], space["red"], Stance.CONDITIONAL, D(2025, 9, 1), condition="Talks")
    assert cells(issue_matrix(issue=space["issue"]))[("Restore", "Red")] == Stance.CONDITIONAL


# Open ground.


def test_open_ground_is_what_no_party_rules_out(space):
    rows = {row.option.title: row for row in issue_matrix(issue=space["issue"]).rows}
    assert rows["Freeze"].open_ground
    assert rows["Freeze"].agreed
    assert not rows["Restore"].open_ground
    assert [party.name for party in rows["Restore"].ruled_out_by] == ["Red"]


def test_an_unknown_stance_does_not_count_as_accepting(space):
    blue_unknown = StickingIssueFactory()
    option = OptionFactory(issue=blue_unknown, title="Talk")
    stance(option, space["red"], Stance.ACCEPTABLE, D(2025, 1, 1))
    stance(option, space["blue"], Stance.UNKNOWN, D(2025, 1, 1))
    (row,) = issue_matrix(issue=blue_unknown).rows
    assert row.open_ground  # nobody rules it out …
    assert not row.agreed  # … but Blue has not accepted it
    assert row.unknown_count == 1


def test_one_red_line_removes_an_option_and_a_later_stance_restores_it(space):
    stance(space["freeze"], space["blue"], Stance.UNACCEPTABLE, D(2025, 12, 1))
    matrix = issue_matrix(issue=space["issue"])
    assert matrix.open_rows == []
    stance(space["freeze"], space["blue"], Stance.UNKNOWN, D(2025, 12, 2))
    assert [row.option.title for row in issue_matrix(issue=space["issue"]).open_rows] == ["Freeze"]


def test_the_board_counts_open_ground_from_current_stances_only(space):
    other = StickingIssueFactory()
    counts = open_ground_counts([space["issue"], other])
    assert (counts[space["issue"].pk].options, counts[space["issue"].pk].open) == (2, 1)
    assert (counts[other.pk].options, counts[other.pk].open) == (0, 0)
    # Red's earlier red line on "freeze" is history, not today's stance.
    stance(space["freeze"], space["blue"], Stance.UNACCEPTABLE, D(2025, 12, 1))
    assert open_ground_counts([space["issue"]])[space["issue"].pk].open == 0


# Movement.


def test_since_lists_the_stances_that_moved_and_which_way(space):
    matrix = issue_matrix(issue=space["issue"], since=D(2025, 2, 1))
    moves = {(m.option.title, m.party.name): m for m in matrix.moves}
    assert set(moves) == {("Freeze", "Red"), ("Freeze", "Blue")}
    assert moves[("Freeze", "Red")].direction == Direction.SOFTENED
    assert moves[("Freeze", "Red")].before.stance == Stance.UNACCEPTABLE
    assert moves[("Freeze", "Blue")].direction == Direction.STATED
    assert moves[("Freeze", "Blue")].before is None


def test_since_and_as_of_bound_the_movement(space):
    matrix = issue_matrix(issue=space["issue"], since=D(2025, 7, 1), as_of=D(2025, 10, 1))
    assert matrix.moves == []
    stance(space["freeze"], space["blue"], Stance.UNACCEPTABLE, D(2025, 12, 1))
    (move,) = issue_matrix(issue=space["issue"], since=D(2025, 11, 15)).moves
    assert (move.party.name, move.direction) == ("Blue", Direction.HARDENED)
    stance(space["freeze"], space["blue"], Stance.UNKNOWN, D(2025, 12, 5))
    (move,) = issue_matrix(issue=space["issue"], since=D(2025, 12, 2)).moves
    assert move.direction == Direction.UNKNOWN


# Query counts: flat in the number of options, parties and stances.


def grow(issue, options: int, parties: int) -> None:
    made = [OptionFactory(issue=issue) for _ in range(options)]
    people = [PartyFactory() for _ in range(parties)]
    for option in made:
        option.points.add(FrameworkPointFactory())  # each of its own version and framework
        CitationFactory(content_object=option)
        for party in people:
            for day in (D(2025, 1, 1), D(2025, 6, 1)):
                made_stance = stance(option, party, Stance.CONDITIONAL, day, condition="If.")
                CitationFactory(content_object=made_stance)


@pytest.mark.parametrize("size", [1, 4])
def test_the_matrix_reads_a_fixed_number_of_queries(space, size, django_assert_num_queries):
    grow(space["issue"], options=size, parties=size)
    # options, their citations, points, point versions, their frameworks, parties, the
    # stances, the citations of those chosen now and then.
    with django_assert_num_queries(8):
        issue_matrix(issue=space["issue"], since=D(2025, 3, 1))


@pytest.mark.parametrize("size", [1, 4])
def test_the_issue_page_reads_a_fixed_number_of_queries(
    client, space, size, django_assert_num_queries
):
    grow(space["issue"], options=size, parties=size)
    PositionFactory(issue=space["issue"], party=space["red"]).options.add(space["freeze"])
    url = space["issue"].get_absolute_url() + "?since=2025-03-01"
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_the_matrix_page_reads_a_fixed_number_of_queries(
    client, space, size, django_assert_num_queries
):
    grow(space["issue"], options=size, parties=size)
    url = reverse("negotiations:issue-matrix", args=[space["issue"].slug]) + "?since=2025-03-01"
    # the issue, its options, the parties, the stances, the citations of those chosen
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200


def test_the_matrix_page_is_the_matrix_without_the_histories(client, space):
    url = reverse("negotiations:issue-matrix", args=[space["issue"].slug])
    page = client.get(url, {"since": "2025-02-01"}).content.decode()
    assert "Open ground:</strong> 1 of 2 options no party rules out" in page
    assert "Softened since 1 Feb 2025" in page
    assert "<svg" not in page  # the picture of the history is the issue page's
    # Each cell links to its stance in the option's history, on the issue's page.
    stance = space["freeze"].stances.order_by("-as_of").first()
    assert f'href="/issues/territory/#option-stance-{stance.pk}"' in page
    assert 'id="option-stance-' not in page
    assert client.get(url, {"as_of": "2025-13-01"}).status_code == 400
    assert client.get("/issues/nowhere/matrix/").status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_the_board_reads_a_fixed_number_of_queries(client, space, size, django_assert_num_queries):
    for _ in range(size):
        issue = StickingIssueFactory()
        grow(issue, options=size, parties=2)
    with django_assert_num_queries(5):
        response = client.get(reverse("negotiations:issue-board"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_the_api_matrix_reads_a_fixed_number_of_queries(
    api_client, space, size, django_assert_num_queries
):
    grow(space["issue"], options=size, parties=size)
    url = reverse("api:issue-matrix", args=[space["issue"].pk]) + "?since=2025-03-01"
    with django_assert_num_queries(9):
        response = api_client.get(url)
    assert response.status_code == 200


# The page.


def test_the_page_shows_the_matrix_and_its_open_ground(client, space):
    page = client.get(space["issue"].get_absolute_url()).content.decode()
    assert "Open ground:</strong> 1 of 2 options no party rules out" in page
    assert f'<a href="/issues/territory/#option-{space["freeze"].pk}"><bdi>Freeze</bdi></a>' in page
    assert "Unknown" in page  # Blue on "restore"
    assert "Unacceptable (a red line)" in page
    assert f'id="option-stance-{space["freeze"].stances.first().pk}"' in page
    assert "<svg" in page


def test_the_page_says_plainly_when_there_is_no_open_ground(client, space):
    stance(space["freeze"], space["blue"], Stance.UNACCEPTABLE, D(2025, 12, 1))
    page = client.get(space["issue"].get_absolute_url()).content.decode()
    assert "No open ground:</strong> every option is ruled out by at least one party." in page


def test_the_page_as_of_a_date_and_since_one(client, space):
    url = space["issue"].get_absolute_url()
    page = client.get(url, {"as_of": "2025-03-01"}).content.decode()
    assert "As of 1 Mar 2025" in page
    assert "Acceptable with conditions" not in page.split("The options")[0]
    page = client.get(url, {"since": "2025-02-01"}).content.decode()
    assert "Moved since 1 Feb 2025" in page
    assert "Softened" in page
    assert "First stated" in page


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "yesterday"},
        {"since": "2025-13-01"},
        {"as_of": "2025-01-01", "since": "2025-02-01"},
    ],
)
def test_bad_dates_are_a_400_that_says_why(client, space, query):
    response = client.get(space["issue"].get_absolute_url(), query)
    assert response.status_code == 400
    assert "could not be used as it is" in response.content.decode()


def test_the_board_links_each_issue_to_its_open_ground(client, space):
    StickingIssueFactory(title="Empty")
    page = client.get(reverse("negotiations:issue-board")).content.decode()
    assert 'href="/issues/territory/matrix/">1 of 2 options' in page
    assert "No options recorded" in page


def test_the_matrix_as_csv_has_a_row_per_cell_unknowns_included(client, space):
    stance(space["restore"], space["blue"], Stance.CONDITIONAL, D(2025, 1, 2), condition="=1+1")
    url = reverse("negotiations:issue-matrix-csv", args=[space["issue"].slug])
    response = client.get(url, {"as_of": "2025-01-01"})
    assert response.status_code == 200
    assert "territory-matrix-2025-01-01.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["option"], r["party"], r["stance"]) for r in rows] == [
        ("Freeze", "Blue", "unknown"),
        ("Freeze", "Red", "unacceptable"),
        ("Restore", "Blue", "unknown"),
        ("Restore", "Red", "unacceptable"),
    ]
    assert rows[1]["as_of"] == "2025-01-01"
    assert rows[3]["as_of_display"] == "date not reported"
    today = list(csv.DictReader(io.StringIO(b"".join(client.get(url).streaming_content).decode())))
    assert today[2]["condition"] == "'=1+1"  # never a formula in a spreadsheet
    assert client.get(url, {"as_of": "x"}).status_code == 400


# The API.


def test_the_api_matrix(api_client, space):
    url = reverse("api:issue-matrix", args=[space["issue"].slug])
    data = api_client.get(url, {"since": "2025-02-01"}).json()
    assert [p["name"] for p in data["parties"]] == ["Blue", "Red"]
    freeze, restore = data["options"]
    assert freeze["open_ground"]
    assert freeze["agreed"]
    assert not restore["open_ground"]
    assert [cell["value"] for cell in restore["cells"]] == ["unknown", "unacceptable"]
    assert restore["cells"][0]["stance"] is None
    assert [o["name"] for o in data["open_ground"]] == [str(space["freeze"])]
    assert {(m["party"]["name"], m["direction"]) for m in data["moves"]} == {
        ("Red", "softened"),
        ("Blue", "stated"),
    }
    assert freeze["cells"][1]["moved"] == "softened"
    as_of = api_client.get(url, {"as_of": "2025-01-01"}).json()
    assert as_of["as_of"] == "2025-01-01"
    assert as_of["open_ground"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"as_of": "soon"}, "as_of"),
        ({"as_of": "2025-01-01", "since": "2025-02-01"}, "since"),
        ({"until": "2025-01-01"}, "detail"),
    ],
)
def test_the_api_matrix_refuses_bad_queries_with_the_field(api_client, space, query, field):
    response = api_client.get(reverse("api:issue-matrix", args=[space["issue"].pk]), query)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_matrix_of_an_unknown_issue_is_a_404(api_client):
    assert api_client.get(reverse("api:issue-matrix", args=["nowhere"])).status_code == 404


def test_analysts_write_stances_through_the_api_and_the_rules_answer_400(analyst_api, space):
    url = reverse("api:optionstance-list")
    base = {
        "option": space["restore"].pk,
        "party": space["blue"].pk,
        "stated_position": "Only after a ceasefire.",
        "as_of": "2025-12-01",
        "as_of_precision": "day",
    }
    refused = analyst_api.post(url, base | {"stance": "conditional"}, format="json")
    assert refused.status_code == 400
    assert "condition" in str(refused.json())
    made = analyst_api.post(
        url, base | {"stance": "conditional", "condition": "A ceasefire first."}, format="json"
    )
    assert made.status_code == 201, made.json()
    again = analyst_api.post(url, base | {"stance": "acceptable"}, format="json")
    assert again.status_code == 400
    assert OptionStance.objects.get(pk=made.json()["id"]).history.first().history_user


def test_anonymous_clients_read_options_but_do_not_write_them(api_client, space):
    assert api_client.get(reverse("api:option-list")).json()["count"] == 2
    response = api_client.post(
        reverse("api:option-list"), {"issue": space["issue"].pk, "title": "X"}, format="json"
    )
    assert response.status_code in (401, 403)
    assert Option.objects.count() == 2


def test_the_stance_list_filters_by_issue_party_and_stance(api_client, space):
    url = reverse("api:optionstance-list")
    listed = api_client.get(url, {"party": space["red"].slug, "stance": "unacceptable"}).json()
    assert listed["count"] == 2
    assert api_client.get(url, {"issue": space["issue"].pk}).json()["count"] == 5
    assert api_client.get(url, {"as_of_after": "2025-06-01"}).json()["count"] == 2


# History and feeds.


def test_a_stance_change_is_in_the_issues_feed(client, space, analyst):
    made = OptionStance(
        option=space["restore"],
        party=space["blue"],
        stance=Stance.ACCEPTABLE,
        stated_position="We could restore it.",
        as_of=D(2025, 12, 3),
        as_of_precision="day",
    )
    record_save(record=made, by=analyst)
    feed = client.get(reverse("negotiations:issue-feed", args=[space["issue"].slug]))
    assert "We could restore it." in feed.content.decode() or str(made) in feed.content.decode()


def test_positions_point_to_the_options_they_concern(api_client, space):
    position = PositionFactory(issue=space["issue"], party=space["red"])
    position.options.add(space["restore"])
    data = api_client.get(reverse("api:position-detail", args=[position.pk])).json()
    assert [o["id"] for o in data["options"]] == [space["restore"].pk]


# The shipped data: only what the article states.


def test_the_shipped_matrix_is_what_the_article_states(article):
    territories = issue_matrix(issue=StickingIssue.objects.get(slug="occupied-territories"))
    assert cells(territories) == {
        ("Recognition of Russia’s declared annexations", "Russia"): Stance.ACCEPTABLE,
        ("Recognition of Russia’s declared annexations", "Ukraine"): Stance.UNACCEPTABLE,
        ("Restoring all of Ukraine’s internationally recognized borders", "Russia"): (
            Stance.UNACCEPTABLE
        ),
        ("Restoring all of Ukraine’s internationally recognized borders", "Ukraine"): (
            Stance.ACCEPTABLE
        ),
    }
    assert territories.open_rows == []
    security = issue_matrix(issue=StickingIssue.objects.get(slug="security-guarantees"))
    # The United States has a position on the issue but no stance the article gives.
    assert {value for (_, party), value in cells(security).items() if party == "United States"} == {
        Stance.UNKNOWN
    }
    for record in OptionStance.objects.all():
        (citation,) = record.citations.all()
        assert citation.excerpt
        # What the article does not date stays undated, except Ukraine's "remains steadfast".
        assert record.as_of in (None, D(2025, 12, 1))


# Imports: an analyst's spreadsheet of stances, each backed by its excerpt.


def test_an_imported_stance_cites_its_excerpt_once(article):
    run("option-stances", str(DATA / "option-stances.csv"))
    run("option-stances", str(DATA / "option-stances.json"))
    imported = OptionStance.objects.get(party__slug="united-states", as_of=D(2025, 12, 2))
    assert imported.option.title == "Restoring all of Ukraine’s internationally recognized borders"
    assert imported.condition == "Test: after a ceasefire."
    (citation,) = imported.citations.all()
    assert citation.excerpt == "aligns with international law regarding territorial integrity"
    assert (citation.attribution, citation.credibility) == ("inference", "4")
    undated = OptionStance.objects.get(party__slug="united-states", as_of=None)
    assert undated.citations.count() == 0


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"option": "Freeze the line"}, "No option 'Freeze the line' on issue"),
        ({"excerpt": ""}, "Give the source and its excerpt together, or neither."),
        ({"source": "Another paper"}, "No source titled 'Another paper'"),
        ({"attribution": "rumour"}, "not a valid choice"),
    ],
)
def test_a_bad_stance_row_is_refused_with_its_reason_and_nothing_written(article, cells, reason):
    dataset = load_dataset(path=DATA / "option-stances.csv", file_format="csv")
    row = dict(zip(dataset.headers, dataset[0], strict=True)) | cells
    dataset[0] = [row[header] for header in dataset.headers]
    before = (OptionStance.objects.count(), Citation.objects.count())
    report = import_rows(
        resource=RESOURCES["option-stances"],
        dataset=dataset,
        dry_run=False,
        user=None,
        source_name="x",
    )
    assert not report.ok
    assert reason in " ".join(report.rejected[0].reasons)
    assert (OptionStance.objects.count(), Citation.objects.count()) == before
