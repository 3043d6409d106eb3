"""The analysts' pages: what they show from the article, pinned queries, escaping, 404s."""

import html
import re

import pytest
from django.urls import reverse

from negotiations.models import Position
from tests import factories as f

COMPARE = "/frameworks/us-peace-framework/compare/28-point-draft/19-point-revision/"

# (url, queries as an anonymous visitor on the article's data, text the page must show).
# Counts are fixed per page: related rows come in one query per kind, never one per row
# (the source page: one per kind of cited record).
PAGES = [
    # The home page shows each framework's version still in force: the 19-point revision.
    ("/", 6, ["US–Ukraine talks in Florida", "1 of reportedly 19 points known", "Witkoff’s visit"]),
    # One query per kind of record on the page: meetings (with delegations), developments
    # (without their parties, which the page does not show), statements, stances (with party,
    # option and issue).
    (
        "/timeline/",
        7,
        ["Date not reported", "week of 1 Dec 2025", "Geneva talks", "Unacceptable (a red line)"],
    ),
    (
        "/meetings/florida-talks/",
        8,
        ["4 hours", "Marco Rubio", "Jared Kushner", "productive", "Order in the process"],
    ),
    ("/people/marco-rubio/", 7, ["Secretary of State", "US–Ukraine talks in Florida"]),
    ("/parties/ukraine/", 6, ["Rustem Umerov", "Future status of occupied territories"]),
    ("/frameworks/us-peace-framework/", 7, ["28-point draft", "Ukraine Development Fund"]),
    (COMPARE, 4, ["26 points not yet known", "18 points not yet known"]),
    ("/issues/", 7, ["Unclear", "Opposes", "Supports", "Russia", "None of 2 options"]),
    (
        "/issues/security-guarantees/",
        16,
        ["Supports", "concrete long-term security", "No open ground", "Unknown"],
    ),
    (
        "/issues/occupied-territories/matrix/?since=2025-11-01",
        5,
        ["No open ground", "Recognition of Russia’s declared annexations", "First stated"],
    ),
    ("/search/?q=Rubio", 18, ["<mark>Rubio</mark>", "Marco"]),
    ("/sources/1/", 18, ["four-hour session", "Anonymous sources"]),
    # The article is the only source: it disputes nothing.
    ("/disputes/", 2, ["Disputed facts", "No disputed facts"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "queries", "texts"), PAGES, ids=[p[0] for p in PAGES])
def test_page_shows_the_article_with_pinned_queries(
    url, queries, texts, article, client, django_assert_num_queries
):
    client.get(url)  # warm the per-process content-type cache
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in texts:
        assert text in page, text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/meetings/no-such-meeting/",
        "/people/nobody/",
        "/parties/nowhere/",
        "/frameworks/none/",
        "/frameworks/us-peace-framework/compare/19-point-revision/nothing/",
        "/issues/none/",
        "/sources/999/",
    ],
)
def test_missing_records_get_the_404_page(url, article, client):
    response = client.get(url)
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


@pytest.mark.django_db
def test_dates_print_at_their_precision(article, client):
    page = client.get("/meetings/moscow-visit/").content.decode()
    assert "week of 1 Dec 2025" in page
    assert "2025-12-01" not in page
    assert "not reported" in client.get("/meetings/geneva-talks/").content.decode()


@pytest.mark.django_db
def test_meeting_page_links_its_neighbours_in_the_process(article, client):
    page = client.get("/meetings/florida-talks/").content.decode()
    assert 'rel="prev" href="/meetings/geneva-talks/"' in page
    assert 'rel="next" href="/meetings/moscow-visit/"' in page


@pytest.mark.django_db
def test_timeline_filters_narrow_the_list_and_live_in_the_url(article, client):
    everything = sum(len(items) for _, items in client.get("/timeline/").context["months"])
    russia = client.get("/timeline/", {"party": 3, "kind": "meeting"})
    entries = [item["entry"] for _, items in russia.context["months"] for item in items]
    assert 0 < len(entries) < everything
    assert {entry.kind for entry in entries} == {"meeting"}
    assert '<option value="russia" selected>' in russia.content.decode()  # by slug, asked by id


@pytest.mark.django_db
def test_timeline_with_bad_filters_says_so_instead_of_failing(article, client):
    response = client.get("/timeline/", {"date_after": "2025-13-45"})
    assert response.status_code == 400
    assert "could not be used" in response.content.decode()
    assert "date_after: Enter a valid date." in response.content.decode()


@pytest.mark.django_db
def test_timeline_paginates(client):
    f.DevelopmentFactory.create_batch(55)
    first = client.get("/timeline/")
    assert len([i for _, items in first.context["months"] for i in items]) == 50
    assert "after=" in first.content.decode()
    assert "Earlier" not in first.content.decode()


def timeline_titles(response) -> list[str]:
    return [item["entry"].title for _, items in response.context["months"] for item in items]


def link(response, rel: str) -> str:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


@pytest.mark.django_db
def test_timeline_pages_by_key_later_and_back_with_the_filters_kept(client):
    party = f.PartyFactory()
    f.DevelopmentFactory.create_batch(120, parties=[party])
    f.DevelopmentFactory.create_batch(5)  # not the party's
    first = client.get("/timeline/", {"party": party.pk})
    second = client.get("/timeline/" + link(first, "next"))
    third = client.get("/timeline/" + link(second, "next"))
    back = client.get("/timeline/" + link(third, "prev"))

    walked = timeline_titles(first) + timeline_titles(second) + timeline_titles(third)
    assert len(walked) == len(set(walked)) == 120
    assert f"party={party.pk}" in link(second, "next")
    assert link(third, "next") == ""
    assert timeline_titles(back) == timeline_titles(second)
    assert timeline_titles(client.get("/timeline/" + link(back, "prev"))) == timeline_titles(first)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"after": "x"}, {"before": "2025-01-01"}, {"page": "2"}, {"after": "k", "before": "k"}],
)
def test_timeline_refuses_a_page_key_it_did_not_give(client, query):
    assert client.get("/timeline/", query).status_code == 400


@pytest.mark.django_db
def test_issue_board_pages_through_issues(client):
    f.StickingIssueFactory.create_batch(30)

    first = client.get("/issues/")
    second = client.get("/issues/", {"page": 2})

    assert len(first.context["rows"]) == 25
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert len(second.context["rows"]) == 5
    assert "Page 2 of 2 (30 issues)" in second.content.decode()
    assert client.get("/issues/", {"page": "x"}).status_code == 400


@pytest.mark.django_db
def test_issue_board_shows_each_partys_latest_stance(article, client):
    issue = Position.objects.get(pk=2).issue
    f.PositionFactory(
        party_id=2, issue=issue, stance="conditional", as_of="2026-01-15", as_of_precision="day"
    )
    rows = {row["issue"].slug: row for row in client.get("/issues/").context["rows"]}
    parties = client.get("/issues/").context["parties"]
    ukraine = [p.slug for p in parties].index("ukraine")
    assert rows["occupied-territories"]["cells"][ukraine].stance == "conditional"


@pytest.mark.django_db
def test_user_text_is_escaped_everywhere(client):
    meeting = f.MeetingFactory(title="<script>alert(1)</script>", summary="<b>bold</b>")
    f.StatementFactory(meeting=meeting, text="<img src=x onerror=alert(1)>")
    for url in (meeting.get_absolute_url(), "/timeline/", "/search/?q=script"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page, url
        assert "<img src=x" not in page, url


@pytest.mark.django_db
def test_record_pages_link_json_and_admin_only_for_analysts(article, client, analyst):
    page = client.get("/meetings/florida-talks/").content.decode()
    assert 'href="/api/v1/meetings/2/"' in page
    assert "/admin/negotiations/meeting/2/change/" not in page
    client.force_login(analyst)
    page = client.get("/meetings/florida-talks/").content.decode()
    assert "/admin/negotiations/meeting/2/change/" in page


@pytest.mark.django_db
def test_every_record_has_a_page_that_answers(article, client):
    from negotiations.models.kinds import tracked_models

    for model in tracked_models():
        for record in model.objects.all():
            url = record.get_absolute_url().split("#")[0]
            assert client.get(url).status_code == 200, (model, record.pk, url)


@pytest.mark.django_db
def test_search_groups_results_by_kind(article, client):
    response = client.get(reverse("negotiations:search"), {"q": "sovereign"})
    groups = {group["label"]: group["results"] for group in response.context["groups"]}
    assert {statement.pk for statement in groups["Statements"]} == {1, 2}
    assert groups["Meetings"] == []


def more_timeline():
    f.DelegationFactory(meeting=f.MeetingFactory(title="Round x"))
    f.DevelopmentFactory(parties=[f.PartyFactory()])
    f.StatementFactory()
    f.OptionStanceFactory()


def more_positions():
    issue = f.StickingIssueFactory()
    f.CitationFactory(content_object=f.PositionFactory(issue=issue), source_id=1)


GROWING = [
    ("/", lambda: f.MeetingFactory(status="scheduled")),
    ("/timeline/", more_timeline),
    ("/issues/", more_positions),
    ("/sources/1/", lambda: f.CitationFactory(content_object=f.RoleFactory(), source_id=1)),
    ("/search/?q=Round", lambda: f.MeetingFactory(title="Round x")),
    ("/frameworks/us-peace-framework/", lambda: f.FrameworkPointFactory(version_id=2, number=None)),
    ("/meetings/florida-talks/", lambda: f.DelegationMemberFactory(delegation_id=1)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "make"), GROWING, ids=[g[0] for g in GROWING])
def test_page_queries_do_not_grow_with_rows(url, make, article, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(5):
        make()
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after) == len(before)


@pytest.mark.django_db
def test_timeline_groups_undated_rounds_before_the_next_dated_one(article, client):
    months = [month for month, _ in client.get("/timeline/").context["months"]]
    assert months == [
        "By December 2025 (dates not reported)",
        "December 2025",
        "Date not reported",
    ]


@pytest.mark.django_db
def test_timeline_links_its_calendar_and_csv_with_its_filters(article, client):
    page = client.get("/timeline/", {"party": 3, "kind": "meeting"})
    body = page.content.decode()

    calendar = re.search(r'href="(/meetings\.ics[^"]*)"', body).group(1)
    download = html.unescape(
        re.search(r'href="(/api/v1/timeline/\?format=csv[^"]*)"', body).group(1)
    )
    assert calendar == "/meetings.ics?party=3"
    assert "party=3" in download
    assert "kind=meeting" in download
    csv = client.get(download)
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    rows = b"".join(csv.streaming_content).decode().splitlines()
    assert len(rows) - 1 == sum(len(items) for _, items in page.context["months"])
    assert client.get(calendar).status_code == 200


@pytest.mark.django_db
def test_the_unfiltered_timeline_links_the_whole_calendar(article, client):
    body = client.get("/timeline/").content.decode()
    assert 'href="/meetings.ics"' in body
