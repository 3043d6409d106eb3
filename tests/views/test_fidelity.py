"""Issue 15: the article's facts are on the pages an analyst reads, hedged as the article is,
and the page defects an analyst stumbled on stay fixed."""

import datetime
import html
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from negotiations.models import Meeting
from tests import factories as f

COMPARE = "/frameworks/us-peace-framework/compare/28-point-draft/19-point-revision/"
FLORIDA = "/meetings/florida-talks/"
FRAMEWORK = "/frameworks/us-peace-framework/"


def text_of(response) -> str:
    """The page's words, tags dropped and entities decoded, so a phrase split by markup or
    written as an entity still matches."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


# (page, phrase of the article it must show): the seven facts no page showed before.
FACTS = [
    (COMPARE, "initially criticized for being too favorable to Russian demands"),
    (FRAMEWORK, "initially criticized for being too favorable to Russian demands"),
    (COMPARE, "safeguards Ukrainian interests and aligns with international law"),
    (COMPARE, "the US has managed to address many of Ukraine’s qualms"),
    (FLORIDA, "expressed appreciation for the intensified American engagement"),
    (FLORIDA, "deep public and political wariness"),
    (FLORIDA, "not simply a truce that freezes the conflict"),
    (FLORIDA, "a durable peace"),
    (FLORIDA, "massive investment for post-conflict reconstruction"),
    (FLORIDA, "his son-in-law, Jared Kushner"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "phrase"), FACTS)
def test_the_articles_facts_are_on_the_page_an_analyst_reads(url, phrase, article, client):
    assert phrase in text_of(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", FRAMEWORK, COMPARE])
def test_a_reported_point_count_keeps_its_hedge(url, article, client):
    page = text_of(client.get(url))
    assert "reportedly 19 points" in page
    assert "of 19 points" not in page


@pytest.mark.django_db
def test_unnumbered_points_do_not_read_as_point_one(article, client):
    page = client.get(FRAMEWORK).content.decode()
    points = page[page.index('id="version-28-point-draft"') :]
    # An <ol> would number the first point "1." although the sources give no number.
    assert "<ol" not in page
    assert "(number not reported)" in points


@pytest.mark.django_db
def test_each_point_shows_its_citations_and_their_attribution(article, client):
    response = client.get(FRAMEWORK)
    page = response.content.decode()
    fund = page[page.index("Ukraine Development Fund") :]
    fund = fund[: fund.index("</li>")]
    assert "Sources for this point (1: reported)" in fund
    assert "A key measure reportedly included in the revised framework" in html.unescape(fund)


@pytest.mark.django_db
def test_statement_context_keeps_its_capitals(article, client):
    page = text_of(client.get(FLORIDA))
    assert "A message aimed at both Washington and his domestic audience" in page
    assert "washington" not in page


# --- A scheduled meeting whose date has passed --------------------------------------------

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    monkeypatch.setattr("negotiations.exports.views.today", lambda: TODAY)


@pytest.mark.parametrize(
    ("status", "date", "precision", "end_date", "passed"),
    [
        ("scheduled", datetime.date(2026, 3, 9), "day", None, True),
        ("scheduled", datetime.date(2026, 3, 10), "day", None, False),  # today: not yet over
        ("scheduled", datetime.date(2026, 3, 4), "week", None, False),  # week ends 10 March
        ("scheduled", datetime.date(2026, 3, 3), "week", None, True),
        ("scheduled", datetime.date(2026, 3, 1), "month", None, False),  # March is not over
        ("scheduled", datetime.date(2026, 2, 1), "month", None, True),
        ("scheduled", datetime.date(2026, 3, 8), "day", datetime.date(2026, 3, 11), False),
        ("scheduled", None, "unknown", None, False),  # no date: nothing to have passed
        ("held", datetime.date(2026, 1, 1), "day", None, False),
        ("postponed", datetime.date(2026, 1, 1), "day", None, False),
    ],
)
def test_date_passed_means_scheduled_and_every_possible_day_over(
    today, status, date, precision, end_date, passed
):
    meeting = Meeting(status=status, date=date, date_precision=precision, end_date=end_date)
    assert meeting.date_passed is passed


@pytest.mark.django_db
def test_a_passed_scheduled_meeting_says_so_on_pages_api_and_calendar(today, client):
    passed = f.MeetingFactory(status="scheduled", date=datetime.date(2026, 3, 1), title="Past")
    f.MeetingFactory(status="scheduled", date=datetime.date(2026, 4, 1), title="Future")
    sign = "Date passed, outcome not recorded"
    home = text_of(client.get("/"))
    assert home.count(sign) == 1
    assert home.index("Past") < home.index(sign) < home.index("Future")
    assert sign in text_of(client.get(passed.get_absolute_url()))
    assert sign in text_of(client.get("/timeline/"))
    meetings = client.get("/api/v1/meetings/").json()["results"]
    assert {m["title"]: m["date_passed"] for m in meetings} == {"Past": True, "Future": False}
    calendar = Calendar.from_ical(b"".join(client.get("/meetings.ics").streaming_content))
    descriptions = {str(e["summary"]): str(e["description"]) for e in calendar.walk("VEVENT")}
    assert descriptions["Past"].startswith(sign)
    assert sign not in descriptions["Future"]


# --- The source page: the article, its cited passages marked --------------------------------


@pytest.mark.django_db
def test_source_page_shows_the_article_with_every_cited_excerpt_marked(article, client):
    from negotiations.models import Citation, Source

    page = client.get("/sources/1/").content.decode()
    text = page[page.index('id="text-heading"') : page.index('id="claims-heading"')]
    # The text comes first, in the open; the claims follow.
    assert "<details" not in text
    # A passage is one or more adjacent marks (cut where the excerpts covering it change).
    plain = re.sub(r"<sup.*?</sup>", "", text, flags=re.S)
    passages = re.findall(r"<mark[^>]*>(.*?)</mark>", re.sub(r"</mark><mark[^>]*>", "", plain))
    passages = [html.unescape(passage) for passage in passages]
    for excerpt in Citation.objects.values_list("excerpt", flat=True):
        assert any(excerpt in passage for passage in passages), excerpt
    # The whole article is there, unmarked words included.
    source = Source.objects.get()
    assert "The world waits anxiously" in html.unescape(re.sub(r"<[^>]+>", "", plain))
    assert len(re.findall(r'href="#citation-\d+"', text)) == source.citations.count()


@pytest.mark.django_db
def test_each_mark_links_its_claims_and_each_claim_links_back(article, client):
    page = client.get("/sources/1/").content.decode()
    for citation in re.findall(r'href="#citation-(\d+)"', page):
        assert f'id="citation-{citation}"' in page
    for passage in re.findall(r'href="#passage-(\d+)"', page):
        assert f'id="passage-{passage}"' in page
    claim = page[page.index('id="citation-') :]
    assert "Meeting" in claim or "Framework version" in claim or "Party" in claim


@pytest.mark.django_db
def test_claims_on_a_later_page_are_linked_with_their_page(client, monkeypatch):
    monkeypatch.setattr("negotiations.views.sources.CLAIMS_PER_PAGE", 2)
    source = f.SourceFactory(text="alpha beta gamma delta")
    for word in ("delta", "alpha", "gamma"):
        f.CitationFactory(source=source, excerpt=word)
    page = client.get(source.get_absolute_url()).content.decode()
    # Text order: alpha (1), gamma (2) on this page, delta (3) on page 2.
    links = re.findall(r'<a href="([^"]*)" aria-label="claim (\d)"', page)
    assert [number for _, number in links] == ["1", "2", "3"]
    assert links[2][0].startswith("?page=2#citation-")
    assert client.get(source.get_absolute_url() + "?page=2").content.decode().count("<li id=") == 1


@pytest.mark.django_db
def test_an_excerpt_the_text_no_longer_holds_is_listed_with_its_words(client):
    from negotiations.models import Citation

    source = f.SourceFactory(text="alpha beta")
    f.CitationFactory(source=source, excerpt="alpha")
    Citation.objects.bulk_create(
        [Citation(source=source, excerpt="omega", content_object=f.PartyFactory())]
    )
    page = client.get(source.get_absolute_url()).content.decode()
    assert "1 quotes an excerpt the text no longer holds" in page
    assert "<blockquote>omega</blockquote>" in page
