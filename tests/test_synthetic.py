"""`manage.py generate_synthetic`: counts that scale, same seed same data, valid records."""

import hashlib
import io
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations import models as m
from negotiations.models import Position
from negotiations.models.kinds import tracked_models
from negotiations.services.timeline import timeline_differences
from negotiations.synthetic.generate import counts_for

SCALE = 0.002
pytestmark = pytest.mark.django_db(transaction=True)


def run(scale: float = SCALE, seed: int = 7, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "generate_synthetic",
        "--scale",
        str(scale),
        "--seed",
        str(seed),
        "--batch-size",
        "97",  # small batches, so several flushes happen even at a tiny scale
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def digest() -> str:
    """A hash of a few tables' contents, in id order (content types by name: a flush renumbers
    them)."""
    sha = hashlib.sha256()
    models = (m.Meeting, m.DelegationMember, m.FrameworkPoint, m.PointLineage, m.Option)
    for model in (*models, m.OptionStance, Position.options.through, m.Citation):
        names = [f.attname for f in model._meta.concrete_fields if f.name != "content_type"]
        if model is m.Citation:
            names.append("content_type__model")
        for row in model.objects.order_by("pk").values_list(*names):
            sha.update(repr(row).encode())
    return sha.hexdigest()


def test_counts_scale_as_designed():
    run()
    expected = counts_for(SCALE)
    assert m.Meeting.objects.count() == expected["meeting"] == 100
    # ... and one more citation for each competing account.
    assert m.Citation.objects.count() == expected["citation"] + m.Account.objects.count()
    assert expected["citation"] == 1_000
    assert m.Statement.objects.count() == expected["statement"]
    assert m.FrameworkVersion.objects.count() == expected["version"]
    # Derived tables follow their parents: ~2 delegations a meeting, ~3 members a delegation.
    assert 1.6 < m.Delegation.objects.count() / 100 < 2.4
    assert 2.4 < m.DelegationMember.objects.count() / m.Delegation.objects.count() < 3.1
    assert 20 <= m.FrameworkPoint.objects.count() / expected["version"] <= 60
    assert m.PointLineage.objects.exists()


def test_same_seed_gives_same_data():
    run(seed=3)
    first = digest()
    call_command("flush", "--no-input", verbosity=0)
    run(seed=3)
    assert digest() == first
    call_command("flush", "--no-input", verbosity=0)
    run(seed=4)
    assert digest() != first


def test_generated_records_are_valid():
    run()
    for model in tracked_models():
        for record in model.objects.order_by("?")[:25]:
            record.full_clean()
    # Every delegation has exactly one head; versions of a framework form a chain.
    assert not m.Delegation.objects.exclude(memberships__role="head").exists()
    for version in m.FrameworkVersion.objects.filter(supersedes__isnull=False)[:10]:
        assert version.supersedes.framework_id == version.framework_id
    precisions = set(m.Meeting.objects.values_list("date_precision", flat=True))
    assert "day" in precisions
    assert len(precisions) >= 2
    # Graded as a desk would: mostly judged, some not (F, 6); "confirmed" notes are grade 1.
    credibility = set(m.Citation.objects.values_list("credibility", flat=True))
    assert {"1", "2", "3", "6"} <= credibility
    assert not m.Citation.objects.filter(note__startswith="Confirmed").exclude(credibility="1")
    assert len(set(m.Source.objects.values_list("reliability", flat=True))) >= 2


def test_issues_have_options_and_stances_that_move():
    run(0.01)
    issues = m.StickingIssue.objects.count()
    per_issue = Counter(m.Option.objects.values_list("issue_id", flat=True))
    assert len(per_issue) == issues
    assert set(per_issue.values()) <= set(range(2, 7))
    assert m.Option.points.through.objects.exists()
    assert m.Option.objects.filter(points__isnull=True).exists()
    # Every row is valid, conditional ones (and only those) state their condition.
    for record in (*m.Option.objects.all(), *m.OptionStance.objects.all()):
        record.full_clean()
    stances = m.OptionStance.objects
    assert not stances.filter(stance="conditional", condition="").exists()
    assert not stances.exclude(stance="conditional").exclude(condition="").exists()
    assert set(stances.values_list("stance", flat=True)) == set(m.OptionStance.Stance.values)
    # The bulk inserts bypass the write path; the rebuild at the end puts them on the timeline.
    on_timeline = m.TimelineEntry.objects.filter(kind="optionstance")
    assert on_timeline.count() == stances.count()
    assert m.TimelineParty.objects.filter(entry__kind="optionstance").count() == stances.count()
    assert timeline_differences() == []
    assert {"day", "unknown"} <= set(stances.values_list("as_of_precision", flat=True))
    # Two to five parties an option; histories of one to four stances, at distinct dates.
    histories = defaultdict(list)
    for option, party, stance, as_of in stances.order_by("as_of").values_list(
        "option_id", "party_id", "stance", "as_of"
    ):
        histories[option, party].append((stance, as_of))
    parties = Counter(option for option, _ in histories)
    assert set(parties.values()) <= set(range(2, 6))
    assert {len(history) for history in histories.values()} == {1, 2, 3, 4}
    moved = [h for h in histories.values() if len({stance for stance, _ in h}) > 1]
    assert len(moved) > len(histories) / 3
    for history in histories.values():
        dates = [as_of for _, as_of in history]
        assert dates.count(None) <= 1
        assert len(set(dates)) == len(dates)
    # Positions name options of their own issue.
    links = Position.options.through.objects.select_related("position", "option")
    assert links.exists()
    assert all(link.position.issue_id == link.option.issue_id for link in links)
    # The matrix of a generated issue: its options by the parties with stances or positions.
    from negotiations.space.selectors import issue_matrix

    issue = m.StickingIssue.objects.order_by("pk").first()
    matrix = issue_matrix(issue=issue)
    assert len(matrix.rows) == per_issue[issue.pk]
    assert matrix.stances
    held = {*stances.filter(option__issue=issue).values_list("party_id", flat=True)}
    held |= {*issue.positions.values_list("party_id", flat=True)}
    assert [party.pk for party in matrix.parties] == [
        party.pk for party in sorted(m.Party.objects.filter(pk__in=held), key=lambda p: p.name)
    ]
    assert {"option", "optionstance"} <= set(
        m.Citation.objects.values_list("content_type__model", flat=True)
    )


def test_some_facts_are_disputed_by_two_to_four_accounts():
    run(0.01)
    rows = list(m.Account.objects.disputes())
    meetings = {row["object_id"] for row in rows if row["field"] in ("date", "duration_minutes")}
    # A few per cent of the meetings (3.5 in a hundred drawn, some undated ones left out).
    assert 0.01 < len(meetings) / m.Meeting.objects.count() < 0.06
    assert {row["field"] for row in rows} == {"date", "duration_minutes", "stance"}
    assert {row["accounts"] for row in rows} <= {2, 3, 4}
    # A settled dispute accepted the account that gives the record's own value.
    settled = m.Account.objects.filter(accepted_at__isnull=False).select_related("content_type")
    assert settled.exists()
    for account in settled:
        assert account.fact.of_record(account.record) == account.value


def test_each_record_has_one_creation_entry_with_its_links():
    run()
    for model in tracked_models():
        history = model.history.model
        assert history.objects.count() == model.objects.count(), model
        assert set(history.objects.values_list("history_type", flat=True)) <= {"+"}
        assert (
            history.objects.filter(history_change_reason="Synthetic data (seed 7)").count()
            == model.objects.count()
        )
    development = m.Development.objects.filter(parties__isnull=False).first()
    entry = development.history.get()
    assert {link.party_id for link in entry.parties.all()} == set(
        development.parties.values_list("pk", flat=True)
    )
    assert entry.history_date == development.created_at


def test_search_finds_a_generated_point(client):
    run()
    point = m.FrameworkPoint.objects.order_by("pk").first()
    word = point.title.split()[0]
    response = client.get("/api/v1/points/", {"search": word, "page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] >= 1
    assert m.SearchDocument.objects.count() > m.Citation.objects.count()


def test_search_and_matrix_answer_on_generated_options(client):
    run()
    option = m.Option.objects.order_by("pk").first()
    stance = m.OptionStance.objects.filter(stance="conditional").order_by("pk").first()
    found = client.get("/api/v1/options/", {"search": option.title.split()[-1]}).json()
    assert option.pk in {row["id"] for row in found["results"]}
    found = client.get("/api/v1/option-stances/", {"search": stance.condition.split()[0]})
    assert found.json()["count"] >= 1
    matrix = client.get(f"/api/v1/sticking-issues/{option.issue_id}/matrix/")
    assert matrix.status_code == 200
    assert client.get(option.issue.get_absolute_url()).status_code == 200


def test_the_matrix_costs_a_fixed_number_of_queries_for_any_issue(client):
    """The issue, its options with their citations, points, versions and frameworks, the
    parties, then the stances and their citations (for `since` too): never a query per
    stance."""
    run()
    bounds = {"": 9, "?since=2015-01-01": 9}
    for issue in m.StickingIssue.objects.all():
        for query, bound in bounds.items():
            path = f"/api/v1/sticking-issues/{issue.pk}/matrix/{query}"
            client.get(path)  # the content types' cache, warm
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            assert len(queries) <= bound, (path, len(queries))


@pytest.mark.parametrize("path", ["/api/v1/timeline/", "/api/v1/meetings/", "/timeline/"])
def test_pages_answer_on_generated_data(client, path):
    run()
    assert client.get(path).status_code == 200


def test_refuses_a_database_that_holds_records():
    m.Party.objects.create(name="Ukraine", kind="state", slug="ukraine")
    with pytest.raises(CommandError, match="already holds"):
        run()
    assert m.Meeting.objects.count() == 0
    run(SCALE, 7, "--force")
    assert m.Meeting.objects.count() == 100


def test_progress_is_reported_with_rates():
    err = io.StringIO()
    call_command("generate_synthetic", "--scale", "0.001", stdout=io.StringIO(), stderr=err)
    assert "rows/s" in err.getvalue()
    assert "meetings" in err.getvalue()


@pytest.mark.parametrize("scale", ["0", "-1", "abc"])
def test_bad_scale_is_refused(scale):
    with pytest.raises(CommandError):
        call_command("generate_synthetic", "--scale", scale)


def test_sequences_continue_after_the_generated_ids():
    run()
    top = m.Meeting.objects.order_by("-pk").first().pk
    party = m.Party.objects.create(name="New party", kind="state", slug="new-party-x")
    assert party.pk > 0
    created = m.Meeting.objects.create(title="After", slug="after-x")
    assert created.pk > top
    if connection.vendor == "postgresql":
        assert m.Meeting.history.model.objects.filter(id=created.pk).exists()
